"""The assessor's own page: the agencies and years assigned to them (``/reviews/``)."""

from django.urls import path

from openita.web.oit import review_views

app_name = "oit_review"

urlpatterns = [path("", review_views.mine, name="mine")]
