"""Error pages in the UI language with the site's navigation (403, 404, 500, CSRF failure).

Django renders ``403.html`` and ``404.html`` with the request, so their bar is the usual one.
Its 500 handler renders without the request (a broken context processor must not break the
error page too); :func:`server_error` tries the full page and falls back to Django's own.
A refused form (CSRF) is most often an old tab or an expired session: :func:`csrf_failure`
says so and links back, instead of Django's English debugging page.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

log = logging.getLogger(__name__)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the page itself failed: Django's page needs no context at all
        log.exception("the 500 page could not be rendered with its navigation")
        return defaults.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    log.warning("CSRF check failed for %s: %s", request.path, reason)
    response = render(request, "csrf_failure.html", status=403)
    return HttpResponseForbidden(response.content, content_type=response["Content-Type"])
