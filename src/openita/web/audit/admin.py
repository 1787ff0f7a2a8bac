from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from openita.web.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the log is written by the model signals, never by hand."""

    list_display = ("at", "actor_name", "action", "model", "object_repr", "agency")
    list_filter = ("action", "model")
    search_fields = ("actor_name", "object_repr", "object_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
