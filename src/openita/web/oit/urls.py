"""OIT workspace pages, under ``/a/<code>/oit/<year>/``."""

from django.urls import path

from openita.web.oit import review_views, views

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
    # the assessor's review and the clarification round (docs/oit.md)
    path("<int:year>/review/", review_views.batch, name="review"),
    path("<int:year>/review/<str:item>/", review_views.save, name="review_save"),
    path("<int:year>/items/<str:item>/contest/", review_views.contest, name="contest"),
    path("<int:year>/contests/<int:pk>/decide/", review_views.decide, name="contest_decide"),
]
