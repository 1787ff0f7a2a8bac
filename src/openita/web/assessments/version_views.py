"""Pages of a year's result versions: the list, a comparison of two, a restore, a file.

Reading needs VIEW on the agency, restoring EDIT (:mod:`openita.web.agencies.access`); every
lookup goes through :mod:`openita.web.assessments.versions`, which filters by agency and year.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from openita.analysis.versions import SECTIONS
from openita.errors import InputError
from openita.web.agencies.access import Access, agency_for
from openita.web.assessments import versions

_SECTION_TITLES = {
    "overall": gettext_lazy("Overall score and level"),
    "tool": gettext_lazy("Tools"),
    "indicator": gettext_lazy("Indicators"),
    "question": gettext_lazy("IIT and EIT questions"),
    "oit": gettext_lazy("OIT items"),
    "official": gettext_lazy("Figures published by NACC"),
}

FILE_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _number(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 7 else None


@login_required
@require_safe
def version_list(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, level = agency_for(request.user, code, Access.VIEW)
    rows = versions.versions_of(agency, year)
    if not rows:
        raise Http404("no result for that year")
    lines = [(v, versions.describe(v)) for v in rows]
    context = {
        "agency": agency,
        "year": year,
        "lines": lines,
        "current": rows[0],
        "can_edit": level >= Access.EDIT,
    }
    return render(request, "assessments/versions.html", context)


@login_required
@require_safe
def version_compare(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, level = agency_for(request.user, code, Access.VIEW)
    rows = versions.versions_of(agency, year)
    if not rows:
        raise Http404("no result for that year")
    newest = rows[0].number
    old = _number(request.GET.get("old"))
    new = _number(request.GET.get("new"))
    new = newest if new is None else new
    old = (rows[1].number if len(rows) > 1 else newest) if old is None else old
    if old > new:
        old, new = new, old
    try:
        diff = versions.compare(agency, year, old, new)
    except versions.NoSuchVersion:
        raise Http404("no such version") from None
    show_all = request.GET.get("all") == "1"
    sections = [
        (name, _SECTION_TITLES[name], diff.section(name, changed_only=not show_all))
        for name in SECTIONS
    ]
    by_number = {v.number: v for v in rows}
    context = {
        "agency": agency,
        "year": year,
        "diff": diff,
        "counts": diff.counts(),
        "sections": [s for s in sections if s[2]],
        "show_all": show_all,
        "numbers": [v.number for v in rows],
        "old_text": versions.describe(by_number[old]),
        "new_text": versions.describe(by_number[new]),
        "can_restore": level >= Access.EDIT and old != newest,
        "newest": newest,
    }
    return render(request, "assessments/version_compare.html", context)


@login_required
@require_POST
def version_restore(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    back = reverse("assessments:versions", kwargs={"code": agency.code, "year": year})
    try:
        row = versions.restore(agency, year, number, request.user)
    except versions.NoSuchVersion:
        raise Http404("no such version") from None
    except versions.AlreadyCurrent:
        messages.info(request, _("Version %(number)s is already the current one.") % {
            "number": number})  # fmt: skip
        return redirect(back)
    except InputError as exc:
        context = {"agency": agency, "year": year, "problems": exc.problems}
        return render(request, "assessments/version_refused.html", context, status=422)
    messages.success(
        request,
        _("Version %(number)s of fiscal year %(year)s was restored as the current result.")
        % {"number": number, "year": row.fiscal_year},
    )
    return redirect(back)


@login_required
@require_safe
def version_file(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    """The version's document exactly as it was checked and saved."""
    agency, _level = agency_for(request.user, code, Access.VIEW)
    try:
        version = versions.get_version(agency, year, number)
    except versions.NoSuchVersion:
        raise Http404("no such version") from None
    name = version.source_name
    suffix = name.rsplit(".", 1)[-1].lower()
    content_type = FILE_TYPES.get(suffix, "application/octet-stream")
    response = HttpResponse(bytes(version.source), content_type=content_type)
    filename = f"v{version.number}-{name}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
