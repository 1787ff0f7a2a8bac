"""The OIT workspace in Django admin: self-check runs, read only.

django-tasks-db registers its task table in the admin with English-only labels and
implementation details (argument JSON, exception paths); the runs below say what a clerk or an
administrator needs (agency, year, status, items checked), so the task table is taken out.
"""

from __future__ import annotations

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from openita.web.admin_dates import ThaiDatesAdmin
from openita.web.oit.models import CheckRun, ClarificationWindow, Contest, ItemReview

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


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
class ItemReviewAdmin(ThaiDatesAdmin[ItemReview]):
    """Reviews are written by assessors on the review page or the API, never edited."""

    list_display = ("agency", "fiscal_year", "item_id", "verdict", "score", "reviewer")
    list_filter = ("fiscal_year", "verdict")
    search_fields = ("agency__name", "agency__code", "item_id")
    readonly_fields = [f.name for f in ItemReview._meta.fields]
    list_select_related = ("agency", "reviewer")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Contest)
class ContestAdmin(ThaiDatesAdmin[Contest]):
    """Contests are raised by agencies and decided by assessors on their pages."""

    list_display = ("agency", "fiscal_year", "item_id", "decision", "raised_at", "decided_at")
    list_filter = ("fiscal_year", "decision")
    search_fields = ("agency__name", "agency__code", "item_id")
    readonly_fields = [f.name for f in Contest._meta.fields]
    list_select_related = ("agency",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
