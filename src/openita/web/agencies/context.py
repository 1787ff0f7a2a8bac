"""Template context every page needs (the navigation bar)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from openita.web.agencies.access import is_coordinator


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_coordinator": False}
    return {"is_coordinator": is_coordinator(user)}
