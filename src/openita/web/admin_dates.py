"""Dates in the Django admin, in the Buddhist era like every other page (:mod:`openita.web.dates`).

Django's admin draws a date as ``<input>`` with its calendar widget and reads it in the CE
(``2026-03-31``), and its lists print a date with the locale's format (CE year). Every admin
of OpenITA mixes in :class:`ThaiDatesAdmin` (and its inlines :class:`ThaiDatesInline`), so

* a date field is the app's :class:`~openita.web.dates.ThaiDateField` ("31 มี.ค. 2569",
  "31/3/2569"; a CE year is refused with the hint);
* a date-and-time field is the same date box beside a time box ("14:05");
* a date or date-and-time column of a list reads "31 มี.ค. 2569" ("31 Mar 2569" in English).

``tests/web/test_admin_dates.py`` checks every registered admin and inline, so a new one cannot
miss it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from openita.web import dates


class ThaiSplitDateTimeWidget(forms.SplitDateTimeWidget):
    """The date as a Thai date box and the time as "HH:MM"."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, time_format="%H:%M")
        self.widgets = (dates.ThaiDateInput(), self.widgets[1])  # type: ignore[assignment]

    def decompress(self, value: Any) -> tuple[date | None, time | None]:
        if isinstance(value, datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return local.date(), local.time().replace(second=0, microsecond=0)
        return None, None


class ThaiDateTimeField(forms.SplitDateTimeField):
    """A date typed with a Buddhist-era year and a time of day, in local time."""

    widget = ThaiSplitDateTimeWidget
    hidden_widget = forms.SplitHiddenDateTimeWidget

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        thai = dates.ThaiDateField(required=self.fields[0].required, help_text="")
        thai.error_messages.update({"required": self.fields[0].error_messages["required"]})
        self.fields = (thai, self.fields[1])


FORMFIELDS: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.DateField: {"form_class": dates.ThaiDateField, "widget": dates.ThaiDateInput},
    models.DateTimeField: {"form_class": ThaiDateTimeField, "widget": ThaiSplitDateTimeWidget},
}


def _column(field: models.Field[Any, Any]) -> Callable[[Any], str]:
    """A list column showing ``field`` as a Thai date (or date and time)."""
    name = field.name

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj: Any) -> str:
        value = getattr(obj, name)
        if isinstance(value, datetime):
            return dates.short_datetime(value)
        if isinstance(value, date):
            return dates.short(value)
        return "–"

    column.__name__ = f"{name}_be"
    return column


_M = TypeVar("_M", bound=models.Model)


class ThaiDatesAdmin(admin.ModelAdmin[_M], Generic[_M]):
    """A model admin whose date fields and date columns are in the Buddhist era."""

    formfield_overrides = FORMFIELDS

    def get_list_display(self, request: HttpRequest) -> Any:
        shown = list(super().get_list_display(request))
        fields = {f.name: f for f in self.model._meta.get_fields() if isinstance(f, models.Field)}
        return [
            _column(fields[item])
            if isinstance(item, str) and isinstance(fields.get(item), models.DateField)
            else item
            for item in shown
        ]

    def get_list_display_links(self, request: HttpRequest, list_display: Any) -> Any:
        links = super().get_list_display_links(request, list_display)
        if links is None:
            return None
        # A link named by a date column points at the column that replaced it.
        renamed = {getattr(item, "__name__", "").removesuffix("_be"): item for item in list_display}
        return [renamed.get(link, link) if isinstance(link, str) else link for link in links]


class ThaiDatesInline(admin.TabularInline):  # type: ignore[type-arg]
    """A table inline whose date fields are in the Buddhist era."""

    formfield_overrides = FORMFIELDS
