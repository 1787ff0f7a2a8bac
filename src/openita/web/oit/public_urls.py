"""The public OIT disclosure page of an agency, under ``/p/<code>/<year>/`` (no login)."""

from django.urls import path

from openita.web.oit import views

app_name = "oit_public"

urlpatterns = [
    path("oit/", views.public, name="page"),
    path("oit.json", views.public_feed, name="feed"),
    path("oit/embed/", views.public_embed, name="embed"),
]
