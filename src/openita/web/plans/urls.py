"""Plan pages, under ``/a/<code>/plan/`` (every URL has the agency ``code``)."""

from django.urls import path

from openita.web.plans import evidence_views, measure_views, views

app_name = "plans"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("draft/", views.draft, name="draft"),
    path("export.yaml", views.export, name="export"),
    path("import/", views.import_plan, name="import"),
    path("progress-report.<str:fmt>", views.progress_report, name="progress_report"),
    path("sections/<int:section_pk>/measures/add/", measure_views.measure_add, name="measure_add"),
    path("measures/<int:pk>/", measure_views.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/edit/", measure_views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/progress/", measure_views.measure_progress, name="measure_progress"),
    path("measures/<int:pk>/delete/", measure_views.measure_delete, name="measure_delete"),
    path("measures/<int:pk>/evidence/", evidence_views.evidence_add, name="evidence_add"),
    path("measures/<int:pk>/comments/", measure_views.comment_add, name="comment_add"),
    path("evidence/<int:pk>/file/", evidence_views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/delete/", evidence_views.evidence_delete, name="evidence_delete"),
]
