"""Response headers every page gets: a Content-Security-Policy and private caching.

Content-Security-Policy (HTML pages)
    Scripts, styles, images, fonts and requests only from the site itself; no inline script or
    style, no ``eval``, no plugin, no framing, forms post only here. The site's own pages keep
    to it (no inline ``<script>``, ``<style>`` or ``style=""``; htmx is configured without
    eval and without its injected indicator style in base.html); tests/browser/test_csp.py
    loads every main page in Chromium and fails on any violation. ``data:`` images are
    allowed for the icons of Django's admin and the API docs.
Cache-Control: private, no-store
    on every answer to a logged-in user or to an API token (agency pages, reports, evidence
    downloads, the API): a shared cache must not keep them, and the browser must not leave a
    copy on a shared office computer after logout. Static files are answered by whitenoise
    before this middleware and keep their long cache.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def is_private(request: HttpRequest) -> bool:
    """An answer only this caller may see: a logged-in session or an API token."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return str(request.META.get("HTTP_AUTHORIZATION", "")).startswith("Bearer ")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if is_private(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
