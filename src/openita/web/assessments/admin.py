"""Site administration of results (read-only, deletable), their versions (read-only) and
frameworks (loaded from files).

Results are added only through the upload pages, which check the file and show a preview
(issue 6); the admin lists them, lets an administrator download the stored file and delete a
wrong one, but never edits a score by hand. Versions are the history of every save (who,
when, from which file): the admin lists them per agency and year and never adds, changes or
deletes one (restoring is the versions page's, audit-logged). Framework rows mirror the data
files and are (re)written only by "load frameworks from the data files" (:mod:`.frameworks`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from openita.errors import InputError, Problem
from openita.limits import size_text
from openita.web.admin_dates import ThaiDatesAdmin
from openita.web.assessments.forms import FrameworkUploadForm
from openita.web.assessments.frameworks import (
    MAX_UPLOAD_BYTES,
    Installed,
    install_uploaded_framework,
    load_frameworks,
)
from openita.web.assessments.models import Framework, Result, ResultVersion
from openita.web.audit.sentences import file_name

CONTENT_TYPES = {
    ".json": "application/json",
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class StoredFileAdmin(ThaiDatesAdmin[Any]):
    """A row that keeps the uploaded file (``source``, ``source_name``): a link to download it
    by its own name, through an admin URL that checks the administrator may view the row."""

    def _download_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_download"

    @admin.display(description=_("stored file"))
    def stored_file(self, obj: Any) -> str:
        url = reverse(f"admin:{self._download_name()}", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.source_name)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.download_view)
        extra = [path("<int:pk>/download/", view, name=self._download_name())]
        return extra + super().get_urls()

    def download_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = get_object_or_404(self.model, pk=pk)
        if not self.has_view_permission(request, row):
            raise Http404("no such file")
        return _download(row.source_name, bytes(row.source), f"result-{row.fiscal_year}.json")


@admin.register(Result)
class ResultAdmin(StoredFileAdmin):
    list_display = ("agency", "fiscal_year", "overall", "level", "uploaded_at", "uploaded_by")
    list_select_related = ("agency", "uploaded_by")
    list_filter = ("fiscal_year", "level", "published_only")
    search_fields = ("agency__name", "agency__code")
    ordering = ("agency__name", "-fiscal_year")
    fields = (
        "agency",
        "fiscal_year",
        "overall",
        "level",
        "iit",
        "eit",
        "oit",
        "computed_overall",
        "published_only",
        "findings",
        "source_name",
        "sha256",
        "stored_file",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _download(name: str, data: bytes, fallback: str) -> HttpResponse:
    """A stored file as an attachment, by its own name (never a server path)."""
    name = name or fallback
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    response = HttpResponse(
        data, content_type=CONTENT_TYPES.get(suffix, "application/octet-stream")
    )
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@admin.register(ResultVersion)
class ResultVersionAdmin(StoredFileAdmin):
    """Every version of every result, read-only: who saved it, when, from which file."""

    list_display = (
        "agency",
        "fiscal_year",
        "number",
        "kind",
        "overall",
        "level",
        "source_name",
        "created_by",
        "created_at",
    )
    list_display_links = ("agency", "fiscal_year", "number")
    list_select_related = ("agency", "created_by")
    list_filter = ("fiscal_year", "kind")
    search_fields = ("agency__name", "agency__code", "source_name")
    ordering = ("agency__name", "-fiscal_year", "-number")
    fields = (
        "agency",
        "fiscal_year",
        "number",
        "kind",
        "based_on",
        "overall",
        "level",
        "published_only",
        "source_name",
        "sha256",
        "stored_file",
        "created_by",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the history of a result is kept whole


@admin.register(Framework)
class FrameworkAdmin(ThaiDatesAdmin[Framework]):
    list_display = (
        "fiscal_year",
        "kind",
        "title",
        "indicators",
        "questions",
        "data_file",
        "short_sha256",
        "loaded_at",
    )
    readonly_fields = (
        "fiscal_year",
        "kind",
        "title",
        "data_file",
        "sha256",
        "indicators",
        "questions",
        "loaded_at",
    )
    fields = readonly_fields  # not source_file: where the package lies on the server
    actions = ["load_from_data_files"]
    change_list_template = "assessments/admin/framework_change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_load_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perms(["assessments.add_framework", "assessments.change_framework"])

    @admin.display(description=_("SHA-256 of the file"))
    def short_sha256(self, obj: Framework) -> str:
        return obj.sha256[:12]

    @admin.display(description=_("data file"), ordering="source_file")
    def data_file(self, obj: Framework) -> str:
        """The file's name (ita-2568.yaml), not where the package is installed on the server."""
        return file_name(obj.source_file)

    @admin.action(description=_("Load frameworks from the data files"), permissions=["load"])
    def load_from_data_files(self, request: HttpRequest, queryset: QuerySet[Framework]) -> None:
        """Every data file is read, whatever rows are selected: the files are the truth."""
        self._load(request)

    def _load(self, request: HttpRequest) -> None:
        outcome = load_frameworks()
        if outcome.loaded:
            years = ", ".join(f"{row.fiscal_year} {row.kind}".strip() for row in outcome.loaded)
            self.message_user(
                request,
                gettext("Loaded and validated the frameworks of %(years)s.") % {"years": years},
                messages.SUCCESS,
            )
        for problem in outcome.problems:
            self.message_user(request, str(problem), messages.ERROR)
        if not outcome.loaded and not outcome.problems:
            self.message_user(request, gettext("No framework file was found."), messages.WARNING)

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "load/",
                self.admin_site.admin_view(require_POST(self.load_view)),
                name="assessments_framework_load",
            ),
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="assessments_framework_upload",
            ),
        ]
        return extra + super().get_urls()

    def load_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_load_permission(request):
            raise PermissionDenied("loading frameworks needs the add and change permissions")
        self._load(request)
        return HttpResponseRedirect(reverse("admin:assessments_framework_changelist"))

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """ "Upload framework file": validate, store in FRAMEWORKS_DIR, reload, re-score.

        The same service as ``openita manage install_framework`` (:mod:`.frameworks`); a file
        with a problem is shown again with each problem's file, line and field, and nothing
        is stored. The Framework row it writes is audit-logged with the administrator.
        """
        if not self.has_load_permission(request):
            raise PermissionDenied("installing a framework needs the add and change permissions")
        limit = size_text(MAX_UPLOAD_BYTES)
        form = FrameworkUploadForm(request.POST or None, request.FILES or None, limit=limit)
        problems: list[Problem] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                installed = install_uploaded_framework(
                    upload.name or "",
                    upload.size or 0,
                    upload.chunks(),
                    Path(settings.FRAMEWORKS_DIR),
                )
            except InputError as exc:
                problems = list(exc.problems)
            else:
                self._report_installed(request, installed)
                return HttpResponseRedirect(reverse("admin:assessments_framework_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Upload framework file"),
            "form": form,
            "problems": problems,
            "limit": limit,
        }
        return render(request, "assessments/admin/framework_upload.html", context)

    def _report_installed(self, request: HttpRequest, installed: Installed) -> None:
        self.message_user(
            request,
            gettext("Installed %(file)s; re-scored %(count)d stored result(s).")
            % {"file": installed.path.name, "count": installed.rescored.rescored},
            messages.SUCCESS,
        )
        for problem in installed.loaded.problems:
            self.message_user(
                request,
                gettext("Another framework file has a problem: %(problem)s") % {"problem": problem},
                messages.WARNING,
            )
        for refused in installed.rescored.problems:
            self.message_user(
                request,
                gettext("Cannot be scored any more, left as it was: %(result)s")
                % {"result": refused},
                messages.WARNING,
            )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "can_load": self.has_load_permission(request)}
        return super().changelist_view(request, context)
