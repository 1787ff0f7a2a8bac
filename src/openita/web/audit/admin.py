from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from openita.web.admin_dates import ThaiDatesAdmin, date_filters
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


def _values(event: AuditEvent, which: str) -> str:
    rows = sentences.snapshot(event, which)
    if not rows:
        return "–"
    items = format_html_join("", "<li>{}: {}</li>", rows)
    return format_html('<ul class="audit-values">{}</ul>', items)


@admin.register(AuditEvent)
class AuditEventAdmin(ThaiDatesAdmin[AuditEvent]):
    """Read-only: the log is written by the model signals, never by hand."""

    list_display = ("at", "actor_name", "action", "kind", "sentence", "agency")
    list_filter = (*date_filters("at", AuditEvent), "action", KindFilter)
    search_fields = ("actor_name", "object_repr", "object_id")
    #: ``before`` and ``after`` as labelled values (dates in the BE), not their stored JSON.
    fields = readonly_fields = (
        *(f.name for f in AuditEvent._meta.fields if f.name not in {"before", "after"}),
        "before_values",
        "after_values",
    )
    list_select_related = ("actor", "agency")

    @admin.display(description=_("what"), ordering="model")
    def kind(self, event: AuditEvent) -> str:
        return sentences.kind_name(event.model)

    @admin.display(description=_("change"))
    def sentence(self, event: AuditEvent) -> str:
        told = sentences.tell(event)
        changes = "; ".join(f"{c.label} {c.before} → {c.after}" for c in told.changes)
        return f"{told.text}: {changes}" if changes else told.text

    @admin.display(description=_("before"))
    def before_values(self, event: AuditEvent) -> str:
        return _values(event, "before")

    @admin.display(description=_("after"))
    def after_values(self, event: AuditEvent) -> str:
        return _values(event, "after")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
