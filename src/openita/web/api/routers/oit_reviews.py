"""``/api/agencies/{code}/oit/{year}/reviews``: the assessors' OIT item reviews.

The same rules as the batch review page (:mod:`openita.web.oit.review`): reading needs the
agency's OIT workspace (members, coordinators in scope, the assigned assessor); writing needs
the assignment (or a site administrator) — an editor of the agency is answered 403. Access is
:func:`openita.web.agencies.access.oit_agency_for`.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.responses import Status as HttpStatus

from openita.errors import InputError
from openita.frameworks.loader import MAX_YEAR, MIN_YEAR, UnknownFiscalYear, load_framework
from openita.frameworks.model import Framework
from openita.web.agencies.access import OitNeed, oit_agency_for
from openita.web.agencies.models import Agency
from openita.web.api.auth import acting, caller
from openita.web.api.routers import READ_ERRORS, WRITE_ERRORS
from openita.web.api.schemas import ItemReviewCreate, ItemReviewPublic, OitReviewsPublic
from openita.web.oit import review
from openita.web.oit.models import ItemReview

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
        "reviewer": (user.get_full_name() or user.get_username()) if user else None,
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
