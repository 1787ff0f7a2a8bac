"""The pure ITA scoring engine: no IO, no clock, no database.

    indicator  = reported score, or the mean of its questions (EIT: the mean over parts of
                 each part's question mean), or for OIT its item tree: every node the
                 weighted mean of its children, to any depth (scoring/tree.py)
    tool       = mean of its indicators                     (IIT 1–5, EIT 6–8, OIT 9–10)
    overall    = Σ tool weight × tool score                 (30 / 30 / 40, framework data)
    level      = first level rule that the overall and every tool satisfy

Sources and status of each rule are in the framework file and docs/scoring.md. The seed
agency (เทศบาลตำบลคำบง) reproduces: FY2568 94.11 ผ่านดี, FY2567 99.006 → published 99.00.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from openita.frameworks.model import Framework
from openita.scoring.levels import level_of
from openita.scoring.model import AgencyResult, Change, Direction, IndicatorOrigin, Scores
from openita.scoring.rounding import round_half_up
from openita.scoring.tree import aggregate


class IncompleteResult(ValueError):
    """The result lacks indicators that its questions cannot supply either."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            "cannot score: no score for indicator(s) "
            + ", ".join(missing)
            + " and not all of their questions are given"
        )


def mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items)


def _part_means(
    qids: tuple[str, ...], parts: Mapping[str, Mapping[int, float]]
) -> dict[int, float] | None:
    """Mean of each part over ``qids``; None unless every question has every part."""
    if not qids or not all(q in parts for q in qids):
        return None
    means: dict[int, float] = {}
    for part in sorted({p for q in qids for p in parts[q]}):
        values = [parts[q][part] for q in qids if part in parts[q]]
        if len(values) < len(qids):
            return None
        means[part] = mean(values)
    return means


def question_part_means(
    framework: Framework, indicator_id: str, result: AgencyResult
) -> dict[int, float] | None:
    """Per-part question means of an EIT indicator, or None without complete part data."""
    return _part_means(
        framework.questions_of_indicator.get(indicator_id, ()), result.question_parts
    )


def indicator_from_items(
    framework: Framework,
    indicator_id: str,
    questions: Mapping[str, float],
    parts: Mapping[str, Mapping[int, float]] | None = None,
) -> float | None:
    """An indicator recomputed from its questions or OIT items; None if any is missing."""
    qids = framework.questions_of_indicator.get(indicator_id, ())
    if qids:
        if parts and all(q in parts for q in qids):
            part_means = _part_means(qids, parts)
            return None if part_means is None else mean(part_means.values())
        if all(q in questions for q in qids):
            return mean(questions[q] for q in qids)
        return None
    tree = framework.tree_of_indicator.get(indicator_id)
    return None if tree is None else aggregate(tree, questions)


def indicator_scores(
    framework: Framework, result: AgencyResult
) -> tuple[dict[str, float], dict[str, IndicatorOrigin]]:
    """Unrounded indicator scores used for the totals, and where each one came from."""
    values: dict[str, float] = {}
    origin: dict[str, IndicatorOrigin] = {}
    missing: list[str] = []
    for ind_id in framework.indicators:
        reported = result.indicators.get(ind_id)
        if reported is not None:
            values[ind_id] = reported
            origin[ind_id] = IndicatorOrigin.REPORTED
            continue
        derived = indicator_from_items(framework, ind_id, result.questions, result.question_parts)
        if derived is None:
            missing.append(ind_id)
        else:
            values[ind_id] = derived
            origin[ind_id] = IndicatorOrigin.QUESTIONS
    if missing:
        raise IncompleteResult(missing)
    return values, origin


def tool_scores(framework: Framework, indicators: Mapping[str, float]) -> dict[str, float]:
    """Unrounded tool scores: the plain mean of each tool's indicators."""
    return {
        tool: mean(indicators[i] for i in ind_ids)
        for tool, ind_ids in framework.indicators_of_tool.items()
    }


def overall_from_tools(framework: Framework, tools: Mapping[str, float]) -> float:
    return sum(framework.tools[t].weight / 100 * score for t, score in tools.items())


def eit_part_scores(framework: Framework, result: AgencyResult) -> dict[int, float]:
    """EIT score per part (mean over EIT indicators of each part's mean), when complete."""
    per_indicator = [
        question_part_means(framework, ind_id, result)
        for ind_id in framework.indicators_of_tool.get("EIT", ())
    ]
    if not per_indicator or any(p is None for p in per_indicator):
        return {}
    complete = [p for p in per_indicator if p is not None]
    parts = sorted(set.intersection(*(set(p) for p in complete)))
    return {part: mean(p[part] for p in complete) for part in parts}


def score(framework: Framework, result: AgencyResult) -> Scores:
    """Score ``result`` with ``framework`` (the two must share a fiscal year)."""
    if framework.fiscal_year != result.fiscal_year:
        raise ValueError(
            f"result is for fiscal year {result.fiscal_year}, framework for {framework.fiscal_year}"
        )
    decimals = framework.decimals
    raw_indicators, origin = indicator_scores(framework, result)
    raw_tools = tool_scores(framework, raw_indicators)
    computed = overall_from_tools(framework, raw_tools)
    tools = {
        t: result.official_tools.get(t, round_half_up(v, decimals)) for t, v in raw_tools.items()
    }
    parts = {p: round_half_up(v, decimals) for p, v in eit_part_scores(framework, result).items()}
    overall_is_official = result.official_overall is not None
    overall = (
        result.official_overall
        if result.official_overall is not None
        else round_half_up(computed, decimals)
    )
    computed_level = level_of(framework, overall, tools, parts)
    shown = computed_level
    if result.official_level is not None:
        official = framework.level(result.official_level)
        if official is not None:
            shown = official
    return Scores(
        fiscal_year=result.fiscal_year,
        indicators={k: round_half_up(v, decimals) for k, v in raw_indicators.items()},
        indicator_origin=origin,
        tools=tools,
        eit_parts=parts,
        overall=overall,
        computed_overall=computed,
        overall_is_official=overall_is_official,
        level_id=shown.id,
        level=shown.label_th,
        level_en=shown.label_en,
        computed_level_id=computed_level.id,
    )


def direction_of(points: float) -> Direction:
    if points > 0:
        return "เพิ่มขึ้น"
    if points < 0:
        return "ลดลง"
    return "คงที่"


def change(previous: float, current: float, decimals: int = 2) -> Change:
    """Change from ``previous`` to ``current`` as published figures.

    Points are the difference of the two published (rounded) scores; percent is relative
    to last year's score: (94.11 − 99.00) / 99.00 = −4.94 %. A previous score of 0 has no
    percent change (None).
    """
    points = round_half_up(current - previous, decimals)
    percent = round_half_up(points / previous * 100, decimals) if previous else None
    return Change(
        previous=previous,
        current=current,
        points=points,
        percent=percent,
        direction=direction_of(points),
    )
