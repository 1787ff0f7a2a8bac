"""Dates on the web pages: shown and typed in the Buddhist era, through :mod:`openita.thaidate`.

Every date a page shows goes through these functions (the ``thai_dates`` template filters call
them) and every date a form reads through :class:`ThaiDateField`. Thai pages write
"2 ธ.ค. 2569" (short) or "2 ธันวาคม 2569" (long). English pages keep the Buddhist-era year with
English month names ("2 Dec 2569"): the fiscal years beside every date are Buddhist era on
English pages too (FY 2569 runs 1 Oct 2568 – 30 Sep 2569), and a page mixing CE dates with BE
years would make readers convert. Django's own ``date`` filter would print the CE year.

A date field is a text box that reads what a Thai user writes — "1 ต.ค. 2568", "1/10/2568",
"๑ ต.ค. ๒๕๖๘" — and refuses a Christian-era year with the hint, not a silent 482-year shift.
``<input type=date>`` is not used: Chromium shows it in the browser's locale (10/01/2025, CE,
month first), whatever the page's language.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from openita import thaidate


def _english() -> bool:
    return (get_language() or "th").startswith("en")


def _local_date(value: date) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def short(value: date | None) -> str:
    """``"2 ธ.ค. 2569"`` (``"2 Dec 2569"`` in English); a datetime is read in local time."""
    if value is None:
        return ""
    day = _local_date(value)
    if _english():
        return thaidate.english_date(day, abbreviated=True)
    return thaidate.thai_date(day, abbreviated=True)


def long(value: date | None) -> str:
    """``"2 ธันวาคม 2569"`` (``"2 December 2569"`` in English)."""
    if value is None:
        return ""
    day = _local_date(value)
    return thaidate.english_date(day) if _english() else thaidate.thai_date(day)


def month(value: date) -> str:
    """``"ธ.ค. 2569"`` (``"Dec 2569"`` in English): a month of a Buddhist-era year."""
    day = _local_date(value)
    if _english():
        return f"{thaidate.MONTHS_EN[day.month - 1][:3]} {thaidate.be_year(day.year)}"
    return f"{thaidate.MONTHS_ABBR[day.month - 1]} {thaidate.be_year(day.year)}"


def short_datetime(value: datetime | None) -> str:
    """``"2 ธ.ค. 2569 14:05"``, local time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{short(local.date())} {local:%H:%M}"


def period(start: date, end: date) -> str:
    """``"1 ตุลาคม 2568 – 30 กันยายน 2569"``: a measure's period as Thai plans write it."""
    return f"{long(start)} – {long(end)}"


def input_value(value: date) -> str:
    """What a date field shows: the short form, which :func:`thaidate.parse_date` reads back."""
    return short(value)


def posted_value(value: date) -> str:
    """A date as a form posts it behind the scenes (hidden initials): "1/10/2568", the same
    in every language."""
    return f"{value.day}/{value.month}/{thaidate.be_year(value.year)}"


class ThaiDateInput(forms.TextInput):
    """A text box showing "1 ต.ค. 2568", with an example as placeholder."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"autocomplete": "off", "spellcheck": "false", "class": "date-input"}
        super().__init__({**base, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {"placeholder": _("e.g. %(example)s") % {"example": _example()}, **(attrs or {})}
        return super().get_context(name, value, attrs)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return input_value(value)
        shown: str | None = super().format_value(value)
        return shown


class ThaiDateHiddenInput(forms.HiddenInput):
    """The hidden initial of a date field, posted back for "what did the user change"."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return posted_value(value)
        shown: str | None = super().format_value(value)
        return shown


def _example() -> str:
    return "1 Oct 2568" if _english() else "1 ต.ค. 2568"


class ThaiDateField(forms.DateField):
    """A date typed with a Buddhist-era year (:func:`openita.thaidate.parse_date`)."""

    widget = ThaiDateInput
    hidden_widget = ThaiDateHiddenInput
    default_error_messages = {
        "format": gettext_lazy("Write the date as day, month and Buddhist-era year: %(example)s."),
        "month": gettext_lazy("“%(name)s” is not a month. Write it like ต.ค. or 10."),
        "short_year": gettext_lazy("Write the year in full, e.g. %(example)s."),
        "ce_year": gettext_lazy(
            "%(year)s looks like a Christian-era (CE) year. Write the Buddhist-era year: %(be)s."
        ),
        "year": gettext_lazy("%(year)s is not a Buddhist-era year (e.g. 2568)."),
        "day": gettext_lazy("%(month)s %(year)s has no day %(day)s."),
    }

    def __init__(self, **kwargs: Any) -> None:
        if not kwargs.get("help_text"):  # a model field passes its own, usually ""
            kwargs["help_text"] = gettext_lazy(
                "Day, month, Buddhist-era year: 1 ต.ค. 2568 or 1/10/2568."
            )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return thaidate.parse_date(str(value))
        except thaidate.DateInputError as error:
            params: dict[str, Any] = dict(error.params)
            if error.code == "day":
                month = int(params["month"])
                params["month"] = (thaidate.MONTHS_EN if _english() else thaidate.MONTHS)[month - 1]
            params.setdefault("example", _example())
            raise forms.ValidationError(
                self.error_messages[error.code], code=error.code, params=params
            ) from None
