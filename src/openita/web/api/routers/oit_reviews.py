"""``/api/agencies/{code}/oit/{year}/reviews`` and ``…/contests``: the assessors' OIT item
reviews and the agency's contests of them in the clarification window.

The same rules as the batch review page (:mod:`openita.web.oit.review`): reading needs the
agency's OIT workspace (members, coordinators in scope, the assigned assessor); writing needs
the assignment (or a site administrator) — an editor of the agency is answered 403; raising a
contest needs an editor of the agency (the assessor is answered 403). Access is
:func:`openita.web.agencies.access.oit_agency_for`; the rules and messages are the pages' own.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.responses import Status as HttpStatus

from openita.errors import InputError
from openita.frameworks.loader import MAX_YEAR, MIN_YEAR, UnknownFiscalYear, load_framework
from openita.frameworks.model import Framework
from openita.web.agencies.access import OitNeed, oit_agency_for
from openita.web.agencies.models import Agency
from openita.web.api.auth import acting, caller
from openita.web.api.routers import READ_ERRORS, WRITE_ERRORS
from openita.web.api.schemas import (
    ContestCreate,
    ContestDecide,
    ContestPublic,
    ItemReviewCreate,
    ItemReviewPublic,
    OitContestsPublic,
    OitReviewsPublic,
)
from openita.web.oit import review
from openita.web.oit.models import Contest, ItemReview

router = Router(tags=["oit"])


def _framework(agency: Agency, fiscal_year: int) -> Framework:
    if not MIN_YEAR <= fiscal_year <= MAX_YEAR:
        raise Http404("no such fiscal year")
    try:
        return load_framework(fiscal_year, agency.kind)
    except (UnknownFiscalYear, InputError):
        raise Http404("no framework for that fiscal year") from None


def review_public(row: ItemReview) -> dict[str, Any]:
    user = row.reviewer
    return {
        "item": row.item_id,
        "verdict": row.verdict,
        "score": float(row.score),
        "comment": row.comment,
        "reviewer": _person(user),
        "reviewed_at": row.reviewed_at,
        "from_contest": row.contest_id is not None,
    }


@router.get(
    "/{code}/oit/{year}/reviews",
    response={200: OitReviewsPublic, **READ_ERRORS},
    summary="The current review of each OIT item, and the scores they give through the engine",
    operation_id="list_oit_reviews",
)
def list_reviews(request: HttpRequest, code: str, year: int) -> Any:
    """Each reviewed item's current review (``history`` has the superseded ones too), and
    indicators 9 and 10, OIT, overall and level from them; ``final`` once the year's
    clarification window has closed."""
    agency, _ = oit_agency_for(caller(request), code, year, OitNeed.READ)
    framework = _framework(agency, year)
    current = review.current_reviews(agency, year)
    scores = review.reviewed_scores(
        agency, framework, review.stored_base(agency, year), reviews=current
    )
    history = ItemReview.objects.filter(agency=agency, fiscal_year=year).select_related("reviewer")
    return {
        "fiscal_year": year,
        "phase": review.phase_of(year).value,
        "reviews": [review_public(row) for _, row in sorted(current.items())],
        "history": [review_public(row) for row in history.order_by("item_id", "-reviewed_at")],
        "indicators": scores.projection.indicators if scores else {},
        "oit": scores.projection.oit if scores else None,
        "overall": scores.projection.overall if scores else None,
        "level": scores.projection.level if scores else None,
    }


@router.post(
    "/{code}/oit/{year}/reviews",
    response={201: ItemReviewPublic, **WRITE_ERRORS},
    summary="Review one OIT item (a new review supersedes the item's current one)",
    operation_id="create_oit_review",
)
def create_review(request: HttpRequest, code: str, year: int, payload: ItemReviewCreate) -> Any:
    """pass = 100, fail = 0, partial = ``score`` (only in years whose items score in steps);
    partial and fail need ``comment`` naming the missing criterion. Refused once the
    clarification window has closed (the scores are final). 422 names the field."""
    agency, _ = oit_agency_for(caller(request), code, year, OitNeed.REVIEW)
    framework = _framework(agency, year)
    with acting(request):
        row = review.record_review(
            agency,
            framework,
            payload.item,
            payload.verdict,
            payload.score,
            payload.comment,
            caller(request),
        )
    return HttpStatus(201, review_public(row))


def _person(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


def contest_public(row: Contest) -> dict[str, Any]:
    return {
        "id": row.pk,
        "item": row.item_id,
        "explanation": row.explanation,
        "links": row.link_list,
        "raised_by": _person(row.raised_by),
        "raised_at": row.raised_at,
        "contested_review": review_public(row.review),
        "decision": row.decision,
        "answer": row.answer,
        "decided_by": _person(row.decided_by),
        "decided_at": row.decided_at,
    }


@router.get(
    "/{code}/oit/{year}/contests",
    response={200: OitContestsPublic, **READ_ERRORS},
    summary="The agency's contests of OIT item reviews in the year's clarification window",
    operation_id="list_oit_contests",
)
def list_contests(request: HttpRequest, code: str, year: int) -> Any:
    """Every contest of the year, newest first, with the review it contests and the
    assessor's decision (``pending`` until decided)."""
    agency, _ = oit_agency_for(caller(request), code, year, OitNeed.READ)
    _framework(agency, year)
    rows = (
        Contest.objects.filter(agency=agency, fiscal_year=year)
        .select_related("review__reviewer", "raised_by", "decided_by")
        .order_by("-raised_at", "-pk")
    )
    return {
        "fiscal_year": year,
        "phase": review.phase_of(year).value,
        "contests": [contest_public(row) for row in rows],
    }


@router.post(
    "/{code}/oit/{year}/contests",
    response={201: ContestPublic, **WRITE_ERRORS},
    summary="Contest an OIT item's preliminary score (an editor, while the window is open)",
    operation_id="create_oit_contest",
)
def create_contest(request: HttpRequest, code: str, year: int, payload: ContestCreate) -> Any:
    """Only while the year's clarification window is open, only a reviewed item, one waiting
    contest per item; ``explanation`` is needed. The ``links`` are also added to the item's
    evidence links. 422 names the field (a bad link: ``links``, with its position)."""
    agency, _ = oit_agency_for(caller(request), code, year, OitNeed.EDIT)
    framework = _framework(agency, year)
    if payload.item not in framework.oit_items:
        raise Http404("no such OIT item")
    with acting(request):
        row = review.raise_contest(
            agency,
            year,
            payload.item,
            payload.explanation,
            "\n".join(payload.links),
            caller(request),
        )
    return HttpStatus(201, contest_public(row))


@router.post(
    "/{code}/oit/{year}/contests/{contest_id}/decision",
    response={200: ContestPublic, **WRITE_ERRORS},
    summary="Decide a contest: accept with a new verdict, or reject (the assigned assessor)",
    operation_id="decide_oit_contest",
)
def decide_contest(
    request: HttpRequest, code: str, year: int, contest_id: int, payload: ContestDecide
) -> Any:
    """``accept`` gives the item a new review (``verdict``, ``score`` for partial) whose
    comment is the ``answer``; ``reject`` keeps the score. ``answer`` is needed either way.
    Decided once, and only until the window closes. 422 names the field."""
    agency, _ = oit_agency_for(caller(request), code, year, OitNeed.REVIEW)
    framework = _framework(agency, year)
    found = get_object_or_404(Contest, pk=contest_id, agency=agency, fiscal_year=year)
    with acting(request):
        row = review.decide_contest(
            found,
            framework,
            payload.decision == "accept",
            payload.verdict or "",
            payload.score,
            payload.answer,
            caller(request),
        )
    return HttpStatus(200, contest_public(row))
