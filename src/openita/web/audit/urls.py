from django.urls import path

from openita.web.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.agency_log, name="agency_log"),
]
