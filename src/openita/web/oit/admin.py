"""The OIT workspace in Django admin: self-check runs, read only.

django-tasks-db registers its task table in the admin with English-only labels and
implementation details (argument JSON, exception paths); the runs below say what a clerk or an
administrator needs (agency, year, status, items checked), so the task table is taken out.
"""

from __future__ import annotations

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from openita.web.admin_dates import ThaiDatesAdmin
from openita.web.oit.models import CheckRun

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(CheckRun)
class CheckRunAdmin(ThaiDatesAdmin[CheckRun]):
    list_display = ("agency", "fiscal_year", "status", "requested_at", "items_done", "items_total")
    list_filter = ("status", "fiscal_year")
    readonly_fields = [f.name for f in CheckRun._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
