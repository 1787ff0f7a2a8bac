"""OIT workspace pages under ``/a/<code>/oit/<year>/`` and the public disclosure page under
``/p/<code>/<year>/oit/`` (no login; only items the agency marked public)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST, require_safe

from openita.errors import InputError
from openita.frameworks.loader import MAX_YEAR, MIN_YEAR, UnknownFiscalYear
from openita.web.agencies.access import Access, agency_for
from openita.web.agencies.models import Agency
from openita.web.oit import checklist as checklists
from openita.web.oit.forms import LinkForm, StateForm
from openita.web.oit.models import CheckRun, EvidenceLink, ItemState
from openita.web.oit.tasks import run_self_check
from openita.web.plans.responses import signed_in


def _checklist(agency: Agency, year: int) -> checklists.Checklist:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("no such fiscal year")
    from openita.web.assessments import services
    from openita.web.assessments.models import Result

    row = Result.objects.filter(agency=agency, fiscal_year=year, published_only=False).first()
    base = None
    if row is not None:
        try:
            base = services.load_result(row)
        except InputError:
            base = None
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
    agency, level = agency_for(request.user, code, Access.VIEW)
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
        "public_url": public_url,
        "embed_url": request.build_absolute_uri(
            reverse("oit_public:embed", kwargs={"code": code, "year": year})
        ),
    }
    return render(request, "oit/checklist.html", context)


def _item_or_404(agency: Agency, year: int, item_id: str) -> str:
    sheet_framework = _checklist(agency, year).framework
    if not checklists.is_item(sheet_framework, item_id):
        raise Http404("no such OIT item")
    return item_id


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
    with transaction.atomic():
        busy = (
            CheckRun.objects.select_for_update()
            .filter(
                agency=agency,
                fiscal_year=year,
                status__in=[CheckRun.Status.QUEUED, CheckRun.Status.RUNNING],
            )
            .exists()
        )
        if busy:
            messages.info(request, _("A self-check of this year is already running."))
            return _back(code, year)
        run = CheckRun.objects.create(
            agency=agency,
            fiscal_year=year,
            requested_by=signed_in(request),
            crawl=request.POST.get("crawl") == "on",
        )
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
                "links": [{"url": link.url, "label": link.label} for link in item.links],
            }
            for item in items
        ],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
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
