"""How scores look on the agency pages: two decimals, half up, as NACC publishes them.

``{{ value|score }}`` prints 94.11 / 99.00 (never 99.0), ``{{ value|signed }}`` +0.67 / −4.89
with a real minus sign, ``{{ gain|gain }}`` the overall points an item would add ("< 0.01"
when it rounds to nothing, so a listed weak point never reads as worthless),
``{{ value|bar }}`` a CSS width in percent clamped to 0–100. The rounding is
:func:`openita.scoring.rounding.format_score`, the one the reports and the CLI use
(docs/scoring.md).
"""

from __future__ import annotations

from typing import Any

from django import template

from openita.scoring.rounding import format_score, round_half_up

register = template.Library()

MINUS = "\u2212"


@register.filter
def score(value: Any) -> str:
    if value is None or value == "":
        return "–"
    return format_score(float(value))


@register.filter
def signed(value: Any) -> str:
    """A change with its sign: +1.66, −4.89, 0.00."""
    if value is None or value == "":
        return "–"
    number = round_half_up(float(value), 2)
    if number > 0:
        return f"+{number:.2f}"
    if number < 0:
        return f"{MINUS}{-number:.2f}"
    return "0.00"


@register.filter
def unsigned(value: Any) -> str:
    """The size of a change, without its sign (the direction word says which way)."""
    if value is None or value == "":
        return "–"
    return format_score(abs(float(value)))


@register.filter
def gain(value: Any) -> str:
    if value is None or value == "":
        return "–"
    number = float(value)
    if 0 < number < 0.005:
        return "< 0.01"
    return f"+{format_score(number)}"


@register.filter
def bar(value: Any) -> str:
    """A bar length in percent for ``data-width``/``data-left`` (dot decimal whatever the
    language); static/openita/bars.js applies it, as the CSP forbids inline styles."""
    if value is None or value == "":
        return "0"
    return f"{min(max(float(value), 0.0), 100.0):.2f}"
