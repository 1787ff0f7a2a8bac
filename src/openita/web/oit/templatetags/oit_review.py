"""Template helpers of the OIT review pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def of(mapping: dict[str, Any] | None, key: str) -> Any:
    """``reviews|of:item.id``: the value of ``key`` in a dict (None when absent)."""
    return (mapping or {}).get(key)


@register.simple_tag
def field_attrs(refused: Any, form: str, field: str) -> str:
    """``aria-describedby`` (and ``aria-invalid``, ``autofocus``) of a field the service
    refused, pointing at the message :func:`field_errors` shows next to it."""
    if refused is None or refused.form != form or field not in refused.errors:
        return ""
    return format_html(
        ' aria-describedby="{}-{}-errors" aria-invalid="true" autofocus', form, field
    )


@register.simple_tag
def field_errors(refused: Any, form: str, field: str) -> str:
    """The messages of a refused field (``field="form"``: those of no one field), at it."""
    if refused is None or refused.form != form or field not in refused.errors:
        return ""
    return format_html(
        '<span id="{}-{}-errors" class="field-errors" role="alert"><ul class="errorlist">{}</ul>'
        "</span>",
        form,
        field,
        format_html_join("", "<li>{}</li>", ((m,) for m in refused.errors[field])),
    )


@register.simple_tag
def posted(refused: Any, form: str, field: str, default: Any = "") -> Any:
    """What the user typed into a refused form (so nothing typed is lost), else ``default``."""
    if refused is not None and refused.form == form:
        return refused.values.get(field, "")
    return "" if default is None else default
