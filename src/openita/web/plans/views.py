"""The plan page, drafting a plan, and the plan as a YAML file (export and import).

Every view starts with :func:`~openita.web.agencies.access.agency_for`; changes need EDIT and
POST. Measure, evidence and comment changes are in ``measure_views`` and ``evidence_views``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openita.analysis.recommendations import plan_year_of
from openita.errors import InputError
from openita.frameworks.loader import UnknownFiscalYear
from openita.thaidate import fiscal_year_bounds
from openita.web.agencies.access import Access, agency_for
from openita.web.agencies.models import Agency
from openita.web.plans import board, planfile, services
from openita.web.plans.forms import DraftForm, FilterForm, ImportForm
from openita.web.plans.models import ActionPlan
from openita.web.plans.responses import plan_url, signed_in


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() else None


def _plan(agency: Agency, year: int | None) -> ActionPlan | None:
    """The plan of ``year``, or the newest plan when no year is asked for."""
    plans = ActionPlan.objects.filter(agency=agency)
    if year is not None:
        return plans.filter(fiscal_year=year).first()
    return plans.order_by("-fiscal_year").first()


def _plan_or_404(agency: Agency, request: HttpRequest) -> ActionPlan:
    plan = _plan(agency, _year(request))
    if plan is None:
        raise Http404("no plan")
    return plan


@login_required
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    agency, level = agency_for(request.user, code, Access.VIEW)
    can_edit = level >= Access.EDIT
    year = _year(request)
    plan = _plan(agency, year)
    context: dict[str, Any] = {
        "agency": agency,
        "can_edit": can_edit,
        "plan": plan,
        "year": year,
        "plan_years": list(
            agency.plans.order_by("-fiscal_year").values_list("fiscal_year", flat=True)
        ),
    }
    # Once a plan exists, only results newer than the newest plan's are worth offering.
    newest = context["plan_years"][0] if context["plan_years"] else None
    draftable = [
        y for y in board.draftable_years(agency) if newest is None or plan_year_of(y) > newest
    ]
    if can_edit and draftable:
        context["draft_form"] = DraftForm(years=draftable, initial={"result_year": draftable[0]})
    context["has_results"] = agency.results.exists()
    if plan is None:
        return render(request, "plans/detail.html", context)
    today = timezone.localdate()
    year_end = fiscal_year_bounds(plan.fiscal_year)[1]
    if today > year_end and "draft_form" not in context:
        # The plan's year is over and no newer result has come in to draft the next plan from:
        # say what is due now (the year-end progress report, the next results).
        context["year_ended"] = year_end
    query = request.GET.copy()
    if query.get("status") == board.OVERDUE:  # the old link: overdue is a filter of its own
        query["status"], query["overdue"] = "", "on"
    filters = FilterForm(query, statuses=board.status_choices(), units=board.unit_choices(plan))
    status, unit = filters.value("status"), filters.value("unit")
    overdue_only = filters.value("overdue") == "True"
    opened = request.GET.get("open", "")
    sections = board.sections(plan, today, status, unit, overdue_only, opened)
    shown = sum(len(s.rows) for s in sections)
    context.update(
        filters=filters,
        filtering=bool(status or unit or overdue_only),
        sections=sections,
        all_open=all(s.open for s in sections),
        shown=shown,
        progress=services.progress(plan),
        overdue=board.overdue_count(plan, today),
        import_form=ImportForm() if can_edit else None,
    )
    return render(request, "plans/detail.html", context)


@login_required
@require_POST
def draft(request: HttpRequest, code: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    form = DraftForm(request.POST, years=_result_years(agency))
    back = reverse("plans:detail", kwargs={"code": agency.code})
    if not form.is_valid():
        messages.error(request, _("Choose a result year to draft the plan from."))
        return HttpResponseRedirect(back)
    result_year: int = form.cleaned_data["result_year"]
    existed = ActionPlan.objects.filter(
        agency=agency, fiscal_year=plan_year_of(result_year)
    ).exists()
    try:
        plan = services.create_draft(agency, result_year)
    except (services.NoResult, UnknownFiscalYear):
        messages.error(
            request,
            _("There is no scored result of %(year)s to draft a plan from.")
            % {"year": result_year},
        )
        return HttpResponseRedirect(back)
    if existed:
        messages.info(
            request,
            _("The plan for %(year)s already exists; it was kept as it is.")
            % {"year": plan.fiscal_year},
        )
    else:
        messages.success(
            request,
            _("Drafted the plan for %(year)s from the results of %(based)s.")
            % {"year": plan.fiscal_year, "based": plan.based_on_year},
        )
    return HttpResponseRedirect(plan_url(plan))


def _result_years(agency: Agency) -> list[int]:
    """Every stored result year; one without a framework is refused by ``create_draft``."""
    return list(agency.results.values_list("fiscal_year", flat=True))


@login_required
@require_GET
def export(request: HttpRequest, code: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.VIEW)
    plan = _plan_or_404(agency, request)
    response = HttpResponse(
        planfile.export_yaml(plan).encode("utf-8"), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{planfile.file_name(plan)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_plan(request: HttpRequest, code: str) -> HttpResponse:
    """Replace the plan's measures from an uploaded YAML file; errors are shown, nothing saved."""
    agency, _level = agency_for(request.user, code, Access.EDIT)
    plan = _plan_or_404(agency, request)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = planfile.import_file(plan, upload.read(), upload.name, signed_in(request))
        except InputError as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _(
                    "Imported the plan file: %(updated)s measures changed, %(added)s added, "
                    "%(removed)s removed, %(unchanged)s unchanged."
                )
                % vars(summary),
            )
            if summary.notes_added or summary.links_added:
                messages.info(
                    request,
                    _(
                        "From the file's progress notes: %(notes)s notes and %(links)s evidence "
                        "links added."
                    )
                    % {"notes": summary.notes_added, "links": summary.links_added},
                )
            if summary.raised_to_full:
                messages.info(
                    request,
                    _("%(n)s measures marked done were set to 100%% done.")
                    % {"n": summary.raised_to_full},
                )
            return HttpResponseRedirect(plan_url(plan))
    context = {"agency": agency, "plan": plan, "form": form, "problems": problems}
    return render(request, "plans/import.html", context, status=400 if problems else 200)


@login_required
@require_GET
def progress_report(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The progress report (DOCX or PDF) of the plan of ``?year=``, as of today or ``?round=``,
    in Arabic digits or ``?digits=thai``."""
    from django.utils.http import content_disposition_header

    from openita.web.assessments.reporting import digits_param
    from openita.web.plans import progress_report as progress_file

    agency, _level = agency_for(request.user, code, Access.VIEW)
    plan = _plan_or_404(agency, request)
    raw_round = request.GET.get("round", "")
    digits = digits_param(request.GET.get("digits"))
    if fmt not in ("docx", "pdf") or raw_round not in ("", "6", "12") or digits is None:
        raise Http404("no such progress report")
    months = int(raw_round) if raw_round else None
    file = progress_file.render(plan, fmt, months, timezone.localdate(), digits)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    return response
