"""Template context every page needs (the navigation bar).

On a page of an agency (``/a/<code>/…``) the bar also links that agency's pages the user may
open: dashboard and plan (view), upload (edit), units, members and change log (manage), so no
page is reachable only by typing its address. Error pages get the same bar.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from openita.thaidate import fiscal_year_of
from openita.web.agencies.access import (
    Access,
    agency_and_access,
    assessed_agencies,
    is_coordinator,
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_coordinator": False, "is_assessor": False}
    shown: dict[str, Any] = {
        "is_coordinator": is_coordinator(user),
        "is_assessor": assessed_agencies(user).exists(),
    }
    match = getattr(request, "resolver_match", None)
    code = match.kwargs.get("code") if match is not None else None
    found = agency_and_access(user, code) if isinstance(code, str) else None
    if found is not None:
        agency, level = found
        if level >= Access.VIEW:
            shown |= {
                "nav_agency": agency,
                "nav_can_edit": level >= Access.EDIT,
                "nav_can_manage": level >= Access.MANAGE,
                # The checklist of the year being assessed now (its evidence is gathered now).
                "nav_oit_year": fiscal_year_of(timezone.localdate()),
            }
    return shown
