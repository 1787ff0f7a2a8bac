"""The assessors' review of an agency's OIT items and the clarification round (docs/oit.md).

Storage and the request side around the pure rules of :mod:`openita.analysis.oit_review`
(an item's score from its verdict; preliminary or final from the window's dates) and the
engine's projection (:func:`openita.analysis.oit_projection.project_item_scores`): the one
path by which reviewed item scores become indicators 9 and 10, OIT, overall and level.

Every write here is a model save, so it is in the audit log (:mod:`openita.web.audit`).
Refused input raises :class:`~openita.errors.InputError` naming the field; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.analysis import oit_review as rules
from openita.analysis.oit_projection import OitProjection, project_item_scores
from openita.errors import InputError, Problem
from openita.frameworks.model import Framework
from openita.web import stored_text
from openita.web.agencies.models import Agency
from openita.web.oit.models import ClarificationWindow, Contest, EvidenceLink, ItemReview

REQUEST = "request"
Phase = rules.Phase


def _refuse(field: str, message: str, code: str) -> InputError:
    return InputError([Problem(REQUEST, message, field=field, code=code)])


def _rule_message(broken: rules.RuleBroken) -> str:
    return {
        "unknown_verdict": _("Choose pass, partial or fail."),
        "comment_required": _("Say which criterion is missing: a comment is needed."),
        "partial_not_allowed": _(
            "Items of this fiscal year score 0 or 100 only: choose pass or fail."
        ),
        "score_required": _("Give the score of the partial item."),
        "score_out_of_range": _("A partial score is more than 0 and less than 100."),
    }[broken.code]


def window(fiscal_year: int) -> ClarificationWindow | None:
    return ClarificationWindow.objects.filter(fiscal_year=fiscal_year).first()


def phase_of(fiscal_year: int, today: date | None = None) -> rules.Phase:
    """Today's phase of the year's review (``today`` is injected by tests)."""
    found = window(fiscal_year)
    return rules.phase(
        found.opens if found else None,
        found.closes if found else None,
        today or timezone.localdate(),
    )


def current_reviews(agency: Agency, fiscal_year: int) -> dict[str, ItemReview]:
    """Each reviewed item's newest review (the ones before stay as its history)."""
    current: dict[str, ItemReview] = {}
    rows = ItemReview.objects.filter(agency=agency, fiscal_year=fiscal_year).select_related(
        "reviewer"
    )
    for row in rows.order_by("item_id", "-reviewed_at", "-pk"):
        current.setdefault(row.item_id, row)
    return current


def contests(agency: Agency, fiscal_year: int) -> dict[str, list[Contest]]:
    """Every contest of the year by item, newest first."""
    found: dict[str, list[Contest]] = {}
    rows = Contest.objects.filter(agency=agency, fiscal_year=fiscal_year).select_related(
        "raised_by", "decided_by", "review"
    )
    for row in rows.order_by("item_id", "-raised_at", "-pk"):
        found.setdefault(row.item_id, []).append(row)
    return found


@dataclass(frozen=True)
class Reviewed:
    """The assessors' scores of an agency's year, through the engine."""

    projection: OitProjection
    reviewed: int
    total: int
    phase: rules.Phase
    window: ClarificationWindow | None

    @property
    def final(self) -> bool:
        return self.phase == rules.Phase.FINAL


def reviewed_scores(
    agency: Agency,
    framework: Framework,
    base: Any = None,
    today: date | None = None,
    reviews: dict[str, ItemReview] | None = None,
) -> Reviewed | None:
    """Indicators 9, 10, OIT, overall and level from the current reviews (items not reviewed
    count 0); None while no item of the year is reviewed."""
    year = framework.fiscal_year
    reviews = current_reviews(agency, year) if reviews is None else reviews
    scores = {i: float(r.score) for i, r in reviews.items() if i in framework.oit_items}
    if not scores:
        return None
    found = window(year)
    return Reviewed(
        projection=project_item_scores(framework, scores, base),
        reviewed=len(scores),
        total=len(framework.oit_items),
        phase=rules.phase(
            found.opens if found else None,
            found.closes if found else None,
            today or timezone.localdate(),
        ),
        window=found,
    )


def _text(value: str, model: Any, name: str, field: str) -> str:
    text = stored_text.normalise(value or "").strip()
    limit = stored_text.text_fields(model)[name] or model._meta.get_field(name).max_length
    problem = stored_text.fault(text, limit)
    if problem is not None:
        raise _refuse(field, stored_text.message(problem), problem.code)
    return text


def _score(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        raise _refuse("score", _("The score must be a number."), "not_a_number") from None


def _check_open_for_review(fiscal_year: int, today: date | None) -> None:
    if phase_of(fiscal_year, today) == rules.Phase.FINAL:
        raise _refuse(
            "fiscal_year",
            _("The clarification window of this year has closed: the scores are final."),
            "final",
        )


def record_review(
    agency: Agency,
    framework: Framework,
    item_id: str,
    verdict: str,
    score: Any,
    comment: str,
    reviewer: Any,
    today: date | None = None,
) -> ItemReview:
    """A new review of the item, superseding the one before (which stays)."""
    if item_id not in framework.oit_items:
        raise _refuse("item", _("No such OIT item in this fiscal year."), "unknown_item")
    _check_open_for_review(framework.fiscal_year, today)
    comment = _text(comment, ItemReview, "comment", "comment")
    outcome = rules.item_score(
        verdict, _score(score), comment, framework.spec.aggregation.oit_item_scores
    )
    if isinstance(outcome, rules.RuleBroken):
        raise _refuse(outcome.field, _rule_message(outcome), outcome.code)
    return ItemReview.objects.create(
        agency=agency,
        fiscal_year=framework.fiscal_year,
        item_id=item_id,
        verdict=verdict,
        score=Decimal(str(round(outcome, 2))),
        comment=comment,
        reviewer=reviewer,
    )


def _links(text: str) -> list[str]:
    check = URLValidator(schemes=["http", "https"])
    found = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        url = line.strip()
        if not url:
            continue
        try:
            check(url)
        except ValidationError:
            raise _refuse(
                "links",
                _("Line %(line)d is not a web address (https://…).") % {"line": number},
                "not_a_link",
            ) from None
        if len(url) > 1000:
            raise _refuse("links", _("Line %(line)d is too long.") % {"line": number}, "too_long")
        found.append(url)
    return found


def raise_contest(
    agency: Agency,
    fiscal_year: int,
    item_id: str,
    explanation: str,
    links: str,
    user: Any,
    today: date | None = None,
) -> Contest:
    """The agency contests the item's current review during the window; its new links are
    also added to the item's evidence."""
    if phase_of(fiscal_year, today) != rules.Phase.CLARIFYING:
        raise _refuse(
            "fiscal_year",
            _("Items can be contested only while the clarification window is open."),
            "window_closed",
        )
    review = current_reviews(agency, fiscal_year).get(item_id)
    if review is None:
        raise _refuse("item", _("This item has not been reviewed yet."), "not_reviewed")
    if Contest.objects.filter(
        agency=agency, fiscal_year=fiscal_year, item_id=item_id, decision=Contest.Decision.PENDING
    ).exists():
        raise _refuse(
            "item", _("This item is already contested and waits for the assessor."), "pending"
        )
    explanation = _text(explanation, Contest, "explanation", "explanation")
    if not explanation:
        raise _refuse(
            "explanation", _("Explain why the item should be reviewed again."), "required"
        )
    urls = _links(links)
    with transaction.atomic():
        contest = Contest.objects.create(
            agency=agency,
            fiscal_year=fiscal_year,
            item_id=item_id,
            review=review,
            explanation=explanation,
            links="\n".join(urls),
            raised_by=user,
        )
        for url in urls:
            EvidenceLink.objects.get_or_create(
                agency=agency,
                fiscal_year=fiscal_year,
                item_id=item_id,
                url=url,
                defaults={"added_by": user, "label": _("clarification")},
            )
    return contest


def decide_contest(
    contest: Contest,
    framework: Framework,
    accept: bool,
    verdict: str,
    score: Any,
    answer: str,
    user: Any,
    today: date | None = None,
) -> Contest:
    """The assessor's decision: accepted gives the item a new review; rejected keeps it. A
    comment is needed either way. Decided only until the window closes."""
    if contest.decision != Contest.Decision.PENDING:
        raise _refuse("decision", _("This contest is already decided."), "decided")
    _check_open_for_review(contest.fiscal_year, today)
    answer = _text(answer, Contest, "answer", "answer")
    if not answer:
        raise _refuse("answer", _("Give the agency the reason of the decision."), "required")
    with transaction.atomic():
        if accept:
            try:
                review = record_review(
                    contest.agency,
                    framework,
                    contest.item_id,
                    verdict,
                    score,
                    answer,
                    user,
                    today,
                )
            except InputError as exc:  # the new review's comment is the answer
                raise InputError(
                    [
                        Problem(REQUEST, p.message_data, field="answer", code=p.code)
                        if p.field_data == "comment"
                        else p
                        for p in exc.problems
                    ]
                ) from None
        contest.decision = Contest.Decision.ACCEPTED if accept else Contest.Decision.REJECTED
        contest.answer = answer
        contest.decided_by = user
        contest.decided_at = timezone.now()
        contest.save()
        if accept:
            review.contest = contest
            review.save(update_fields=["contest"])
    return contest


def stored_base(agency: Agency, fiscal_year: int) -> Any:
    """The year's stored result (it gives IIT and EIT to the overall score), or None."""
    from openita.web.assessments import services
    from openita.web.assessments.models import Result

    row = Result.objects.filter(
        agency=agency, fiscal_year=fiscal_year, published_only=False
    ).first()
    if row is None:
        return None
    try:
        return services.load_result(row)
    except InputError:
        return None


def summary(agency: Agency, fiscal_year: int) -> Reviewed | None:
    """The reviewed scores of the year for the dashboard; None without reviews or framework."""
    from openita.frameworks.loader import UnknownFiscalYear, load_framework

    if not ItemReview.objects.filter(agency=agency, fiscal_year=fiscal_year).exists():
        return None
    try:
        framework = load_framework(fiscal_year, agency.kind)
    except (UnknownFiscalYear, InputError):
        return None
    return reviewed_scores(agency, framework, stored_base(agency, fiscal_year))


def latest_summary(agency: Agency) -> tuple[int, Reviewed] | None:
    """The newest fiscal year the agency has reviews of, with its scores (the dashboard)."""
    year = (
        ItemReview.objects.filter(agency=agency)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    if year is None:
        return None
    found = summary(agency, year)
    return (year, found) if found is not None else None
