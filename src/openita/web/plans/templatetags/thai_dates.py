"""Thai dates in plan templates: ``{{ evidence.evidence_date|thai_date }}`` → "5 ม.ค. 2569".

Plans are read by Thai officials, who write dates in the Buddhist era (thaidate.py); Django's
``date`` filter would print the Christian-era year.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone

from openita import thaidate

register = template.Library()


@register.filter
def thai_date(value: date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return thaidate.thai_date(value, abbreviated=True)


@register.filter
def thai_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{thaidate.thai_date(local.date(), abbreviated=True)} {local:%H:%M}"


@register.filter
def person(user: Any) -> str:
    """A user's full name, else user name; "—" when the user was deleted (kept as None)."""
    if user is None:
        return "—"
    return str(user.get_full_name() or user.get_username())
