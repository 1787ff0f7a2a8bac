from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from openita.web.admin_dates import ThaiDatesAdmin
from openita.web.audit import sentences
from openita.web.audit.models import AuditEvent


class KindFilter(admin.SimpleListFilter):
    """What kind of record changed, by its name in the reader's language."""

    title = _("what")
    parameter_name = "model"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        labels = AuditEvent.objects.values_list("model", flat=True).distinct().order_by()
        return sentences.kind_choices(labels)

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> Any:
        return queryset.filter(model=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ThaiDatesAdmin[AuditEvent]):
    """Read-only: the log is written by the model signals, never by hand."""

    list_display = ("at", "actor_name", "action", "kind", "sentence", "agency")
    list_filter = ("action", KindFilter)
    search_fields = ("actor_name", "object_repr", "object_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    list_select_related = ("actor", "agency")

    @admin.display(description=_("what"), ordering="model")
    def kind(self, event: AuditEvent) -> str:
        return sentences.kind_name(event.model)

    @admin.display(description=_("change"))
    def sentence(self, event: AuditEvent) -> str:
        told = sentences.tell(event)
        changes = "; ".join(f"{c.label} {c.before} → {c.after}" for c in told.changes)
        return f"{told.text}: {changes}" if changes else told.text

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
