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

Which weak points get a recommendation of their own in the report body (and measures of their
own in the drafted plan) is decided here, once, by :class:`RecommendationRule`; the report, the
plan, ``openita analyse`` and the web app all read the resulting ``WeakPoint.recommended`` flag.
Every other item stays in the report's appendix table (docs/reports.md, "Which items get a
recommendation").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from openita.analysis.contribution import ScoredItem, missing_oit_items, scored_items, share_of
from openita.analysis.model import (
    Analysis,
    FallenIndicator,
    MissingItem,
    ResolvedRule,
    WeakPoint,
)
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


@dataclass(frozen=True)
class RecommendationRule:
    """Which weak points get a recommendation of their own (defaults: docs/reports.md).

    A question (an EIT question counts once, however many parts it is scored in) gets one when

    * its lowest score is below ``question_below`` (None: the per-tool minimum of the
      framework's best level, 95 in FY2567-2568 — below it the question pulls its tool towards
      the line that decides ผ่านดีเยี่ยม), or
    * it is among the items that lose the most overall points and together hold
      ``lost_share`` of all the overall points the scored items lose (the Pareto head: the
      largest gains, taken in order until their sum reaches the share), **and** its
      indicator scores below ``strong_indicator`` (None: the same per-tool minimum). A question
      at 96.00 in an indicator at 98 is not worth a recommendation of its own: the indicator's
      own guidance and the appendix cover it;

    and at most ``max_per_indicator`` questions of one indicator get one (those below the
    threshold first, then by gain), so no indicator fills pages with near-full marks.

    Every OIT item below ``oit_below`` (100) gets one: an OIT score below full marks means the
    evidence is missing or incomplete, and each item is a concrete thing to publish. OIT items
    missing from the data are answered too (the plan drafts their measures).
    """

    question_below: float | None = None
    lost_share: float = 0.8
    strong_indicator: float | None = None
    max_per_indicator: int = 3
    oit_below: float = 100.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.lost_share <= 1.0:
            raise ValueError(f"lost_share must be between 0 and 1, not {self.lost_share}")
        if self.max_per_indicator < 0:
            raise ValueError(f"max_per_indicator must be 0 or more, not {self.max_per_indicator}")

    def resolve(self, framework: Framework) -> ResolvedRule:
        best = Thresholds().question_threshold(framework)
        question_below = best if self.question_below is None else self.question_below
        strong = question_below if self.strong_indicator is None else self.strong_indicator
        return ResolvedRule(
            question_below=question_below,
            lost_share=self.lost_share,
            strong_indicator=strong,
            max_per_indicator=self.max_per_indicator,
            oit_below=self.oit_below,
        )


def recommended_ids(
    rule: ResolvedRule,
    weak_points: Sequence[WeakPoint],
    indicator_scores: Mapping[str, float],
) -> frozenset[str]:
    """The ids of the weak points that get a recommendation under ``rule``.

    ``weak_points`` are every item below full marks (parts of one EIT question separately);
    ``indicator_scores`` the year's indicator scores (the strong-indicator test).
    """
    gain: dict[str, float] = {}
    lowest: dict[str, float] = {}
    indicator: dict[str, str] = {}
    oit: set[str] = set()
    for wp in weak_points:
        gain[wp.id] = gain.get(wp.id, 0.0) + wp.gain
        lowest[wp.id] = min(lowest.get(wp.id, wp.score), wp.score)
        indicator[wp.id] = wp.indicator
        if wp.sub_indicator is not None:
            oit.add(wp.id)
    order = {ident: n for n, ident in enumerate(gain)}  # weak points come largest gain first
    ranked = sorted(gain, key=lambda i: (-gain[i], order[i]))
    head: set[str] = set()
    total = sum(gain.values())
    held = 0.0
    for ident in ranked:
        if total <= 0 or held >= rule.lost_share * total - 1e-12:
            break
        head.add(ident)
        held += gain[ident]
    chosen = {i for i in oit if lowest[i] < rule.oit_below}
    candidates: dict[str, list[str]] = {}
    for ident in ranked:
        if ident in oit:
            continue
        below = lowest[ident] < rule.question_below
        weak_indicator = indicator_scores.get(indicator[ident], 0.0) < rule.strong_indicator
        if below or (ident in head and weak_indicator):
            candidates.setdefault(indicator[ident], []).append(ident)
    for ids in candidates.values():
        ids.sort(key=lambda i: (lowest[i] >= rule.question_below, -gain[i], order[i]))
        chosen.update(ids[: rule.max_per_indicator])
    return frozenset(chosen)


def apply_rule(
    framework: Framework,
    weak_points: tuple[WeakPoint, ...],
    indicator_scores: Mapping[str, float],
    rule: RecommendationRule | None = None,
) -> tuple[tuple[WeakPoint, ...], ResolvedRule]:
    """``weak_points`` with ``recommended`` set by ``rule`` (default: the documented one)."""
    resolved = (rule or RecommendationRule()).resolve(framework)
    ids = recommended_ids(resolved, weak_points, indicator_scores)
    marked = tuple(replace(wp, recommended=wp.id in ids) for wp in weak_points)
    return marked, resolved


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
    rule: RecommendationRule | None = None,
) -> Analysis:
    """Score ``result``, list its weak points and compare it with ``previous`` when given.

    ``rule`` decides which weak points are ``recommended`` (default :class:`RecommendationRule`).
    """
    scores = score(framework, result)
    weak_points, resolved = apply_rule(
        framework, find_weak_points(framework, result, thresholds), scores.indicators, rule
    )
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
        rule=resolved,
    )
