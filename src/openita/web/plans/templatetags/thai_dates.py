"""Dates in every template: ``{% load thai_dates %}``, ``{{ value|thai_date }}`` → "5 ม.ค. 2569".

The one way a page shows a date (:mod:`openita.web.dates`, on :mod:`openita.thaidate`): the
Buddhist-era year, Thai month names on Thai pages and English ones on English pages. Django's
``date`` filter would print the Christian-era year; use it only for machine-readable values
(``<time datetime="{{ value|date:'c' }}">``). The library lives in the plans app, but Django
loads template tags of every installed app, so all templates use it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template

from openita.web import dates

register = template.Library()


@register.filter
def thai_date(value: date | None) -> str:
    """Short: "2 ธ.ค. 2569"."""
    return dates.short(value)


@register.filter
def thai_date_long(value: date | None) -> str:
    """Long: "2 ธันวาคม 2569"."""
    return dates.long(value)


@register.filter
def thai_datetime(value: datetime | None) -> str:
    """Short date and local time: "2 ธ.ค. 2569 14:05"."""
    return dates.short_datetime(value)


@register.filter
def person(user: Any) -> str:
    """A user's full name, else user name; "—" when the user was deleted (kept as None)."""
    if user is None:
        return "—"
    return str(user.get_full_name() or user.get_username())
