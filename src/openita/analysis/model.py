"""Values the analysis produces: weak points, fallen indicators and the whole analysis.

These dataclasses are the contract shared with the report writer (see the analysis brief):
fields may be added, none renamed. They carry numbers only; the Thai prose lives in the
recommendation library and the report templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from openita.scoring.comparison import Comparison
from openita.scoring.model import Agency, Change, Scores


@dataclass(frozen=True)
class WeakPoint:
    """A question, EIT question part or OIT item that costs overall points.

    ``gain`` is the number of overall points the agency would gain if this one item reached
    100, all else equal (unrounded): contribution to the overall x (100 - score), see
    :mod:`openita.analysis.contribution`. ``weak`` marks items under the stricter threshold
    (see :class:`openita.analysis.weaknesses.Thresholds`); every weak point is below full marks.
    """

    id: str
    tool: str
    indicator: str
    sub_indicator: str | None
    part: int | None
    score: float
    gain: float
    title_th: str | None
    weak: bool = False
    contribution: float = 0.0

    @property
    def estimated(self) -> bool:
        """An OIT item's gain is a projection: how OIT items combine into indicators 9 and 10 is
        not published (the framework's sub-indicator weights are inferred)."""
        return self.tool == "OIT"


@dataclass(frozen=True)
class MissingItem:
    """An item the framework has but the result does not carry (e.g. O2 in the seed).

    Its score is unknown, so its gain cannot be computed and no what-if can move it.
    """

    id: str
    tool: str
    indicator: str
    sub_indicator: str | None
    title_th: str | None
    reason: str


@dataclass(frozen=True)
class FallenIndicator:
    """An indicator lower than last year, with the weak points of that indicator."""

    indicator: str
    change: Change
    explained_by: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    """Everything the report and the plan need to know about one year's result."""

    fiscal_year: int
    agency: Agency
    scores: Scores
    previous: Scores | None
    comparison: Comparison | None
    weak_points: tuple[WeakPoint, ...]
    fallen_indicators: tuple[FallenIndicator, ...]
    missing_items: tuple[MissingItem, ...] = ()


def weak_point_dict(wp: WeakPoint) -> dict[str, object]:
    return {
        "id": wp.id,
        "tool": wp.tool,
        "indicator": wp.indicator,
        "sub_indicator": wp.sub_indicator,
        "part": wp.part,
        "score": wp.score,
        "gain": round(wp.gain, 4),
        "contribution": round(wp.contribution, 6),
        "weak": wp.weak,
        "projected": wp.tool == "OIT",
        "title_th": wp.title_th,
    }


def analysis_dict(analysis: Analysis) -> dict[str, object]:
    """The analysis as plain JSON-ready values (``openita analyze --json``)."""
    agency = analysis.agency
    return {
        "fiscal_year": analysis.fiscal_year,
        "agency": {
            "name": agency.name,
            "type": agency.type,
            "province": agency.province,
            "district": agency.district,
            "code": agency.code,
            "kind": agency.kind,
        },
        "scores": analysis.scores.as_dict(),
        "previous": analysis.previous.as_dict() if analysis.previous else None,
        "comparison": analysis.comparison.as_dict() if analysis.comparison else None,
        "weak_points": [weak_point_dict(wp) for wp in analysis.weak_points],
        "missing_items": [
            {
                "id": m.id,
                "tool": m.tool,
                "indicator": m.indicator,
                "sub_indicator": m.sub_indicator,
                "title_th": m.title_th,
                "reason": m.reason,
            }
            for m in analysis.missing_items
        ],
        "fallen_indicators": [
            {
                "indicator": f.indicator,
                "previous": f.change.previous,
                "current": f.change.current,
                "points": f.change.points,
                "percent": f.change.percent,
                "explained_by": list(f.explained_by),
            }
            for f in analysis.fallen_indicators
        ],
    }
