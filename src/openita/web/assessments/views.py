"""Agency result pages: dashboard, what-if, upload or form entry with preview, report files.

Every view starts with :func:`~openita.web.agencies.access.agency_for` (VIEW to read, EDIT to
upload); the figures come from the services and the analysis package, the views only choose
the template. A result is saved in two steps — check (nothing saved, problems shown inline with
row and field) then confirm — because a clerk's file often contradicts itself (the seed's
indicator 8) and the working group should see what it is about to publish internally.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openita.errors import InputError, Problem
from openita.frameworks import Framework, available_years, load_framework
from openita.scoring.model import AgencyResult
from openita.web.agencies.access import Access, agency_for
from openita.web.agencies.models import Agency
from openita.web.assessments import pending as pending_files
from openita.web.assessments import reporting, services, versions
from openita.web.assessments.dashboard import NoSuchYear, dashboard_for
from openita.web.assessments.forms import EntryForm, PasteForm, UploadForm
from openita.web.assessments.models import Result, VersionKind
from openita.web.assessments.simulation import NotSimulable, what_if


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) != 4:
        raise Http404("no such year")
    return int(text)


@login_required
@require_safe
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    agency, level = agency_for(request.user, code, Access.VIEW)
    try:
        board = dashboard_for(agency, _year(request))
    except NoSuchYear:
        raise Http404("no result for that year") from None
    context = {"agency": agency, "board": board, "can_edit": level >= Access.EDIT}
    from openita.web.oit import review as oit_review

    if (reviewed := oit_review.latest_summary(agency)) is not None:
        context |= {"reviewed_year": reviewed[0], "reviewed": reviewed[1]}
    if board.fiscal_year is not None:
        shown = versions.current_version(agency, board.fiscal_year)
        context |= {"version": shown, "version_text": versions.describe(shown) if shown else ""}
    return render(request, "assessments/dashboard.html", context)


@login_required
@require_safe
def whatif(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.VIEW)
    try:
        page = what_if(agency, year, request.GET)
    except NotSimulable:
        raise Http404("no result with a framework for that year") from None
    # htmx swaps only the figures; a history restore (back button) needs the whole page.
    partial = bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "assessments/_whatif_figures.html" if partial else "assessments/whatif.html"
    response = render(request, template, {"agency": agency, "page": page})
    # the same URL answers a page or a fragment: caches must keep them apart
    patch_vary_headers(response, ["HX-Request"])
    return response


def _problems_page(
    request: HttpRequest,
    agency: Agency,
    problems: list[Problem],
    form: UploadForm | None = None,
    paste_form: PasteForm | None = None,
) -> HttpResponse:
    context = {
        "agency": agency,
        "form": form or UploadForm(),
        "paste_form": paste_form or PasteForm(available_years()),
        "problems": problems,
        "pasted": paste_form is not None,
    }
    return render(request, "assessments/upload.html", context, status=422)


def _check(request: HttpRequest, agency: Agency, name: str, data: bytes) -> HttpResponse | None:
    """Check the file; keep it for the confirm step. Returns the error page, or None if kept."""
    try:
        services.read_upload(data, name, agency)
    except InputError as exc:
        pending_files.forget(request.session)
        return _problems_page(request, agency, exc.problems)
    pending_files.keep(request.session, agency, name, data)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, code: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    paste_form = PasteForm(available_years())
    if request.method != "POST":
        shown = {"agency": agency, "form": UploadForm(), "paste_form": paste_form}
        return render(request, "assessments/upload.html", shown)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        refused = {"agency": agency, "form": form, "paste_form": paste_form}
        return render(request, "assessments/upload.html", refused, status=422)
    file = form.cleaned_data["file"]
    name = (file.name or "result").rsplit("/", 1)[-1]
    failed = _check(request, agency, name, file.read())
    return failed or redirect("assessments:upload_confirm", code=agency.code)


@login_required
@require_POST
def paste(request: HttpRequest, code: str) -> HttpResponse:
    """A pasted results table: checked like a file, the same preview, the same problems."""
    from openita.ingest.paste import complete

    agency, _level = agency_for(request.user, code, Access.EDIT)
    form = PasteForm(available_years(), data=request.POST)
    if not form.is_valid():
        shown = {"agency": agency, "form": UploadForm(), "paste_form": form, "pasted": True}
        return render(request, "assessments/upload.html", shown, status=422)
    year = form.cleaned_data["fiscal_year"]
    data = complete(form.cleaned_data["text"], year, agency.name, agency.code)
    name = f"{agency.code}-{year}-pasted.txt"
    try:
        checked = services.read_upload(data, name, agency)
    except InputError as exc:
        pending_files.forget(request.session)
        return _problems_page(request, agency, exc.problems, paste_form=form)
    # the year the text names may differ from the one chosen: the file is named after it
    named = f"{agency.code}-{checked.result.fiscal_year}-pasted.txt"
    pending_files.keep(request.session, agency, named, data, VersionKind.PASTE)
    return redirect("assessments:upload_confirm", code=agency.code)


DETAIL_CHOICES = ("keep", "replace")


@login_required
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest, code: str) -> HttpResponse:
    """Type a year's indicator scores. Over a stored version with question and OIT detail,
    the user first chooses: keep the detail (merge) or replace it (issue 14: never silently)."""
    agency, _level = agency_for(request.user, code, Access.EDIT)
    years = available_years()
    source = request.POST if request.method == "POST" else request.GET
    wanted = source.get("fiscal_year") or source.get("year") or ""
    year = int(wanted) if wanted.isdigit() and int(wanted) in years else years[-1]
    framework = load_framework(year, agency.kind)
    stored = Result.objects.filter(agency=agency, fiscal_year=year, published_only=False)
    row = stored.first()
    result = services.load_result(row) if row else None
    detailed = result if result is not None and services.has_detail(result) else None
    shown_version = versions.current_version(agency, year) if detailed else None
    shown: dict[str, Any] = {
        "agency": agency,
        "prefilled": row is not None,
        "detail": _detail_counts(framework, detailed) if detailed else None,
        "detail_version": shown_version,
    }
    if request.method != "POST":
        initial = EntryForm.initial_from(result) if result else None
        form = EntryForm(framework, reversed(years), initial=initial)
        return render(request, "assessments/enter.html", {**shown, "form": form})
    form = EntryForm(framework, reversed(years), data=request.POST)
    problems: list[Problem] = []
    choice = request.POST.get("detail", "")
    if form.is_valid() and detailed is not None and choice not in DETAIL_CHOICES:
        # ask first; the typed values stay in the form
        return render(request, "assessments/enter.html", {**shown, "form": form, "ask": True})
    if form.is_valid():
        keep = detailed if choice == "keep" else None
        name, data = services.entered_result(agency, year, form.values(), keep)
        try:
            services.read_upload(data, name, agency)
        except InputError as exc:
            problems = exc.problems
        else:
            kind, based_on = VersionKind.FORM, None
            if keep is not None:
                kind = VersionKind.FORM_MERGE
                based_on = shown_version.number if shown_version else None
            pending_files.keep(request.session, agency, name, data, kind, based_on)
            return redirect("assessments:upload_confirm", code=agency.code)
    refused = {**shown, "form": form, "problems": problems}
    return render(request, "assessments/enter.html", refused, status=422)


def _detail_counts(framework: Framework, result: AgencyResult) -> dict[str, int]:
    """How many questions and OIT items the stored version scores (the choice names them)."""
    ids = set(result.questions) | set(result.question_parts)
    oit = sum(1 for i in ids if i in framework.oit_items)
    return {"questions": len(ids) - oit, "items": oit}


@login_required
@require_http_methods(["GET", "POST"])
def upload_confirm(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the preview of the waiting file. POST: save it (or ``cancel``: drop it)."""
    agency, _level = agency_for(request.user, code, Access.EDIT)
    try:
        waiting = pending_files.waiting(request.session, agency)
    except pending_files.PendingExpired:
        messages.warning(
            request,
            _(
                "The checked file waited more than %(minutes)s minutes and was removed; "
                "nothing was saved. Upload it again."
            )
            % {"minutes": pending_files.PENDING_TTL_SECONDS // 60},
        )
        return redirect("assessments:upload", code=agency.code)
    if waiting is None:
        messages.warning(request, _("There is no checked file waiting: upload one first."))
        return redirect("assessments:upload", code=agency.code)
    if request.method == "POST" and "cancel" in request.POST:
        pending_files.forget(request.session)
        messages.info(request, _("The upload was cancelled; nothing was saved."))
        return redirect("assessments:upload", code=agency.code)
    if request.method == "POST" and request.POST.get("sha256") != waiting.sha256:
        messages.error(
            request,
            _("Another file was checked after this preview; check the preview below again."),
        )
        return redirect("assessments:upload_confirm", code=agency.code)
    try:
        checked = services.read_upload(waiting.data, waiting.name, agency)
    except InputError as exc:
        pending_files.forget(request.session)
        return _problems_page(request, agency, exc.problems)
    if request.method != "POST":
        shown = pending_files.preview(agency, waiting, checked)
        return render(request, "assessments/preview.html", {"agency": agency, "preview": shown})
    origin = services.Origin(waiting.kind, waiting.based_on)
    row = services.save_result(agency, checked, request.user, origin)
    pending_files.forget(request.session)
    messages.success(
        request,
        _("The result of fiscal year %(year)s was saved.") % {"year": row.fiscal_year},
    )
    url = reverse("assessments:dashboard", kwargs={"code": agency.code})
    return redirect(f"{url}?year={row.fiscal_year}")


@login_required
@require_safe
def report(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.VIEW)
    digits = reporting.digits_param(request.GET.get("digits"))
    if digits is None:
        raise Http404("no such digits")
    try:
        file = reporting.render(agency, year, fmt, digits)
    except reporting.NoReport:
        raise Http404("no report for that year") from None
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    return response
