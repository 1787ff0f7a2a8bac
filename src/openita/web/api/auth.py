"""Who is calling the API: a personal token, or the logged-in browser session.

Two ways in, tried in this order (django-ninja takes the first that answers):

``Authorization: Bearer <token>``
    for scripts. Only the token's SHA-256 digest is stored (:mod:`openita.web.api.models`), so
    the look-up is by digest: equality on a hash of a 256-bit random token leaks nothing an
    attacker can use, which makes a constant-time compare unnecessary. A header that names a
    token that does not exist (wrong or revoked) or belongs to a deactivated user is answered
    with 401 at once, never passed on to the session check, so a script learns its token is
    bad instead of silently acting as whoever is logged in in the same browser.
session cookie
    for people trying the API in /api/docs while logged in. Cookies are sent by browsers
    automatically, so every unsafe method (POST, PATCH) must carry the CSRF token, as Django's
    forms do; the check runs only for a logged-in session, so a request with neither a session
    nor a token gets 401 (not 403 "CSRF failed").

Either way ``request.auth`` is the user, and every access decision is made by
:mod:`openita.web.agencies.access`, as for the pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from openita.web.api.models import ApiToken, digest
from openita.web.audit.recorder import acting_as

#: ``last_used_at`` is written at most this often per token: the page only needs to show
#: roughly when a token was last used, and a write per request would make every read a write.
TOUCH_EVERY = timedelta(minutes=1)


def touch(token: ApiToken) -> None:
    """Record that ``token`` was used, at most once per :data:`TOUCH_EVERY`.

    A queryset ``update`` on purpose: it fires no model signal, so the audit log does not fill
    with "token used" rows — using a token changes nothing anyone decided.
    """
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


class TokenAuth(HttpBearer):
    """``Authorization: Bearer oita_…`` (a token made on the /account/tokens/ page)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.objects.select_related("user").filter(digest=digest(token.strip())).first()
        if row is None or not row.user.is_active:
            raise AuthenticationError(message="invalid or revoked API token")
        touch(row)
        return row.user


class SessionAuth(APIKeyCookie):
    """The browser's login session, with Django's CSRF check on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        # APIKeyCookie checks CSRF (safe methods always pass), then calls authenticate().
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user


def caller(request: HttpRequest) -> Any:
    """The user the request was authenticated as (django-ninja sets ``request.auth``)."""
    return request.auth  # type: ignore[attr-defined]


@contextmanager
def acting(request: HttpRequest) -> Iterator[None]:
    """Name the API caller in the audit log for the changes made inside this block.

    The audit middleware names ``request.user``, which is anonymous for a token request; the
    token's user is only known once the API has authenticated it.
    """
    with acting_as(caller(request)):
        yield
