"""The result template download of the upload page (:mod:`openita.ingest.template`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from openita.frameworks import available_years, load_framework
from openita.ingest.template import template_csv, template_rows, template_xlsx
from openita.web.agencies.access import Access, agency_for

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template_year(asked: str | None) -> int:
    """The asked fiscal year when the site has its framework, else the newest one."""
    years = available_years()
    if asked and asked.isdigit() and int(asked) in years:
        return int(asked)
    return years[-1]


@login_required
@require_GET
def result_template(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    if fmt not in CONTENT_TYPES:
        raise Http404
    framework = load_framework(template_year(request.GET.get("year")), agency.kind)
    rows = template_rows(framework, agency.name, agency.code)
    data = template_csv(rows) if fmt == "csv" else template_xlsx(rows)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"result-{framework.fiscal_year}-{agency.code}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
