"""The OIT score an agency can expect from the items it has ready (the OIT checklist).

Ready items count 100, the others 0 (:func:`project_oit`) — or, once assessors have reviewed
the items, each item its reviewed score (:func:`project_item_scores`). Indicators 9 and 10,
OIT, and — when the year's IIT and EIT are known from a stored result — the overall score and
level come from the scoring engine (:mod:`openita.scoring.engine`), the same functions every
other score goes through. The result
is an estimate whenever the framework's grouping of OIT items is not confirmed (``estimated``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from openita.frameworks.model import Framework
from openita.scoring.engine import IncompleteResult, indicator_from_items, mean, score
from openita.scoring.model import AgencyResult
from openita.scoring.rounding import round_half_up

OIT_TOOL = "OIT"


@dataclass(frozen=True)
class OitProjection:
    indicators: dict[str, float]
    """Indicators of the OIT tool (``"9"``, ``"10"``), rounded as the framework rounds."""
    oit: float
    overall: float | None
    """None when the year's IIT and EIT are not known."""
    level_id: str | None
    level: str | None
    ready: int
    total: int
    estimated: bool
    """True when the item grouping (sub-indicators, weights) is not confirmed."""


def _grouping_confirmed(framework: Framework, indicator_ids: Collection[str]) -> bool:
    subs = [s for i in indicator_ids for s in framework.subs_of_indicator.get(i, ())]
    items = [o for o in framework.oit_items.values() if o.sub_indicator in subs]
    return framework.status == "confirmed" and all(
        f.status == "confirmed" for f in [*(framework.sub_indicators[s] for s in subs), *items]
    )


def project_oit(
    framework: Framework, ready: Collection[str], base: AgencyResult | None = None
) -> OitProjection:
    """The projection with the items in ``ready`` done; ``base`` gives IIT and EIT."""
    scores = {item: 100.0 for item in framework.oit_items if item in ready}
    return project_item_scores(framework, scores, base, ready)


def project_item_scores(
    framework: Framework,
    scores: Mapping[str, float],
    base: AgencyResult | None = None,
    counted: Collection[str] | None = None,
) -> OitProjection:
    """Indicators 9 and 10, OIT, overall and level from item scores (0–100; items without a
    score count 0): the assessors' reviewed scores, or the ready items at 100.

    ``ready`` of the answer counts the items in ``counted`` (default: the items scored)."""
    indicator_ids = framework.indicators_of_tool.get(OIT_TOOL, ())
    items = {item: float(scores.get(item, 0.0)) for item in framework.oit_items}
    done = set(scores) if counted is None else set(counted)
    raw: dict[str, float] = {}
    for indicator in indicator_ids:
        value = indicator_from_items(framework, indicator, items)
        if value is None:  # an indicator without items in this framework
            raise IncompleteResult([indicator])
        raw[indicator] = value
    decimals = framework.decimals
    overall = level_id = level = None
    if base is not None:
        try:
            others = {i: v for i, v in score(framework, base).indicators.items() if i not in raw}
        except IncompleteResult:
            others = {}
        if others and set(others) | set(raw) == set(framework.indicators):
            projected = score(
                framework,
                AgencyResult.build(
                    fiscal_year=framework.fiscal_year,
                    agency=base.agency,
                    indicators={**others, **raw},
                ),
            )
            overall, level_id, level = projected.overall, projected.level_id, projected.level
    return OitProjection(
        indicators={i: round_half_up(v, decimals) for i, v in raw.items()},
        oit=round_half_up(mean(raw.values()), decimals),
        overall=overall,
        level_id=level_id,
        level=level,
        ready=sum(1 for item in framework.oit_items if item in done),
        total=len(framework.oit_items),
        estimated=not _grouping_confirmed(framework, indicator_ids),
    )
