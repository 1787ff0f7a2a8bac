"""Login lockout: django-axes with two limits (docs/production.md, "Locked-out users").

* one user name from one client address: ``OPENITA_LOGIN_FAILURE_LIMIT`` failures lock that
  pair (``AXES_LOCKOUT_PARAMETERS``), so five wrong passwords for ``admin`` from one address
  do not lock ``admin`` out for everyone else;
* one client address across all user names: ``OPENITA_LOGIN_ADDRESS_FAILURE_LIMIT`` failures
  lock the address, so password spraying (a few guesses for each of many accounts) stops.

Both count failures within the cool-off window (``OPENITA_LOGIN_COOLOFF_MINUTES``). The client
address comes from :mod:`openita.web.accounts.client_address`. Every password check goes
through here: the login form (django-axes' backend), and the old password on the password
change page (:mod:`openita.web.accounts.forms`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

#: Too Many Requests, as django-axes answers by default.
LOCKED_OUT_STATUS = 429


def address_failures(request: HttpRequest) -> int:
    """Failed password checks from the request's client address within the cool-off window."""
    address = getattr(request, "axes_ip_address", None)
    if address is None:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


def address_limit() -> int:
    return int(settings.OPENITA_LOGIN_ADDRESS_FAILURE_LIMIT)


class LoginLockout(AxesDatabaseHandler):  # type: ignore[misc]
    """django-axes' database handler plus the per-address limit (``AXES_HANDLER``)."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= address_limit()

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and address_failures(request) >= address_limit():
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]


def retry_at(request: HttpRequest) -> datetime:
    """When a locked-out client may try again: a refused try starts the cool-off anew."""
    started = getattr(request, "axes_attempt_time", None) or timezone.now()
    cool_off = get_cool_off(request) or timedelta(0)
    return started + cool_off


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The page a locked-out client sees (``AXES_LOCKOUT_CALLABLE``), in the UI language."""
    cool_off = get_cool_off(request) or timedelta(0)
    context = {
        "retry_at": timezone.localtime(retry_at(request)),
        "minutes": max(1, round(cool_off.total_seconds() / 60)),
    }
    return render(request, "openita/locked_out.html", context, status=LOCKED_OUT_STATUS)
