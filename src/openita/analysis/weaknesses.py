"""Weak points: the questions and OIT items that cost the agency overall points.

An item is listed when it is below full marks (every point below 100 costs overall points,
see :mod:`openita.analysis.contribution`); a stricter ``weak`` flag marks the ones under a
threshold. The default question threshold is the per-tool minimum of the best level in the
framework (95 in FY2567-2568, ``levels`` in ita-2568.yaml): a question under it pulls its
tool towards the line that decides ผ่านดีเยี่ยม. OIT items are scored by an assessor on the
evidence published (partial credit exists, O23 = 50 in the seed), so any OIT item below 100
is weak: the evidence is missing or incomplete.

Weak points are sorted by gain, largest first: that is the order in which fixing them moves
the overall most.
"""

from __future__ import annotations

from dataclasses import dataclass

from openita.analysis.contribution import ScoredItem, missing_oit_items, scored_items, share_of
from openita.analysis.model import Analysis, FallenIndicator, MissingItem, WeakPoint
from openita.frameworks.loader import framework_of
from openita.frameworks.model import Framework
from openita.scoring.comparison import Comparison, compare
from openita.scoring.engine import score
from openita.scoring.model import AgencyResult


@dataclass(frozen=True)
class Thresholds:
    """When an item is listed (``list_below``) and when it is flagged weak.

    ``weak_question_below`` None means: the per-tool minimum of the framework's best level.
    """

    list_below: float = 100.0
    weak_question_below: float | None = None
    weak_oit_below: float = 100.0

    def question_threshold(self, framework: Framework) -> float:
        if self.weak_question_below is not None:
            return self.weak_question_below
        for level in framework.levels:
            if level.min_each_tool is not None:
                return level.min_each_tool
        return self.list_below


def _weak_point(framework: Framework, item: ScoredItem, weak_below: float) -> WeakPoint:
    share = item.share
    return WeakPoint(
        id=share.id,
        tool=share.tool,
        indicator=share.indicator,
        sub_indicator=share.sub_indicator,
        part=share.part,
        score=item.score,
        gain=item.gain,
        title_th=framework.title_of(share.id),
        weak=item.score < weak_below,
        contribution=share.to_overall,
    )


def find_weak_points(
    framework: Framework, result: AgencyResult, thresholds: Thresholds | None = None
) -> tuple[WeakPoint, ...]:
    """Items below ``thresholds.list_below``, largest gain first (framework order on ties)."""
    thresholds = thresholds or Thresholds()
    question_weak = thresholds.question_threshold(framework)
    found: list[WeakPoint] = []
    for item in scored_items(framework, result):
        if item.score >= thresholds.list_below:
            continue
        weak_below = (
            question_weak if item.share.sub_indicator is None else thresholds.weak_oit_below
        )
        found.append(_weak_point(framework, item, weak_below))
    order = {wp_id: n for n, wp_id in enumerate([*framework.questions, *framework.oit_items])}
    found.sort(key=lambda wp: (-wp.gain, order[wp.id], wp.part or 0))
    return tuple(found)


def find_missing_items(framework: Framework, result: AgencyResult) -> tuple[MissingItem, ...]:
    """OIT items the checklist leaves out: their score, hence their gain, is unknown."""
    missing: list[MissingItem] = []
    for oid in missing_oit_items(framework, result):
        share = share_of(framework, oid)
        missing.append(
            MissingItem(
                id=oid,
                tool=share.tool,
                indicator=share.indicator,
                sub_indicator=share.sub_indicator,
                title_th=framework.title_of(oid),
                reason="score not in the data: it cannot be ranked or simulated",
            )
        )
    return tuple(missing)


def find_fallen_indicators(
    comparison: Comparison, weak_points: tuple[WeakPoint, ...]
) -> tuple[FallenIndicator, ...]:
    """Indicators whose published score is lower than last year's, largest fall first.

    ``explained_by`` lists this year's weak points of the indicator (by gain): when question
    or item data exist they are what pulled it down; with none it stays empty.
    """
    fallen: list[FallenIndicator] = []
    for ind_id, change in comparison.indicators.items():
        if change.points >= 0:
            continue
        ids: list[str] = []
        for wp in weak_points:
            if wp.indicator == ind_id and wp.id not in ids:
                ids.append(wp.id)
        fallen.append(FallenIndicator(indicator=ind_id, change=change, explained_by=tuple(ids)))
    fallen.sort(key=lambda f: f.change.points)
    return tuple(fallen)


def analyse(
    framework: Framework,
    result: AgencyResult,
    previous: AgencyResult | None = None,
    previous_framework: Framework | None = None,
    thresholds: Thresholds | None = None,
) -> Analysis:
    """Score ``result``, list its weak points and compare it with ``previous`` when given."""
    scores = score(framework, result)
    weak_points = find_weak_points(framework, result, thresholds)
    previous_scores = None
    comparison = None
    fallen: tuple[FallenIndicator, ...] = ()
    if previous is not None:
        prev_fw = previous_framework or framework_of(previous)
        previous_scores = score(prev_fw, previous)
        comparison = compare(previous_scores, scores)
        fallen = find_fallen_indicators(comparison, weak_points)
    return Analysis(
        fiscal_year=result.fiscal_year,
        agency=result.agency,
        scores=scores,
        previous=previous_scores,
        comparison=comparison,
        weak_points=weak_points,
        fallen_indicators=fallen,
        missing_items=find_missing_items(framework, result),
    )
