from django.urls import path

from openita.web.coordination import views

app_name = "coordination"

urlpatterns = [
    path("", views.table, name="table"),
    path("export.xlsx", views.export_xlsx, name="export"),
]
