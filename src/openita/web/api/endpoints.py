"""The REST API (django-ninja): docs at /api/docs, schema at /api/openapi.json (docs/api.md).

Same rules as the pages: every operation starts with
:func:`openita.web.agencies.access.agency_for` (or lists only
:func:`~openita.web.agencies.access.visible_agencies`), so an agency the caller may not see is
a 404 and one the caller may only read is a 403 for changes. Errors have one shape,
:class:`~openita.web.api.schemas.ErrorPublic`: ``{"detail": "…", "problems": [...]}``, where
every problem names file, line (or row), field, its ``code``, the English source ``text`` with
its ``params``, and the ``message`` in the request's language.

Every error of OpenITA (:class:`~openita.errors.OpenITAError`: bad input, a file over a limit,
an unknown fiscal year, ...) is answered by one handler, with the HTTP status the error
carries; what is not an OpenITA error is a bug and a 500 from Django.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from openita.errors import OpenITAError, Problem
from openita.web.api.auth import SessionAuth, TokenAuth
from openita.web.api.routers import agencies, oit_reviews, plans, results

DESCRIPTION = """\
ITA results, scores, analysis, action plans and reports of the agencies you can see.

**Authentication**: `Authorization: Bearer <token>` with a personal token made on the
*API tokens* page (/account/tokens/). When you are logged in to the site, this page's
"Try it out" uses your session instead (changes then need the CSRF token, which this page sends).

**Access** is the same as on the pages: viewers and coordinators read; editors and agency
administrators also upload results and edit plans. An agency you cannot see answers 404.

**Errors**: `{"detail": "plain sentence", "problems": [{"file", "line", "line_label", "field",
"code", "text", "params", "message"}]}`; `problems` is filled for 422 (bad input: nothing was
saved). `code`, `text` (the English source text with `{named}` placeholders) and `params` are
the same in every language; `message` is in the request's language (Accept-Language).
"""


class ThaiJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Thai as Thai (``ensure_ascii`` would send \\u0e40… escapes instead)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="OpenITA API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
    renderer=ThaiJSONRenderer(),
)
api.add_router("/agencies", agencies.router)
api.add_router("/agencies", results.router)
api.add_router("/agencies", plans.router)
api.add_router("/agencies", oit_reviews.router)


def _error(
    request: HttpRequest, status: int, detail: str, problems: list[Problem] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail, "problems": [p.as_dict() for p in problems or []]}
    return api.create_response(request, body, status=status)


def _problems_detail(problems: list[Problem]) -> str:
    n = len(problems)
    return f"{n} problem{'s' if n != 1 else ''} in the input; nothing was changed"


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else "log in or send a Bearer token"
    response = _error(request, 401, message)
    response["WWW-Authenticate"] = 'Bearer realm="openita"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, exc.message)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "not found")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "you may only read this agency's data")


@api.exception_handler(OpenITAError)
def _openita_error(request: HttpRequest, exc: OpenITAError) -> HttpResponse:
    """The one handler of OpenITA's errors: the status the error carries (bad input 422, a file
    too large 413, an unknown year 404, ...), its problems one by one in the request's language.
    """
    problems = exc.problems
    if problems:
        return _error(request, exc.status, _problems_detail(problems), problems)
    return _error(request, exc.status, exc.message)


def _field(loc: list[Any]) -> str | None:
    """``["body", "payload", "set", "O7"]`` -> ``"set.O7"``; ``["query", "page"]`` -> ``"page"``.

    The first step says where the value was (body, query, path, file); for a body the second is
    the Python parameter's name, which means nothing to the caller.
    """
    steps = [str(step) for step in loc]
    steps = steps[2:] if steps[:1] == ["body"] else steps[1:]
    return ".".join(steps) or None


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [
        Problem(
            "request",
            str(error.get("msg", "invalid value")).removeprefix("Value error, "),
            field=_field(list(error.get("loc", []))),
            code=str(error.get("type", "invalid")),
        )
        for error in exc.errors
    ]
    return _error(request, 422, _problems_detail(problems), problems)
