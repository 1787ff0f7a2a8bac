"""``/api/agencies/{code}/plans``, ``…/measures/{id}`` and ``…/measures/{id}/notes``: the action
plan, its tracking and the dated progress notes the progress report is built from.

A plan is drafted from a stored result by :func:`openita.web.plans.services.create_draft`
(the plan of 2569 answers the results of 2568); its measures are then tracked through the
year. Every measure is looked up through the agency in the URL, so the id of another agency's
measure is a 404 like any id that does not exist.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status as HttpStatus

from openita.errors import InputError, Problem
from openita.web import stored_text
from openita.web.agencies.access import Access, agency_for
from openita.web.agencies.models import Agency
from openita.web.api.auth import acting, caller
from openita.web.api.routers import (
    READ_ERRORS,
    REPORT_ERRORS,
    WRITE_ERRORS,
    file_answer,
    file_response,
)
from openita.web.api.schemas import (
    ErrorPublic,
    MeasurePublic,
    MeasureUpdate,
    MeasureUpdatePublic,
    PlanCreate,
    PlanPublic,
    PlanSummaryPublic,
    ProgressNoteAddedPublic,
    ProgressNoteCreate,
    ProgressNotePublic,
    ProgressReportOptions,
)
from openita.web.assessments.reporting import CONTENT_TYPES
from openita.web.plans import progress_report, services, versions
from openita.web.plans.models import ActionPlan, Measure, ProgressNote
from openita.web.plans.rules import is_overdue, note_date_problem, settle

router = Router(tags=["plans"])

REQUEST = "request"
DONE_MEANS_100 = "progress set to 100 because the status is done"
SUGGEST_DONE = "progress is 100: set the status to done when the measure is finished"


def measure_public(measure: Measure) -> dict[str, Any]:
    return {
        "id": measure.pk,
        "title": measure.title,
        # The agency's own unit when one is linked, as in the report (services.action_plan).
        "responsible_unit": (
            measure.unit.name if measure.unit is not None else measure.responsible_unit
        ),
        "steps": [line.strip() for line in measure.steps.splitlines() if line.strip()],
        "start": measure.start,
        "end": measure.end,
        "kpi": measure.kpi,
        "status": measure.status,
        "progress": measure.progress,
        "overdue": is_overdue(measure.end, measure.status, timezone.localdate()),
        "addresses": list(measure.addresses),
        "updated_at": measure.updated_at,
        "version": measure.version,
    }


def progress_public(progress: services.Progress) -> dict[str, Any]:
    return {
        "measures": progress.measures,
        "done": progress.done,
        "percent": round(progress.percent, 2),
        "label": progress.label,
    }


def plan_summary(plan: ActionPlan, progress: services.Progress) -> dict[str, Any]:
    return {
        "fiscal_year": plan.fiscal_year,
        "based_on_year": plan.based_on_year,
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
        "progress": progress_public(progress),
    }


def plan_public(plan: ActionPlan) -> dict[str, Any]:
    sections = plan.sections.prefetch_related("measures__unit").order_by("position", "pk")
    return {
        **plan_summary(plan, services.progress(plan)),
        "sections": [
            {
                "id": section.pk,
                "indicator": section.indicator,
                "indicator_name": section.indicator_name,
                "issue": section.issue,
                "measures": [measure_public(m) for m in section.measures.all()],
            }
            for section in sections
        ],
    }


def _measure(agency: Agency, measure_id: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related("unit"), pk=measure_id, section__plan__agency=agency
    )


def apply_update(agency: Agency, measure: Measure, changes: dict[str, Any]) -> list[str]:
    """Apply a PATCH to ``measure`` (not saved) with the plan page's rules; return notes.

    Percent done is 0-100 (the schema); the due date is not before the start (the model's
    ``end_after_start`` constraint, checked here first so the answer names the field); status
    and percent done are settled by :func:`openita.web.plans.rules.settle`, the rule the plan
    page uses: a done measure counts as 100 %, and 100 % only suggests done. Texts follow
    :mod:`openita.web.stored_text` (length of the column, no control characters).
    """
    start = changes.get("start", measure.start)
    end = changes.get("end", measure.end)
    if end < start:
        field = "end" if "end" in changes else "start"
        raise InputError(
            [Problem(REQUEST, f"the due date {end} is before the start {start}", field=field)]
        )
    settled = settle(
        changes.get("status", measure.status), changes.get("progress", measure.progress)
    )
    notes: list[str] = []
    if settled.raised_to_full:
        changes["progress"] = settled.progress
        notes.append(DONE_MEANS_100)
    if settled.suggest_done and ("progress" in changes or "status" in changes):
        notes.append(SUGGEST_DONE)
    if "steps" in changes:
        changes["steps"] = "\n".join(s.strip() for s in changes["steps"] if s.strip())
    for name, value in changes.items():
        if isinstance(value, str):
            changes[name] = stored_text.normalise(value)
    refused = [
        Problem(REQUEST, f"{name} {problem.english()}", field=name)
        for name, problem in stored_text.faults(Measure, changes)
    ]
    if refused:
        raise InputError(refused)
    if "responsible_unit" in changes:
        measure.unit = agency.units.filter(name=changes["responsible_unit"]).first()
    for name, value in changes.items():
        setattr(measure, name, value)
    return notes


@router.get(
    "/{code}/plans",
    response={200: list[PlanSummaryPublic], **READ_ERRORS},
    summary="The agency's action plans with their progress, newest first",
    operation_id="list_plans",
)
def list_plans(request: HttpRequest, code: str) -> Any:
    agency, _ = agency_for(caller(request), code, Access.VIEW)
    plans = services.with_progress(agency.plans.order_by("-fiscal_year"))
    return [plan_summary(plan, services.progress_of(plan)) for plan in plans]


@router.post(
    "/{code}/plans",
    response={200: PlanPublic, 201: PlanPublic, **WRITE_ERRORS},
    summary="Draft the action plan answering a stored result (an existing plan is kept)",
    operation_id="create_plan",
)
def create_plan(request: HttpRequest, code: str, payload: PlanCreate) -> Any:
    """The draft has a section per weak indicator with the measures of the recommendation
    library (docs/analysis.md). 201 when drafted; 200 with the existing plan when the agency
    already has one for that result, which is never overwritten; 422 when there is no stored
    result with a framework for ``result_year``."""
    agency, _ = agency_for(caller(request), code, Access.EDIT)
    before = set(agency.plans.values_list("pk", flat=True))
    try:
        with acting(request):
            plan = services.create_draft(agency, payload.result_year)
    except services.NoResult as exc:
        raise InputError(
            [
                Problem(
                    REQUEST,
                    f"no stored result with a framework for fiscal year {payload.result_year}",
                    field="result_year",
                )
            ]
        ) from exc
    return HttpStatus(200 if plan.pk in before else 201, plan_public(plan))


@router.get(
    "/{code}/plans/{fiscal_year}",
    response={200: PlanPublic, **READ_ERRORS},
    summary="One action plan: sections, measures with status and percent done, progress",
    operation_id="get_plan",
)
def get_plan(request: HttpRequest, code: str, fiscal_year: int) -> Any:
    agency, _ = agency_for(caller(request), code, Access.VIEW)
    plan = get_object_or_404(ActionPlan, agency=agency, fiscal_year=fiscal_year)
    return plan_public(plan)


def _progress_report(
    request: HttpRequest, code: str, fiscal_year: int, fmt: str, options: ProgressReportOptions
) -> HttpResponse:
    agency, _ = agency_for(caller(request), code, Access.VIEW)
    plan = get_object_or_404(ActionPlan, agency=agency, fiscal_year=fiscal_year)
    today = timezone.localdate()
    return file_answer(progress_report.render(plan, fmt, options.months, today, options.digits))


@router.get(
    "/{code}/plans/{fiscal_year}/progress-report.docx",
    response={200: None, **REPORT_ERRORS},
    summary="The plan's progress report as DOCX, as of today or at the end of a round",
    operation_id="progress_report_docx",
    openapi_extra=file_response(CONTENT_TYPES["docx"]),
)
def progress_report_docx(
    request: HttpRequest, code: str, fiscal_year: int, options: Query[ProgressReportOptions]
) -> HttpResponse:
    """Same report as ``openita report progress`` and the plan page's button: per measure its
    status, percent done, dated notes, evidence and responsible unit, with the summary chart."""
    return _progress_report(request, code, fiscal_year, "docx", options)


@router.get(
    "/{code}/plans/{fiscal_year}/progress-report.pdf",
    response={200: None, **REPORT_ERRORS},
    summary="The plan's progress report as PDF",
    operation_id="progress_report_pdf",
    openapi_extra=file_response(CONTENT_TYPES["pdf"]),
)
def progress_report_pdf(
    request: HttpRequest, code: str, fiscal_year: int, options: Query[ProgressReportOptions]
) -> HttpResponse:
    """The DOCX progress report converted by LibreOffice (one conversion at a time)."""
    return _progress_report(request, code, fiscal_year, "pdf", options)


@router.get(
    "/{code}/measures/{measure_id}",
    response={200: MeasurePublic, **READ_ERRORS},
    summary="One measure of the agency's plans",
    operation_id="get_measure",
)
def get_measure(request: HttpRequest, code: str, measure_id: int, response: HttpResponse) -> Any:
    """The ``ETag`` header names the measure's version; send it back as ``If-Match`` with a
    PATCH to refuse the change (412) when someone else changed the measure meanwhile."""
    agency, _ = agency_for(caller(request), code, Access.VIEW)
    measure = _measure(agency, measure_id)
    response["ETag"] = versions.etag(measure)
    return measure_public(measure)


@router.patch(
    "/{code}/measures/{measure_id}",
    response={200: MeasureUpdatePublic, 412: ErrorPublic, **WRITE_ERRORS},
    summary="Track a measure: status, percent done, responsible unit, due date, title, …",
    operation_id="update_measure",
)
def update_measure(
    request: HttpRequest, code: str, measure_id: int, payload: MeasureUpdate, response: HttpResponse
) -> Any:
    """Only the fields sent change (and are saved). Percent done is 0-100, the due date
    (``end``) is not before ``start``, and a done measure is 100% done (see ``notes``).
    A change of status or percent done also writes the day's progress note by the caller, as
    the plan page does (``progress_note``; the progress report is built from these notes).
    With ``If-Match: <ETag>`` the change is made only on that version of the measure; else
    412 with the current ``ETag``, and nothing is changed."""
    agency, _ = agency_for(caller(request), code, Access.EDIT)
    _measure(agency, measure_id)  # 404 for a measure the caller may not see
    allowed = versions.versions_in(request.headers.get("If-Match"), measure_id)
    changes = payload.model_dump(exclude_unset=True)
    try:
        with versions.claimed(measure_id, allowed) as measure, acting(request):
            before = {name: getattr(measure, name) for name in services.PROGRESS_FIELDS}
            notes = apply_update(agency, measure, changes)
            fields = set(changes) | ({"unit"} if "responsible_unit" in changes else set())
            versions.save_fields(measure, fields)
            note = services.note_progress_change(
                measure, before, caller(request), timezone.localdate()
            )
    except versions.Conflict as conflict:
        response["ETag"] = versions.etag(conflict.current)
        detail = (
            f"the measure was changed meanwhile (it is now version {conflict.current.version}); "
            "GET it again and send your change with its ETag"
        )
        return HttpStatus(412, {"detail": detail, "problems": []})
    response["ETag"] = versions.etag(measure)
    return {
        "measure": measure_public(measure),
        "notes": notes,
        "progress_note": note_public(note) if note is not None else None,
    }


def note_public(note: ProgressNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "date": note.date,
        "status": note.status,
        "progress": note.progress,
        "done": note.done,
        "author": note.author.get_username() if note.author is not None else None,
        "created_at": note.created_at,
    }


@router.get(
    "/{code}/measures/{measure_id}/notes",
    response={200: list[ProgressNotePublic], **READ_ERRORS},
    summary="A measure's dated progress notes, oldest first",
    operation_id="list_progress_notes",
)
def list_notes(request: HttpRequest, code: str, measure_id: int) -> Any:
    agency, _ = agency_for(caller(request), code, Access.VIEW)
    measure = _measure(agency, measure_id)
    return [note_public(n) for n in measure.notes.select_related("author")]


def _note_values(payload: ProgressNoteCreate) -> tuple[dict[str, Any], list[str]]:
    """The note to store from ``payload``, with the plan page's rules; raises InputError."""
    day = payload.date or timezone.localdate()
    problems = []
    why = note_date_problem(day, timezone.localdate())
    if why is not None:
        problems.append(Problem(REQUEST, why, field="date"))
    settled = settle(payload.status, payload.progress)
    notes = [DONE_MEANS_100] if settled.raised_to_full else []
    if settled.suggest_done:
        notes.append(SUGGEST_DONE)
    values = {
        "date": day,
        "status": payload.status,
        "progress": settled.progress,
        "done": stored_text.normalise(payload.done),
    }
    problems.extend(
        Problem(REQUEST, f"{name} {problem.english()}", field=name)
        for name, problem in stored_text.faults(ProgressNote, {"done": values["done"]})
    )
    if problems:
        raise InputError(problems)
    return values, notes


@router.post(
    "/{code}/measures/{measure_id}/notes",
    response={201: ProgressNoteAddedPublic, 412: ErrorPublic, **WRITE_ERRORS},
    summary="Record a measure's progress on a day (the plan page's progress update)",
    operation_id="add_progress_note",
)
def add_note(
    request: HttpRequest,
    code: str,
    measure_id: int,
    payload: ProgressNoteCreate,
    response: HttpResponse,
) -> Any:
    """The plan page's rules: status one of the four, percent done 0-100, a done measure 100%
    done (see ``notes``), the text as long as the page allows; the date, in the Christian era,
    not after today (today when left out; a Buddhist-era year is refused with its conversion).
    The newest note also sets the measure's status and percent done, as the page's update does;
    an older one only fills the history. ``If-Match: <ETag>`` as for PATCH (412 on a change
    made meanwhile, nothing saved)."""
    agency, _ = agency_for(caller(request), code, Access.EDIT)
    _measure(agency, measure_id)  # 404 for a measure the caller may not see
    values, notes = _note_values(payload)
    allowed = versions.versions_in(request.headers.get("If-Match"), measure_id)
    try:
        with versions.claimed(measure_id, allowed) as measure, acting(request):
            newest = not measure.notes.filter(date__gt=values["date"]).exists()
            if newest:
                measure.status, measure.progress = values["status"], values["progress"]
            versions.save_fields(measure, {"status", "progress"} if newest else set())
            note = ProgressNote.objects.create(measure=measure, author=caller(request), **values)
    except versions.Conflict as conflict:
        response["ETag"] = versions.etag(conflict.current)
        detail = (
            f"the measure was changed meanwhile (it is now version {conflict.current.version}); "
            "GET it again and send your note with its ETag"
        )
        return HttpStatus(412, {"detail": detail, "problems": []})
    response["ETag"] = versions.etag(measure)
    return HttpStatus(
        201, {"note": note_public(note), "measure": measure_public(measure), "notes": notes}
    )
