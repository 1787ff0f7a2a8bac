"""Django admin for plans: the site administrator's view of every agency's plans."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from openita.web.plans.models import (
    ActionPlan,
    Comment,
    Evidence,
    Measure,
    ProgressNote,
    Section,
)


class SectionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Section
    extra = 0
    fields = ["position", "indicator", "indicator_name", "issue"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["agency", "fiscal_year", "based_on_year", "updated_at"]
    list_filter = ["fiscal_year"]
    search_fields = ["agency__name", "agency__code"]
    list_select_related = ["agency"]
    raw_id_fields = ["agency"]
    inlines = [SectionInline]


class EvidenceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Evidence
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["title", "url", "file", "evidence_date", "added_by", "added_at"]
    readonly_fields = ["added_by", "added_at"]


class CommentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Comment
    extra = 0
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


class ProgressNoteInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProgressNote
    extra = 0
    fields = ["date", "status", "progress", "done", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
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
