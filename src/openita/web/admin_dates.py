"""Dates in the Django admin, in the Buddhist era like every other page (:mod:`openita.web.dates`).

Django's admin draws a date as ``<input>`` with its calendar widget and reads it in the CE
(``2026-03-31``), and its lists print a date with the locale's format (CE year). Every admin
of OpenITA mixes in :class:`ThaiDatesAdmin` (and its inlines :class:`ThaiDatesInline`), so

* a date field is the app's :class:`~openita.web.dates.ThaiDateField` ("31 มี.ค. 2569",
  "31/3/2569"; a CE year is refused with the hint);
* a date-and-time field is the same date box beside a time box ("14:05");
* a date or date-and-time column of a list reads "31 มี.ค. 2569" ("31 Mar 2569" in English);
* a read-only date field of a change page (every field of a view-only page) reads the same,
  "31 มี.ค. 2569 14:05" with its time: Django would print it with the locale's format, whose
  year is the CE ("31 มีนาคม 2026");
* a list is narrowed by fiscal year ("ปีงบประมาณ 2569") and month ("ธ.ค. 2569") with
  :func:`date_filters`, not Django's ``date_hierarchy``, whose drill-down prints CE years
  ("2026", "ธันวาคม 2026") and cannot be told otherwise: a ``ThaiDatesAdmin`` with a
  ``date_hierarchy`` fails the system checks (``openita.E101``).

Object titles (breadcrumbs, change-page headings, delete confirmations, history) are the
models' ``__str__``: a title with a date writes it with :mod:`openita.web.dates` too.

``tests/web/test_admin_dates.py`` checks every registered admin and inline, so a new one cannot
miss it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import admin
from django.core import checks
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from openita import thaidate
from openita.web import dates
from openita.web.admin_inlines import LabelledInline


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
        # The field's <label> names the date box (the first); the time box beside it is named
        # by its own aria-label, "วันที่เข้าร่วม: เวลา", or a screen reader reads it nameless.
        time_box = self.widget.widgets[1]
        time_box.attrs.setdefault(
            "aria-label", format_lazy("{}: {}", self.label or "", gettext_lazy("Time"))
        )
        thai = dates.ThaiDateField(required=self.fields[0].required, help_text="")
        thai.error_messages.update({"required": self.fields[0].error_messages["required"]})
        self.fields = (thai, self.fields[1])


FORMFIELDS: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.DateField: {"form_class": dates.ThaiDateField, "widget": dates.ThaiDateInput},
    models.DateTimeField: {"form_class": ThaiDateTimeField, "widget": ThaiSplitDateTimeWidget},
}


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return dates.short_datetime(value)
    if isinstance(value, date):
        return dates.short(value)
    return "–"


def _column(field: models.Field[Any, Any]) -> Callable[[Any], str]:
    """A list column showing ``field`` as a Thai date (or date and time)."""
    name = field.name

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj: Any) -> str:
        return _shown(getattr(obj, name))

    column.__name__ = f"{name}_be"
    return column


def _readonly(field: models.Field[Any, Any]) -> Callable[[Any], str]:
    """A read-only field showing ``field`` as a Thai date (or date and time).

    It keeps the field's name, so the change page keeps its label, help text and
    ``field-<name>`` class."""

    @admin.display(description=field.verbose_name)
    def shown(obj: Any) -> str:
        return _shown(getattr(obj, field.name, None))

    shown.__name__ = field.name
    return shown


def _date_fields(model: type[models.Model]) -> dict[str, models.Field[Any, Any]]:
    return {
        f.name: f
        for f in model._meta.get_fields()
        if isinstance(f, models.DateField) and not f.auto_created
    }


class _ReadonlyDates:
    """Read-only date fields of change pages shown through :mod:`openita.web.dates`.

    Django draws a read-only model field with ``display_for_field``, which formats a date with
    the locale's ``DATE_FORMAT`` (a CE year), and offers no hook for it. A read-only field may
    also be a callable, drawn with what it returns, so each read-only date field is replaced
    by such a callable (the same object every time: Django tells read-only fields by
    equality), in ``get_readonly_fields`` and in the fieldsets. On a view-only page Django
    makes every field of the fieldsets read-only, so there every date field is replaced.
    """

    def __init__(self, model: type[models.Model]) -> None:
        self.fields = _date_fields(model)
        self.shown: dict[str, Callable[[Any], str]] = {}

    def replace(self, items: Iterable[Any], names: set[str] | None) -> list[Any]:
        """``items`` with each date field named in ``names`` (every one if None) replaced."""
        replaced: list[Any] = []
        for item in items:
            if isinstance(item, str) and item in self.fields and (names is None or item in names):
                if item not in self.shown:
                    self.shown[item] = _readonly(self.fields[item])
                replaced.append(self.shown[item])
            elif isinstance(item, (list, tuple)):
                replaced.append(tuple(self.replace(item, names)))
            else:
                replaced.append(item)
        return replaced

    def fieldsets(self, fieldsets: Any, declared: Iterable[Any], view_only: bool) -> list[Any]:
        names = None if view_only else {n for n in declared if isinstance(n, str)}
        return [
            (title, {**options, "fields": self.replace(options.get("fields", ()), names)})
            for title, options in fieldsets
        ]


def _readonly_dates(model_admin: Any) -> _ReadonlyDates:
    found: _ReadonlyDates | None = model_admin.__dict__.get("_readonly_dates")
    if found is None:
        found = model_admin.__dict__["_readonly_dates"] = _ReadonlyDates(model_admin.model)
    return found


_M = TypeVar("_M", bound=models.Model)


def _lazy_text(text: Any, **params: Any) -> str:
    return lazy(lambda: gettext(text) % {k: str(v) for k, v in params.items()}, str)()


def _bounds(field: models.Field[Any, Any], first: date, last: date) -> dict[str, Any]:
    """The lookups of ``first`` ≤ field ≤ ``last`` (whole days, local time)."""
    after = last + timedelta(days=1)
    if isinstance(field, models.DateTimeField):
        zone = timezone.get_current_timezone()
        start: date = timezone.make_aware(datetime.combine(first, time.min), zone)
        end: date = timezone.make_aware(datetime.combine(after, time.min), zone)
    else:
        start, end = first, after
    return {f"{field.name}__gte": start, f"{field.name}__lt": end}


def _months(model_admin: Any, request: HttpRequest, field: models.Field[Any, Any]) -> list[date]:
    """The months that have rows, newest first (local time)."""
    rows = model_admin.get_queryset(request)
    if isinstance(field, models.DateTimeField):
        return [d.date() for d in rows.datetimes(field.name, "month", order="DESC")]
    return list(rows.dates(field.name, "month", order="DESC"))


def _fiscal_year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and int(value) in thaidate.BE_YEARS else None


def date_filters(name: str, model: type[models.Model]) -> tuple[type[admin.SimpleListFilter], ...]:
    """List filters by Thai fiscal year (BE, 1 Oct – 30 Sep) and by month of the date field
    ``name``: what ``date_hierarchy`` offered, in the era the rest of the app writes.

    The query string carries BE too (``?at_fy=2569&at_month=2569-12``). The months offered
    are those of the chosen fiscal year, or every month with rows."""
    field = _date_fields(model)[name]
    year_key, month_key = f"{name}_fy", f"{name}_month"

    class FiscalYearFilter(admin.SimpleListFilter):
        title = _lazy_text(gettext_noop("fiscal year (%(field)s)"), field=field.verbose_name)
        parameter_name = year_key

        def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
            years = sorted(
                {thaidate.fiscal_year_of(m) for m in _months(model_admin, request, field)}
            )
            return [(str(y), str(y)) for y in reversed(years)]

        def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
            year = _fiscal_year(self.value())
            if year is None:
                return queryset
            return queryset.filter(**_bounds(field, *thaidate.fiscal_year_bounds(year)))

    class MonthFilter(admin.SimpleListFilter):
        title = _lazy_text(gettext_noop("month (%(field)s)"), field=field.verbose_name)
        parameter_name = month_key

        def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
            months = _months(model_admin, request, field)
            year = _fiscal_year(request.GET.get(year_key))
            if year is not None:
                months = [m for m in months if thaidate.fiscal_year_of(m) == year]
            return [(f"{thaidate.be_year(m.year)}-{m.month:02}", dates.month(m)) for m in months]

        def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
            first = _month(self.value())
            if first is None:
                return queryset
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return queryset.filter(**_bounds(field, first, following - timedelta(days=1)))

    FiscalYearFilter.__name__ = f"{name.title().replace('_', '')}FiscalYearFilter"
    MonthFilter.__name__ = f"{name.title().replace('_', '')}MonthFilter"
    return FiscalYearFilter, MonthFilter


def _month(value: str | None) -> date | None:
    """``"2569-12"`` → 1 Dec 2026; anything else → None (the filter is then ignored)."""
    year, _, month = (value or "").partition("-")
    if not (year.isdigit() and month.isdigit()) or int(year) not in thaidate.BE_YEARS:
        return None
    if not 1 <= int(month) <= 12:
        return None
    return date(thaidate.ce_year(int(year)), int(month), 1)


class ThaiDatesAdmin(admin.ModelAdmin[_M], Generic[_M]):
    """A model admin whose date fields and date columns are in the Buddhist era."""

    formfield_overrides = FORMFIELDS

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = list(super().check(**kwargs))
        if self.date_hierarchy:
            errors.append(
                checks.Error(
                    "date_hierarchy prints Christian-era years; use list_filter with "
                    "openita.web.admin_dates.date_filters instead.",
                    obj=self.__class__,
                    id="openita.E101",
                )
            )
        return errors

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return _readonly_dates(self).replace(super().get_readonly_fields(request, obj), None)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        view_only = obj is not None and not self.has_change_permission(request, obj)
        declared = super().get_readonly_fields(request, obj)
        fieldsets = super().get_fieldsets(request, obj)
        return _readonly_dates(self).fieldsets(fieldsets, declared, view_only)

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


class ThaiDatesInline(LabelledInline):
    """A table inline whose date fields (read-only ones too) are in the Buddhist era."""

    formfield_overrides = FORMFIELDS

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return _readonly_dates(self).replace(super().get_readonly_fields(request, obj), None)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        # A new row needs its date fields as inputs, so only a table that can neither change
        # nor add rows shows them all read-only.
        view_only = not self.has_change_permission(request, obj)
        view_only = view_only and not self.has_add_permission(request, obj)
        declared = super().get_readonly_fields(request, obj)
        fieldsets = super().get_fieldsets(request, obj)
        return _readonly_dates(self).fieldsets(fieldsets, declared, view_only)
