"""Agency result pages under ``/a/<code>/`` (the project urls add the prefix)."""

from django.urls import path, register_converter

from openita.web.assessments import templates_download, version_views, views


class ReportFormat:
    """``docx`` or ``pdf``: the formats :func:`openita.web.assessments.reporting.render` makes."""

    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportFormat, "report_format")

app_name = "assessments"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:year>/whatif/", views.whatif, name="whatif"),
    path("upload/", views.upload, name="upload"),
    path("upload/confirm/", views.upload_confirm, name="upload_confirm"),
    path("upload/paste/", views.paste, name="paste"),
    path("upload/template.<str:fmt>", templates_download.result_template, name="template"),
    path("enter/", views.enter, name="enter"),
    path("<int:year>/report.<report_format:fmt>/", views.report, name="report"),
    path("<int:year>/versions/", version_views.version_list, name="versions"),
    path("<int:year>/versions/compare/", version_views.version_compare, name="versions_compare"),
    path(
        "<int:year>/versions/<int:number>/restore/",
        version_views.version_restore,
        name="version_restore",
    ),
    path("<int:year>/versions/<int:number>/file", version_views.version_file, name="version_file"),
]
