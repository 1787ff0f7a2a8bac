"""Template helpers of the OIT review pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def of(mapping: dict[str, Any] | None, key: str) -> Any:
    """``reviews|of:item.id``: the value of ``key`` in a dict (None when absent)."""
    return (mapping or {}).get(key)
