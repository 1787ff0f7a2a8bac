"""The fewest (or least-effort) fixes that reach a target level or overall score.

Each fix sets one question part or OIT item to 100. The problem is linear and separable:
a fix moves only its own tool (or EIT part) and the overall, by fixed shares
(:mod:`openita.analysis.contribution`), and the level rules (ita-2568.yaml ``levels``) ask for
an overall minimum plus a minimum for each tool. So:

* within one tool, the best ``k`` fixes are the ``k`` largest gains (every fix of the tool
  moves the tool and the overall in the same proportion), and the least-effort set that buys
  a given gain is a 0/1 knapsack over small integer efforts (1..5 in the recommendation
  library), solved exactly by dynamic programming;
* across tools, a second dynamic programme over the total cost keeps, for each cost, the
  largest overall gain among choices where every tool meets its own minimum.

The smallest cost whose best overall reaches the target is the exact optimum; the chosen set
is then replayed through :func:`openita.analysis.whatif.simulate` so the figures shown are
the what-if's own. Items without a score in the data (O2 in the seed) are never chosen:
their current score, hence their gain, is unknown, and the answer says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from openita.analysis.contribution import ScoredItem, missing_oit_items, scored_items
from openita.analysis.whatif import WhatIfResult, normalise_key, simulate
from openita.frameworks.model import Framework
from openita.frameworks.schema import LevelSpec
from openita.i18n import _
from openita.scoring.engine import indicator_scores
from openita.scoring.levels import (
    checked_scores,
    eit_part_key,
    level_rank,
    parts_checked_separately,
)
from openita.scoring.model import AgencyResult, IndicatorOrigin
from openita.scoring.rounding import format_score, round_half_up

_NEG = float("-inf")


class BadTarget(ValueError):
    """A target that is neither a level of the framework nor a score in 0..100."""


@dataclass(frozen=True)
class Target:
    """A level to reach (its overall and per-tool minimums) or an overall score."""

    label: str
    min_overall: float
    min_each_tool: float | None
    level_id: str | None


def parse_target(framework: Framework, text: str) -> Target:
    """``"ผ่านดีเยี่ยม"`` / ``"excellent"`` -> that level's rule; ``"95"`` -> overall >= 95."""
    level = framework.level(text.strip())
    if level is not None:
        return level_target(level)
    try:
        value = float(text)
    except ValueError:
        labels = ", ".join(lv.label_th for lv in framework.levels)
        raise BadTarget(
            _("{target} is not a level ({levels}) or a score").format(
                target=repr(text), levels=labels
            )
        ) from None
    if not 0 <= value <= 100:
        raise BadTarget(
            _("target score {target} must be between 0 and 100").format(target=repr(text))
        )
    return Target(label=format_score(value), min_overall=value, min_each_tool=None, level_id=None)


def level_target(level: LevelSpec) -> Target:
    return Target(
        label=level.label_th,
        min_overall=level.min_overall,
        min_each_tool=level.min_each_tool,
        level_id=level.id,
    )


@dataclass(frozen=True)
class Step:
    """One fix in the order it is best explained: biggest gain first, with the running figures."""

    key: str
    tool: str
    indicator: str
    score: float
    gain: float
    effort: int | None
    overall: float
    level: str
    level_id: str
    projected: bool


@dataclass(frozen=True)
class Optimisation:
    """The optimiser's answer: the steps, or why the target cannot be reached."""

    target: Target
    objective: str  # "fewest" | "effort"
    reachable: bool
    already_met: bool
    steps: tuple[Step, ...]
    final: WhatIfResult
    reasons: tuple[str, ...]
    total_effort: int | None

    @property
    def settings(self) -> dict[str, float]:
        """The fixes as what-if settings (each item set to 100)."""
        return {s.key: 100.0 for s in self.steps}

    def as_dict(self) -> dict[str, object]:
        return {
            "target": self.target.label,
            "objective": self.objective,
            "reachable": self.reachable,
            "already_met": self.already_met,
            "total_effort": self.total_effort,
            "reasons": list(self.reasons),
            "steps": [
                {
                    "key": s.key,
                    "tool": s.tool,
                    "indicator": s.indicator,
                    "score": s.score,
                    "gain": round(s.gain, 4),
                    "effort": s.effort,
                    "overall": s.overall,
                    "level": s.level,
                    "projected": s.projected,
                }
                for s in self.steps
            ],
            "final": self.final.as_dict(),
        }


@dataclass(frozen=True)
class _Option:
    cost: int
    group_gain: float
    overall_gain: float
    items: tuple[ScoredItem, ...]


def _meets(target: Target, figures: WhatIfResult, framework: Framework) -> bool:
    if figures.overall < target.min_overall:
        return False
    if target.min_each_tool is None:
        return True
    return all(v >= target.min_each_tool for v in _checked(framework, figures).values())


def _checked(framework: Framework, figures: WhatIfResult) -> dict[str, float]:
    return checked_scores(framework, figures.tools, figures.eit_parts)


def _group_of(item: ScoredItem, split_parts: bool) -> str:
    if split_parts and item.share.part is not None:
        return eit_part_key(item.share.part)
    return item.share.tool


def _group_gain(item: ScoredItem, split_parts: bool) -> float:
    if split_parts and item.share.part is not None and item.share.to_part is not None:
        return item.share.to_part * (100.0 - item.score)
    return item.share.to_tool * (100.0 - item.score)


def _fewest_options(items: list[ScoredItem], split: bool) -> list[_Option]:
    """Option k = the k largest gains: the most a tool can gain with k fixes."""
    ranked = sorted(items, key=lambda it: -_group_gain(it, split))
    options = [_Option(0, 0.0, 0.0, ())]
    for it in ranked:
        last = options[-1]
        options.append(
            _Option(
                last.cost + 1,
                last.group_gain + _group_gain(it, split),
                last.overall_gain + it.gain,
                (*last.items, it),
            )
        )
    return options


def _effort_options(
    items: list[ScoredItem], split: bool, effort: Mapping[str, int]
) -> list[_Option]:
    """Per effort budget, the largest gain of fixes costing at most that (0/1 knapsack)."""
    total = sum(effort[it.share.id] for it in items)
    best = [_Option(0, 0.0, 0.0, ()) for _ in range(total + 1)]
    for it in items:
        cost = effort[it.share.id]
        gain = _group_gain(it, split)
        for budget in range(total, cost - 1, -1):
            candidate = best[budget - cost]
            if candidate.group_gain + gain > best[budget].group_gain:
                best[budget] = _Option(
                    budget,
                    candidate.group_gain + gain,
                    candidate.overall_gain + it.gain,
                    (*candidate.items, it),
                )
    return best


def _combine(
    groups: dict[str, list[_Option]], needed: dict[str, float]
) -> dict[int, tuple[float, tuple[ScoredItem, ...]]]:
    """Total cost -> (largest overall gain, items) with every group meeting its own minimum."""
    table: dict[int, tuple[float, tuple[ScoredItem, ...]]] = {0: (0.0, ())}
    for name, options in groups.items():
        usable = [o for o in options if o.group_gain >= needed.get(name, _NEG)]
        nxt: dict[int, tuple[float, tuple[ScoredItem, ...]]] = {}
        for cost, (gain, chosen) in table.items():
            for o in usable:
                total = cost + o.cost
                value = gain + o.overall_gain
                if total not in nxt or value > nxt[total][0]:
                    nxt[total] = (value, chosen + o.items)
        table = nxt
    return table


def optimise(
    framework: Framework,
    result: AgencyResult,
    target: Target,
    settings: Mapping[str, float] | None = None,
    effort: Mapping[str, int] | None = None,
) -> Optimisation:
    """The fewest fixes (or, given ``effort`` per item id, least total effort) to reach ``target``.

    ``settings`` are applied first (a what-if the user already chose); the optimiser adds to them.
    """
    settings = {normalise_key(k): v for k, v in (settings or {}).items()}
    base = simulate(framework, result, settings)
    objective = "fewest" if effort is None else "effort"
    if _meets(target, base, framework):
        return Optimisation(target, objective, True, True, (), base, (), 0 if effort else None)
    split = parts_checked_separately(framework, base.eit_parts)
    taken = {k.partition(".")[0] for k in settings}
    candidates = [
        it
        for it in scored_items(framework, result)
        if it.score < 100 and it.share.id not in taken and it.share.key not in settings
    ]
    if effort is not None:
        unknown = sorted({it.share.id for it in candidates if it.share.id not in effort})
        if unknown:
            raise ValueError(_("no effort weight for {ids}").format(ids=", ".join(unknown)))
    checked = _checked(framework, base)
    raw_checked = checked_scores(framework, base.raw_tools, base.raw_eit_parts)
    needed: dict[str, float] = {}
    if target.min_each_tool is not None:
        for group, raw in raw_checked.items():
            needed[group] = _needed(raw, target.min_each_tool, framework.decimals)
    members: dict[str, list[ScoredItem]] = {g: [] for g in checked}
    for it in candidates:
        members.setdefault(_group_of(it, split), []).append(it)
    options = {
        g: (
            _fewest_options(items, split)
            if effort is None
            else _effort_options(items, split, effort)
        )
        for g, items in members.items()
    }
    table = _combine(options, needed)
    overall_needed = _needed(base.overall_raw, target.min_overall, framework.decimals)
    for cost in sorted(table):
        gain, chosen = table[cost]
        if gain < overall_needed:
            continue
        ordered = sorted(chosen, key=lambda it: -it.gain)
        replay = {**settings, **{it.share.key: 100.0 for it in ordered}}
        final = simulate(framework, result, replay)
        if not _meets(target, final, framework):
            continue  # a rounding edge the linear check missed: try the next cost
        steps = _steps(framework, result, settings, ordered, effort)
        total_effort = sum(effort[it.share.id] for it in ordered) if effort else None
        return Optimisation(target, objective, True, False, steps, final, (), total_effort)
    reasons = _why_not(framework, result, target, base, options, needed, overall_needed, members)
    return Optimisation(target, objective, False, False, (), base, reasons, None)


def _needed(raw: float, minimum: float, decimals: int) -> float:
    """Gain needed for ``raw`` to be published (rounded half-up) at ``minimum`` or more."""
    if round_half_up(raw, decimals) >= minimum:
        return 0.0
    # Slightly lenient (1e-9): the exact test is the replay through the what-if.
    return float(minimum - 0.5 * 10.0**-decimals - raw - 1e-9)


def _steps(
    framework: Framework,
    result: AgencyResult,
    settings: Mapping[str, float],
    ordered: list[ScoredItem],
    effort: Mapping[str, int] | None,
) -> tuple[Step, ...]:
    steps: list[Step] = []
    applied = dict(settings)
    for it in ordered:
        applied[it.share.key] = 100.0
        figures = simulate(framework, result, applied)
        steps.append(
            Step(
                key=it.share.key,
                tool=it.share.tool,
                indicator=it.share.indicator,
                score=it.score,
                gain=it.gain,
                effort=effort[it.share.id] if effort else None,
                overall=figures.overall,
                level=figures.level,
                level_id=figures.level_id,
                projected=figures.projected,
            )
        )
    return tuple(steps)


def _why_not(
    framework: Framework,
    result: AgencyResult,
    target: Target,
    base: WhatIfResult,
    options: dict[str, list[_Option]],
    needed: dict[str, float],
    overall_needed: float,
    members: dict[str, list[ScoredItem]],
) -> tuple[str, ...]:
    """Plain reasons: which tool or the overall falls short even with every known item at 100."""
    reasons: list[str] = []
    for group, opts in options.items():
        best = max(o.group_gain for o in opts)
        if best < needed.get(group, _NEG):
            raw = (
                base.raw_tools[group]
                if group in base.raw_tools
                else base.raw_eit_parts[int(group[3:])]
            )
            top = round_half_up(raw + best, framework.decimals)
            reasons.append(
                _(
                    "{tool} reaches at most {score} with every known item at 100; the target "
                    "({target}) needs each tool at {minimum} or more"
                ).format(
                    tool=group,
                    score=format_score(top),
                    target=target.label,
                    minimum=format_score(target.min_each_tool or 0),
                )
                + _unknown_note(framework, result, group)
            )
    best_overall = sum(max(o.overall_gain for o in opts) for opts in options.values())
    if best_overall < overall_needed:
        top = round_half_up(base.overall_raw + best_overall, framework.decimals)
        reasons.append(
            _(
                "the overall reaches at most {score} with every known item at 100; the target "
                "({target}) needs an overall of {minimum}"
            ).format(
                score=format_score(top),
                target=target.label,
                minimum=format_score(target.min_overall),
            )
            + _unknown_note(framework, result, None)
        )
    if not reasons:
        reasons.append(
            _("no combination of fixes meets every tool minimum and the overall minimum at once")
        )
    missing = missing_oit_items(framework, result)
    if missing:
        reasons.append(
            _("not counted: {ids} (score not in the data, so its gain is unknown)").format(
                ids=", ".join(missing)
            )
        )
    return tuple(reasons)


def _unknown_note(framework: Framework, result: AgencyResult, group: str | None) -> str:
    """Indicators whose score is official but whose items are not all in the data."""
    raw, origin = indicator_scores(framework, result)
    tools = [group[:3]] if group else list(framework.indicators_of_tool)
    gaps: list[str] = []
    for tool in tools:
        for ind in framework.indicators_of_tool.get(tool, ()):
            if origin[ind] is not IndicatorOrigin.REPORTED or raw[ind] >= 100:
                continue
            items = framework.questions_of_indicator.get(ind) or framework.items_of_indicator[ind]
            absent = [
                i for i in items if i not in result.questions and i not in result.question_parts
            ]
            if absent:
                gaps.append(
                    _("indicator {indicator} ({ids})").format(indicator=ind, ids=", ".join(absent))
                )
    if not gaps:
        return ""
    return _("; items without a score in the data cannot be counted: {gaps}").format(
        gaps="; ".join(gaps)
    )


def level_reached(framework: Framework, figures: WhatIfResult, target: Target) -> bool:
    """True when ``figures`` are at the target level or better (or at the target score)."""
    if target.level_id is None:
        return figures.overall >= target.min_overall
    return level_rank(framework, figures.level_id) <= level_rank(framework, target.level_id)
