"""The OIT workspace in Django admin, read only: self-check runs, uploaded evidence files,
attached OpenITA documents and their rendered PDFs.

django-tasks-db registers its task table in the admin with English-only labels and
implementation details (argument JSON, exception paths); the runs below say what a clerk or an
administrator needs (agency, year, status, items checked), so the task table is taken out.

Nothing here is edited: evidence belongs to the agency's pages (with their checks, audit trail
and file handling), and a stored file is shown by its name, linked to its access-checked
download, never by where it lies on the server.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from openita.errors import OpenITAError
from openita.frameworks.loader import load_framework
from openita.web.admin_dates import ThaiDatesAdmin
from openita.web.oit.models import (
    CheckRun,
    ClarificationWindow,
    Contest,
    DocumentEvidence,
    EvidenceFile,
    ItemGuidance,
    ItemReview,
    StoredDocument,
)

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

#: The documents by the names the admin shows (the rows keep ``report``/``progress``).
DOCUMENT_NAMES = {"report": _("ITA report"), "progress": _("progress report")}


class ReadOnlyAdmin(ThaiDatesAdmin[Any]):
    """Lists and detail pages, no add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class DocumentFilter(admin.SimpleListFilter):
    title = _("document")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(DOCUMENT_NAMES.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(kind=value) if value in DOCUMENT_NAMES else queryset


def _document_name(kind: str) -> Any:
    return DOCUMENT_NAMES.get(kind, kind)


@admin.register(CheckRun)
class CheckRunAdmin(ThaiDatesAdmin[CheckRun]):
    list_display = ("agency", "fiscal_year", "status", "requested_at", "items_done", "items_total")
    list_filter = ("status", "fiscal_year")
    readonly_fields = [f.name for f in CheckRun._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(ClarificationWindow)
class ClarificationWindowAdmin(ThaiDatesAdmin[ClarificationWindow]):
    """The days of each fiscal year's clarification round: after the last one, the reviewed
    OIT scores are final (docs/oit.md). Typed and shown in the Buddhist era (ThaiDatesAdmin)."""

    list_display = ("fiscal_year", "opens", "closes")
    ordering = ("-fiscal_year",)


@admin.register(ItemReview)
class ItemReviewAdmin(ReadOnlyAdmin):
    """Reviews are written by assessors on the review page or the API, never edited."""

    list_display = ("agency", "fiscal_year", "item_id", "verdict", "score", "reviewer")
    list_filter = ("fiscal_year", "verdict")
    search_fields = ("agency__name", "agency__code", "item_id")
    readonly_fields = [f.name for f in ItemReview._meta.fields]
    list_select_related = ("agency", "reviewer")


@admin.register(Contest)
class ContestAdmin(ReadOnlyAdmin):
    """Contests are raised by agencies and decided by assessors on their pages."""

    list_display = ("agency", "fiscal_year", "item_id", "decision", "raised_at", "decided_at")
    list_filter = ("fiscal_year", "decision")
    search_fields = ("agency__name", "agency__code", "item_id")
    readonly_fields = [f.name for f in Contest._meta.fields]
    list_select_related = ("agency",)


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "fiscal_year", "item_id", "stored_file", "added_at"]
    list_filter = ["agency", "fiscal_year", "item_id"]
    search_fields = ["title", "agency__name", "agency__code"]
    list_select_related = ["agency"]
    fields = ("agency", "fiscal_year", "item_id", "title", "stored_file", "added_by", "added_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def stored_file(self, upload: EvidenceFile) -> str:
        url = reverse(
            "oit:file",
            kwargs={"code": upload.agency.code, "year": upload.fiscal_year, "pk": upload.pk},
        )
        return format_html('<a href="{}">{}</a>', url, PurePosixPath(upload.file.name or "").name)


@admin.register(DocumentEvidence)
class DocumentEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["item_id", "agency", "fiscal_year", "document", "document_year", "added_at"]
    list_filter = ["agency", "fiscal_year", "item_id", DocumentFilter]
    search_fields = ["agency__name", "agency__code"]
    list_select_related = ["agency"]
    fields = readonly_fields = (
        *("agency", "fiscal_year", "item_id", "document", "document_year"),
        *("added_by", "added_at"),
    )

    @admin.display(description=_("document"), ordering="kind")
    def document(self, row: DocumentEvidence) -> Any:
        return _document_name(row.kind)


@admin.register(StoredDocument)
class StoredDocumentAdmin(ReadOnlyAdmin):
    list_display = ["agency", "document", "document_year", "rendered_at", "queued_at", "error"]
    list_filter = ["agency", "document_year", DocumentFilter]
    search_fields = ["agency__name", "agency__code"]
    list_select_related = ["agency"]
    fields = readonly_fields = (
        *("agency", "document", "document_year", "public_address"),
        *("rendered_at", "queued_at", "error"),
    )

    @admin.display(description=_("document"), ordering="kind")
    def document(self, row: StoredDocument) -> Any:
        return _document_name(row.kind)

    @admin.display(description=_("public address"))
    def public_address(self, row: StoredDocument) -> str:
        if not row.file:
            return "–"
        url = reverse(
            "oit_public:document",
            kwargs={"code": row.agency.code, "year": row.document_year, "kind": row.kind},
        )
        return format_html('<a href="{}">{}</a>', url, row.filename or url)


class ItemGuidanceForm(forms.ModelForm[ItemGuidance]):
    class Meta:
        model = ItemGuidance
        fields = ["fiscal_year", "kind", "item_id", "criteria", "criteria_source", "keywords"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, kind, item = data.get("fiscal_year"), data.get("kind"), data.get("item_id")
        if year is None or not kind or not item:
            return data
        try:
            framework = load_framework(int(year), str(kind))
        except OpenITAError as exc:
            raise ValidationError({"fiscal_year": str(exc)}) from None
        item = str(item).strip().upper()
        data["item_id"] = item
        if item not in framework.oit_items:
            known = ", ".join(framework.oit_items) or "-"
            raise ValidationError(
                {
                    "item_id": _(
                        "%(item)s is not an OIT item of fiscal year %(year)s for this kind "
                        "(items: %(known)s)"
                    )
                    % {"item": item, "year": year, "known": known}
                }
            )
        if data.get("criteria", "").strip() and not data.get("criteria_source", "").strip():
            raise ValidationError(
                {"criteria_source": _("Say where the wording of the criteria comes from.")}
            )
        if not data.get("criteria", "").strip() and not data.get("keywords", "").strip():
            raise ValidationError(_("Give criteria, keywords or both."))
        return data


@admin.register(ItemGuidance)
class ItemGuidanceAdmin(ThaiDatesAdmin[ItemGuidance]):
    form = ItemGuidanceForm
    list_display = ("fiscal_year", "kind", "item_id", "criteria_source", "updated_by", "updated_at")
    list_filter = ("fiscal_year", "kind")
    search_fields = ("item_id", "criteria", "keywords")
    readonly_fields = ("updated_by", "updated_at")

    def save_model(self, request: Any, obj: ItemGuidance, form: Any, change: bool) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
