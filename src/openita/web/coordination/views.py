"""The coordinator's pages: the table of agencies in scope and its XLSX export.

Only coordinators (a :class:`~openita.web.agencies.models.CoordinatorScope`, or a site
administrator) may open them; everyone else gets 403. What a coordinator sees is decided by
:func:`openita.web.agencies.access.coordinated_agencies`, inside :mod:`.table`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from openita.web.agencies.access import is_coordinator
from openita.web.coordination import export
from openita.web.coordination.query import UPLOAD_LABELS
from openita.web.coordination.table import all_rows, build_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_coordinator(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied("only coordinators see the coordination table")


def _wants_fragment(request: HttpRequest) -> bool:
    """htmx swapping the table in place (not restoring a page from its history)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@login_required
@require_safe
def table(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    context = {"table": build_table(request.user, request.GET), "statuses": UPLOAD_LABELS}
    fragment = _wants_fragment(request)
    template = "coordination/_table.html" if fragment else "coordination/table.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_safe
def export_xlsx(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    query, rows = all_rows(request.user, request.GET)
    response = HttpResponse(export.workbook(rows, query.year), content_type=XLSX)
    name = f"openita-coordination-{query.year or 'all'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
