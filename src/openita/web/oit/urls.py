"""OIT workspace pages, under ``/a/<code>/oit/<year>/``."""

from django.urls import path

from openita.web.oit import views

app_name = "oit"

urlpatterns = [
    path("<int:year>/", views.checklist, name="checklist"),
    path("<int:year>/items/<str:item>/links/", views.link_add, name="link_add"),
    path("<int:year>/items/<str:item>/state/", views.item_state, name="item_state"),
    path("<int:year>/links/<int:pk>/delete/", views.link_delete, name="link_delete"),
    path("<int:year>/items/<str:item>/files/", views.file_add, name="file_add"),
    path("<int:year>/files/<int:pk>/", views.file_download, name="file"),
    path("<int:year>/files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    path("<int:year>/items/<str:item>/document/", views.document_attach, name="document_attach"),
    path("<int:year>/documents/<int:pk>/delete/", views.document_detach, name="document_detach"),
    path("<int:year>/items/<str:item>/history/", views.item_history, name="item_history"),
    path("<int:year>/check/", views.check_start, name="check_start"),
    path("<int:year>/check/<int:pk>/cancel/", views.check_cancel, name="check_cancel"),
]
