"""Django admin for plans: the site administrator's view of every agency's plans."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from openita.web.admin_dates import FORMFIELDS, ThaiDatesAdmin, ThaiDatesInline
from openita.web.admin_inlines import LabelledInline
from openita.web.plans.models import (
    ActionPlan,
    Comment,
    Evidence,
    Measure,
    ProgressNote,
    Section,
)


class SectionInline(LabelledInline):
    model = Section
    extra = 0
    fields = ["position", "indicator", "indicator_name", "issue"]


@admin.register(ActionPlan)
class ActionPlanAdmin(ThaiDatesAdmin[ActionPlan]):
    list_display = ["agency", "fiscal_year", "based_on_year", "updated_at"]
    list_filter = ["fiscal_year"]
    search_fields = ["agency__name", "agency__code"]
    list_select_related = ["agency"]
    raw_id_fields = ["agency"]
    inlines = [SectionInline]


class EvidenceInline(ThaiDatesInline):
    model = Evidence
    extra = 0
    formfield_overrides = {**FORMFIELDS, models.URLField: {"assume_scheme": "https"}}
    # The stored file by its name, linked to the access-checked download: not the storage
    # path (evidence/<agency>/<measure>/…) nor a /media/ URL, which nothing serves.
    fields = ["title", "url", "stored_file", "evidence_date", "added_by", "added_at"]
    readonly_fields = ["stored_file", "added_by", "added_at"]

    @admin.display(description=_("file"))
    def stored_file(self, evidence: Evidence) -> str:
        if not evidence.file:
            return "–"
        agency = evidence.measure.section.plan.agency
        url = reverse("plans:evidence_file", kwargs={"code": agency.code, "pk": evidence.pk})
        return format_html('<a href="{}">{}</a>', url, PurePosixPath(evidence.file.name or "").name)


class CommentInline(ThaiDatesInline):
    model = Comment
    extra = 0
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


class ProgressNoteInline(ThaiDatesInline):
    model = ProgressNote
    extra = 0
    fields = ["date", "status", "progress", "done", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


@admin.register(Measure)
class MeasureAdmin(ThaiDatesAdmin[Measure]):
    list_display = ["title", "agency", "plan_year", "responsible_unit", "end", "status", "progress"]
    list_filter = ["status", "section__plan__fiscal_year"]
    search_fields = ["title", "responsible_unit", "section__plan__agency__name"]
    list_select_related = ["section__plan__agency"]
    raw_id_fields = ["section", "unit"]
    inlines = [ProgressNoteInline, EvidenceInline, CommentInline]

    @admin.display(description=_("agency"), ordering="section__plan__agency__name")
    def agency(self, measure: Measure) -> str:
        return str(measure.section.plan.agency)

    @admin.display(description=_("plan fiscal year"), ordering="section__plan__fiscal_year")
    def plan_year(self, measure: Measure) -> int:
        return measure.section.plan.fiscal_year
