"""The OIT workspace in Django admin: self-check runs, read only.

django-tasks-db registers its task table in the admin with English-only labels and
implementation details (argument JSON, exception paths); the runs below say what a clerk or an
administrator needs (agency, year, status, items checked), so the task table is taken out.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from openita.errors import OpenITAError
from openita.frameworks.loader import load_framework
from openita.web.oit.models import CheckRun, ItemGuidance

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(CheckRun)
class CheckRunAdmin(admin.ModelAdmin[CheckRun]):
    list_display = ("agency", "fiscal_year", "status", "requested_at", "items_done", "items_total")
    list_filter = ("status", "fiscal_year")
    readonly_fields = [f.name for f in CheckRun._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


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
class ItemGuidanceAdmin(admin.ModelAdmin[ItemGuidance]):
    form = ItemGuidanceForm
    list_display = ("fiscal_year", "kind", "item_id", "criteria_source", "updated_by", "updated_at")
    list_filter = ("fiscal_year", "kind")
    search_fields = ("item_id", "criteria", "keywords")
    readonly_fields = ("updated_by", "updated_at")

    def save_model(self, request: Any, obj: ItemGuidance, form: Any, change: bool) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
