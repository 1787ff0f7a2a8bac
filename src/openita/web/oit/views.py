"""OIT workspace pages under ``/a/<code>/oit/<year>/`` and the public disclosure page under
``/p/<code>/<year>/oit/`` (no login; only items the agency marked public)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST, require_safe

from openita.errors import InputError
from openita.frameworks.loader import MAX_YEAR, MIN_YEAR, UnknownFiscalYear
from openita.web.agencies.access import (
    Access,
    OitNeed,
    agency_for,
    may_review,
    oit_agency_for,
)
from openita.web.agencies.models import Agency
from openita.web.oit import checklist as checklists
from openita.web.oit import documents, review
from openita.web.oit.forms import CheckStartForm, FileForm, LinkForm, StateForm
from openita.web.oit.models import (
    CheckOutcome,
    CheckRun,
    DocumentEvidence,
    EvidenceFile,
    EvidenceLink,
    ItemState,
)
from openita.web.oit.tasks import run_self_check, start_run
from openita.web.plans import evidence_files, evidence_storage
from openita.web.plans.responses import signed_in


def _checklist(agency: Agency, year: int) -> checklists.Checklist:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("no such fiscal year")
    base = review.stored_base(agency, year)
    try:
        return checklists.checklist(agency, year, base)
    except (UnknownFiscalYear, InputError):
        raise Http404("no framework for that fiscal year") from None


def _back(code: str, year: int, anchor: str = "") -> HttpResponse:
    url = reverse("oit:checklist", kwargs={"code": code, "year": year})
    return redirect(url + (f"#{anchor}" if anchor else ""))


@login_required
@require_safe
def checklist(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _checklist_page(request, code, year)


def _checklist_page(
    request: HttpRequest,
    code: str,
    year: int,
    *,
    check_form: CheckStartForm | None = None,
    refused: Any = None,
    status: int = 200,
) -> HttpResponse:
    """The checklist; ``check_form`` and ``refused`` (a contest the service refused, see
    :class:`openita.web.oit.review_views.Refused`) show their errors at their fields."""
    agency, level = oit_agency_for(request.user, code, year, OitNeed.READ)
    sheet = _checklist(agency, year)
    public_url = request.build_absolute_uri(
        reverse("oit_public:page", kwargs={"code": code, "year": year})
    )
    context: dict[str, Any] = {
        "agency": agency,
        "year": year,
        "sheet": sheet,
        "can_edit": level >= Access.EDIT,
        "link_form": LinkForm(),
        "check_form": check_form or CheckStartForm(),
        "refused": refused,
        "file_help": _("Allowed: %(types)s; at most %(mb)s MB.")
        % {
            "types": evidence_files.allowed_text(),
            "mb": f"{evidence_files.max_size() / 1_048_576:.0f}",
        },
        "public_url": public_url,
        "reviews": (current := review.current_reviews(agency, year)),
        "contests": review.contests(agency, year),
        "reviewed": review.reviewed_scores(
            agency, sheet.framework, review.stored_base(agency, year), reviews=current
        ),
        "phase": review.phase_of(year),
        "may_review": may_review(request.user, agency, year),
        "embed_url": request.build_absolute_uri(
            reverse("oit_public:embed", kwargs={"code": code, "year": year})
        ),
    }
    return render(request, "oit/checklist.html", context, status=status)


def _item_or_404(agency: Agency, year: int, item_id: str) -> str:
    sheet_framework = _checklist(agency, year).framework
    if not checklists.is_item(sheet_framework, item_id):
        raise Http404("no such OIT item")
    return item_id


def _item_in_sheet(agency: Agency, year: int, item_id: str) -> checklists.Item:
    for item in _checklist(agency, year).items:
        if item.id == item_id:
            return item
    raise Http404("no such OIT item")


def _errors(request: HttpRequest, item_id: str, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"{item_id}: {error}")


def _file_response(upload: EvidenceFile) -> FileResponse:
    """An evidence file as an attachment that no browser runs or sniffs into a page."""
    try:
        handle = upload.file.open("rb")
    except FileNotFoundError:
        raise Http404("the file is missing from storage") from None
    name = evidence_files.download_name(upload.title, upload.file.name or "")
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = "application/octet-stream"
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def file_add(request: HttpRequest, code: str, year: int, item: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    item_id = _item_or_404(agency, year, item)
    upload = EvidenceFile(
        agency=agency, fiscal_year=year, item_id=item_id, added_by=signed_in(request)
    )
    form = FileForm(request.POST, request.FILES, instance=upload)
    if not form.is_valid():
        _errors(request, item_id, form)
        return _back(code, year, item_id)
    evidence_storage.save(form)
    messages.success(request, _("Added the file to %(item)s.") % {"item": item_id})
    return _back(code, year, item_id)


@login_required
@require_safe
def file_download(request: HttpRequest, code: str, year: int, pk: int) -> FileResponse:
    agency, _level = oit_agency_for(request.user, code, year, OitNeed.READ)
    return _file_response(get_object_or_404(EvidenceFile, pk=pk, agency=agency, fiscal_year=year))


@login_required
@require_POST
def file_delete(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    upload = get_object_or_404(EvidenceFile, pk=pk, agency=agency, fiscal_year=year)
    stored = upload.file
    upload.delete()
    # The row first, the file once that is committed (evidence_storage: a crash leaves only
    # an orphan file, never a row without its file).
    transaction.on_commit(lambda: stored.delete(save=False))
    messages.success(
        request,
        _("Removed the file “%(title)s” from %(item)s.")
        % {"title": upload.title, "item": upload.item_id},
    )
    return _back(code, year, upload.item_id)


@login_required
@require_POST
def document_attach(request: HttpRequest, code: str, year: int, item: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    found = _item_in_sheet(agency, year, item)
    offer = found.offer
    if offer is None:
        raise Http404("this item takes no OpenITA document")
    if not offer.available:
        messages.error(request, f"{found.id}: {offer.missing}")
        return _back(code, year, found.id)
    DocumentEvidence.objects.update_or_create(
        agency=agency,
        fiscal_year=year,
        item_id=found.id,
        kind=offer.kind.value,
        defaults={"document_year": offer.year, "added_by": signed_in(request)},
    )
    messages.success(
        request,
        _("Attached %(document)s to %(item)s.") % {"document": offer.name, "item": found.id},
    )
    if not found.public:
        messages.info(
            request,
            _("Its link opens for everyone once %(item)s is shown on the public page.")
            % {"item": found.id},
        )
    return _back(code, year, found.id)


@login_required
@require_POST
def document_detach(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    row = get_object_or_404(DocumentEvidence, pk=pk, agency=agency, fiscal_year=year)
    row.delete()
    message = _("Removed the OpenITA document from %(item)s.") % {"item": row.item_id}
    messages.success(request, message)
    return _back(code, year, row.item_id)


@login_required
@require_safe
def item_history(request: HttpRequest, code: str, year: int, item: str) -> HttpResponse:
    agency, _level = oit_agency_for(request.user, code, year, OitNeed.READ)
    found = _item_in_sheet(agency, year, item)
    outcomes = (
        CheckOutcome.objects.filter(
            run__agency=agency,
            run__fiscal_year=year,
            run__status=CheckRun.Status.DONE,
            item_id=found.id,
        )
        .select_related("run", "run__requested_by")
        .order_by("-run__finished_at", "-run__pk")
    )
    rows = [checklists.Checked.of(outcome) for outcome in outcomes]
    context = {"agency": agency, "year": year, "item": found, "rows": rows}
    return render(request, "oit/item_history.html", context)


@login_required
@require_POST
def link_add(request: HttpRequest, code: str, year: int, item: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    item_id = _item_or_404(agency, year, item)
    form = LinkForm(
        request.POST,
        instance=EvidenceLink(
            agency=agency, fiscal_year=year, item_id=item_id, added_by=signed_in(request)
        ),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{item_id}: {error}")
        return _back(code, year, item_id)
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        messages.info(request, _("%(item)s already has this link.") % {"item": item_id})
    else:
        messages.success(request, _("Added the link to %(item)s.") % {"item": item_id})
    return _back(code, year, item_id)


@login_required
@require_POST
def link_delete(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    link = get_object_or_404(EvidenceLink, pk=pk, agency=agency, fiscal_year=year)
    link.delete()
    messages.success(request, _("Removed the link from %(item)s.") % {"item": link.item_id})
    return _back(code, year, link.item_id)


@login_required
@require_POST
def item_state(request: HttpRequest, code: str, year: int, item: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    item_id = _item_or_404(agency, year, item)
    state = ItemState.objects.filter(agency=agency, fiscal_year=year, item_id=item_id).first()
    form = StateForm(
        request.POST,
        instance=state or ItemState(agency=agency, fiscal_year=year, item_id=item_id),
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved %(item)s.") % {"item": item_id})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{item_id}: {error}")
    return _back(code, year, item_id)


@login_required
@require_POST
def check_start(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    _checklist(agency, year)
    form = CheckStartForm(request.POST)
    if not form.is_valid():  # shown at the field, on the page the button is on
        return _checklist_page(request, code, year, check_form=form, status=400)
    run = start_run(
        agency,
        year,
        requested_by=signed_in(request),
        crawl=form.cleaned_data["crawl"],
        crawl_from=form.cleaned_data["crawl_from"],
    )
    if run is None:
        messages.info(request, _("A self-check of this year is already running."))
        return _back(code, year)
    transaction.on_commit(lambda: run_self_check.enqueue(run.pk))
    messages.success(
        request,
        _("The self-check has started. Reload this page in a minute to see what it found."),
    )
    return _back(code, year)


@login_required
@require_POST
def check_cancel(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    run = get_object_or_404(CheckRun, pk=pk, agency=agency, fiscal_year=year)
    if run.active:
        CheckRun.objects.filter(pk=run.pk).update(cancel_requested=True)
        messages.info(request, _("The self-check will stop in a moment."))
    return _back(code, year)


# -- the public disclosure page -------------------------------------------------------------


def _public(code: str, year: int) -> tuple[Agency, list[checklists.Item], checklists.Checklist]:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404("no such agency")
    sheet = _checklist(agency, year)
    items = [item for item in sheet.items if item.public]
    if not items:
        # An agency that published nothing for the year has no public page (and no way to
        # tell apart "no such agency" from "nothing published").
        raise Http404("nothing published")
    return agency, items, sheet


@require_safe
def public(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, _items, sheet = _public(code, year)
    groups = []
    for indicator, name, subs in sheet.groups:
        shown = [(g, [i for i in g.items if i.public]) for g in subs]
        groups.append((indicator, name, [(g, items) for g, items in shown if items]))
    context = {"agency": agency, "year": year, "groups": groups}
    return render(request, "oit/public.html", context)


@require_safe
def public_feed(request: HttpRequest, code: str, year: int) -> JsonResponse:
    agency, items, _sheet = _public(code, year)
    payload = {
        "agency": {"code": agency.code, "name": agency.name},
        "fiscal_year": year,
        "items": [
            {
                "id": item.id,
                "title": item.title,
                "period_year": item.period_year,
                "links": [{"url": link.url, "label": link.label} for link in item.links]
                + [
                    {"url": request.build_absolute_uri(url), "label": label}
                    for url, label in public_evidence(item, agency.code, year)
                ],
            }
            for item in items
        ],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def public_evidence(item: checklists.Item, code: str, year: int) -> list[tuple[str, str]]:
    """The public item's uploaded files and OpenITA document: (path, label)."""
    shown = [
        (
            reverse("oit_public:file", kwargs={"code": code, "year": year, "pk": upload.pk}),
            upload.title,
        )
        for upload in item.files
    ]
    if item.document is not None and item.offer is not None and item.offer.available:
        path = reverse(
            "oit_public:document",
            kwargs={"code": code, "year": item.document.document_year, "kind": item.document.kind},
        )
        shown.append((path, item.offer.name))
    return shown


@require_safe
def public_file(request: HttpRequest, code: str, year: int, pk: int) -> FileResponse:
    """An uploaded file of a public item, without login; any other file is 404."""
    upload = get_object_or_404(EvidenceFile, pk=pk, agency__code=code, fiscal_year=year)
    if not ItemState.objects.filter(
        agency=upload.agency, fiscal_year=year, item_id=upload.item_id, public=True
    ).exists():
        raise Http404("not published")
    return _file_response(upload)


@require_safe
def public_document(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponseBase:
    """The latest stored PDF of an OpenITA document of ``year`` while an item showing it is
    public; never rendered here (:func:`documents.for_public`).

    ``year`` is the document's own year (the report's results year, the progress report's
    plan year), so the address stays the same as the document is updated. While no PDF is
    stored yet the answer is a short page, 503 with ``Retry-After`` (docs/oit.md).
    """
    if kind not in {k.value for k in documents.Kind}:
        raise Http404("no such document")
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404("no such agency")
    if (documents.Kind(kind), year) not in documents.published(agency):
        raise Http404("not published")
    try:
        served = documents.for_public(agency, documents.Kind(kind), year)
    except documents.NoDocument:
        raise Http404("the document cannot be made") from None
    if served.stored is not None:
        try:
            handle = served.stored.file.open("rb")
        except FileNotFoundError:  # replaced by a newer rendering a moment ago
            handle = None
        if handle is not None:
            pdf = FileResponse(handle, content_type="application/pdf")
            name = served.stored.filename or f"{kind}-{year}.pdf"
            pdf["Content-Disposition"] = content_disposition_header(False, name) or ""
            pdf["X-Content-Type-Options"] = "nosniff"
            # An out-of-date copy is served while the new one is made: ask again sooner.
            pdf["Cache-Control"] = f"public, max-age={300 if served.fresh else 60}"
            return pdf
    response = render(
        request,
        "oit/document_pending.html",
        {"agency": agency, "retry": documents.RETRY_AFTER_SECONDS},
        status=503,
    )
    response["Retry-After"] = str(documents.RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # An expected answer, not a server error: keep it out of Django's error log (the flag
    # django.utils.log.log_response reads), or every crawler visit would log an ERROR.
    setattr(response, "_has_been_logged", True)  # noqa: B010
    return response


@xframe_options_exempt
@require_safe
def public_embed(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, items, _sheet = _public(code, year)
    response = render(request, "oit/embed.html", {"agency": agency, "year": year, "items": items})
    # The agency frames this list on its own website: any page may embed it, nothing else.
    from openita.web.http_headers import CONTENT_SECURITY_POLICY

    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors *"
    )
    return response
