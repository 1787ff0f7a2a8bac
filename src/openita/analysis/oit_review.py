"""The rules of an assessor's OIT review, free of storage: an item's score from its verdict,
and whether the reviewed scores of a year are preliminary or final (the clarification round).

* pass is 100 and fail is 0; partial takes the assessor's score, above 0 and below 100, and
  only in a year whose items score in steps (``aggregation.oit_item_scores: partial``); in a
  binary year (FY2563–2566) partial is refused;
* partial and fail need a comment that says which criterion is missing;
* the scores are preliminary until the clarification window of the year has closed: before it
  opens (or while no window is set) the assessors are reviewing, while it is open the agency
  may contest, and from the day after its last day they are final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

PASS, PARTIAL, FAIL = "pass", "partial", "fail"
VERDICTS = (PASS, PARTIAL, FAIL)


class Phase(StrEnum):
    REVIEWING = "reviewing"
    """No window yet, or before it opens: assessors review; scores are preliminary."""
    CLARIFYING = "clarifying"
    """The window is open: the agency may contest; scores are preliminary."""
    FINAL = "final"
    """The window has closed: the scores are final."""


def phase(opens: date | None, closes: date | None, today: date) -> Phase:
    """The phase of a fiscal year's review on ``today`` (both window days included)."""
    if opens is None or closes is None or today < opens:
        return Phase.REVIEWING
    if today <= closes:
        return Phase.CLARIFYING
    return Phase.FINAL


def is_final(opens: date | None, closes: date | None, today: date) -> bool:
    return phase(opens, closes, today) == Phase.FINAL


@dataclass(frozen=True)
class RuleBroken:
    """Why a review is refused: the field it concerns and a code (worded by the caller)."""

    field: str
    code: str


def item_score(
    verdict: str, score: float | None, comment: str, item_scores: str
) -> float | RuleBroken:
    """The item's score for the verdict, or the rule the review breaks.

    ``item_scores`` is the framework's ``aggregation.oit_item_scores`` (binary or partial)."""
    if verdict not in VERDICTS:
        return RuleBroken("verdict", "unknown_verdict")
    if verdict in (PARTIAL, FAIL) and not comment.strip():
        return RuleBroken("comment", "comment_required")
    if verdict == PASS:
        return 100.0
    if verdict == FAIL:
        return 0.0
    if item_scores != "partial":
        return RuleBroken("verdict", "partial_not_allowed")
    if score is None:
        return RuleBroken("score", "score_required")
    if not 0 < score < 100:
        return RuleBroken("score", "score_out_of_range")
    return float(score)
