"""The public OIT disclosure page of an agency, under ``/p/<code>/<year>/`` (no login)."""

from django.urls import path

from openita.web.oit import views

app_name = "oit_public"

urlpatterns = [
    path("oit/", views.public, name="page"),
    path("oit.json", views.public_feed, name="feed"),
    path("oit/embed/", views.public_embed, name="embed"),
    path("oit/files/<int:pk>/", views.public_file, name="file"),
    # ``year`` is the document's own year: the address stays as the document is updated.
    path("documents/<str:kind>.pdf", views.public_document, name="document"),
]
