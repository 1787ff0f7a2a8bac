"""What-if: set questions, EIT question parts, OIT items or indicators to new values.

The new figures are the current ones moved by the change each setting causes:

    new indicator = current indicator + Σ share_in_indicator x (new - old)
    new tool      = current tool      + Σ Δ indicator / |indicators of the tool|
    new overall   = current overall   + Σ tool weight / 100 x Δ tool

"Current" is the official figure when the result carries one (the indicator scores of the
ITAS summary, the official overall and tool scores), else the engine's own. So the overall
shown moves from the published 94.11, not from a recomputation of it: NACC rounds from
unrounded inputs we do not have (ita-2568.yaml ``rounding``), and a what-if must not change
a figure nobody asked to change. Because every aggregation rule is a (weighted) mean, the
shift is exact whenever the indicator is itself derived from item data; for an official
indicator it is the projection the brief asks for, and for OIT items it rests on the
inferred sub-indicator grouping (see :mod:`openita.analysis.contribution`), so OIT changes
are marked ``projected``.

An item whose current score is not in the data (O2 in the seed) cannot be simulated: we do
not know how far it would move. The level is decided on the new published (rounded) overall
and tool scores with the framework's level rules, as :func:`openita.scoring.score` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from openita.analysis.contribution import Share, UnknownItem, indicator_share, share_of
from openita.errors import OpenITAError, Problem
from openita.frameworks.model import Framework
from openita.message import Message, Text
from openita.scoring.engine import (
    eit_part_scores,
    indicator_scores,
    overall_from_tools,
    tool_scores,
)
from openita.scoring.levels import level_of
from openita.scoring.model import AgencyResult, IndicatorOrigin
from openita.scoring.rounding import round_half_up

_SETTING = re.compile(r"^\s*([A-Za-z]?[0-9]+(?:\.[0-9]+)?)\s*=\s*([0-9]+(?:\.[0-9]*)?)\s*$")


class WhatIfError(OpenITAError, ValueError):
    """A setting that cannot be simulated; ``messages`` say why, one per setting.

    The messages reach the user (CLI ``--set``, the web's what-if form, the API): they are
    messages as data, rendered in the reader's language. Bad input: exit 2, HTTP 422, each
    message a problem of the request's field ``set``.
    """

    code = "bad_setting"

    def __init__(self, messages: list[Text]) -> None:
        self.message_list = messages
        super().__init__(messages[0])

    @property
    def messages(self) -> list[str]:
        """The messages in the current language."""
        return [str(m) for m in self.message_list]

    def problems_of(self, file: str, field: str | None = None) -> list[Problem]:
        return [Problem(file, m, field=field, code=self.code) for m in self.message_list]

    @property
    def problems(self) -> list[Problem]:
        return self.problems_of("request", "set")

    def __str__(self) -> str:
        return "; ".join(self.messages)


@dataclass(frozen=True)
class ItemChange:
    """One setting as applied: its old and new value and what it adds to the overall."""

    key: str
    kind: str  # "item" | "indicator"
    tool: str
    indicator: str
    old: float
    new: float
    overall_delta: float
    projected: bool


@dataclass(frozen=True)
class WhatIfResult:
    """New published figures after the settings, and the base they moved from."""

    fiscal_year: int
    changes: tuple[ItemChange, ...]
    indicators: dict[str, float]
    tools: dict[str, float]
    eit_parts: dict[int, float]
    overall: float
    overall_raw: float
    base_overall: float
    from_official: bool
    projected: bool
    level_id: str
    level: str
    level_en: str
    raw_tools: dict[str, float]
    raw_eit_parts: dict[int, float]

    def as_dict(self) -> dict[str, object]:
        return {
            "fiscal_year": self.fiscal_year,
            "base_overall": self.base_overall,
            "overall": self.overall,
            "overall_raw": round(self.overall_raw, 4),
            "from_official": self.from_official,
            "projected": self.projected,
            "level": self.level,
            "level_en": self.level_en,
            "level_id": self.level_id,
            "tools": dict(self.tools),
            "eit_parts": {str(k): v for k, v in self.eit_parts.items()},
            "indicators": dict(self.indicators),
            "changes": [
                {
                    "key": c.key,
                    "kind": c.kind,
                    "tool": c.tool,
                    "indicator": c.indicator,
                    "old": c.old,
                    "new": c.new,
                    "overall_delta": round(c.overall_delta, 4),
                    "projected": c.projected,
                }
                for c in self.changes
            ],
        }


def parse_setting(text: str) -> tuple[str, float]:
    """``"O7=100"`` -> ``("O7", 100.0)``; ``e1.1=100`` is part 1 of e1; ``9=95`` an indicator."""
    match = _SETTING.match(text)
    if match is None:
        raise WhatIfError(
            [
                Message(
                    "{text} is not a setting; write ID=VALUE, e.g. O7=100, i1=100, e1.1=100 "
                    "or 9=95",
                    text=repr(text),
                )
            ]
        )
    key, value = match.group(1), float(match.group(2))
    if not 0 <= value <= 100:
        raise WhatIfError(
            [Message("{setting}: a score must be between 0 and 100", setting=repr(text))]
        )
    return normalise_key(key), value


def normalise_key(key: str) -> str:
    """Ids as the framework spells them: OIT items upper-case ``O`` (or ``MOIT``), questions
    lower-case."""
    key = key.strip()
    if key[:4].lower() == "moit":
        return "MOIT" + key[4:]
    if key[:1] in ("o", "O"):
        return "O" + key[1:]
    return key.lower()


def _current_score(result: AgencyResult, item_id: str, part: int | None) -> float | None:
    if part is not None:
        parts = result.question_parts.get(item_id)
        return None if parts is None else parts.get(part)
    return result.questions.get(item_id)


def _expand(
    framework: Framework, result: AgencyResult, key: str, value: float, problems: list[Text]
) -> list[tuple[Share, float, float]]:
    """The (share, old, new) triples of one item setting; a whole EIT question means every part."""
    item_id, _dot, part_text = key.partition(".")
    part = int(part_text) if part_text else None
    try:
        share_of(framework, item_id)
    except UnknownItem:
        problems.append(
            Message(
                "{id} is not a question or OIT item of fiscal year {fiscal_year}",
                id=repr(item_id),
                fiscal_year=framework.fiscal_year,
            )
        )
        return []
    parts = result.question_parts.get(item_id)
    if part is None and parts:
        targets: list[int | None] = [*sorted(parts)]
    else:
        targets = [part]
    if part is not None and not parts:
        problems.append(
            Message(
                "{id} has no part scores in the data; set {setting}",
                id=item_id,
                setting=f"{item_id}={value:g}",
            )
        )
        return []
    expanded: list[tuple[Share, float, float]] = []
    for p in targets:
        old = _current_score(result, item_id, p)
        if old is None:
            problems.append(
                Message(
                    "{id} has no score in the data, so its effect cannot be simulated (we do not "
                    "know how far it would move)",
                    id=item_id if p is None else f"{item_id}.{p}",
                )
            )
            continue
        expanded.append((share_of(framework, item_id, p, result), old, value))
    return expanded


def simulate(
    framework: Framework, result: AgencyResult, settings: Mapping[str, float] | None = None
) -> WhatIfResult:
    """The figures ``result`` would have with ``settings`` (item or indicator id -> score)."""
    settings = settings or {}
    raw_indicators, origin = indicator_scores(framework, result)
    problems: list[Text] = []
    delta_ind = dict.fromkeys(raw_indicators, 0.0)
    delta_part: dict[int, float] = {}
    set_indicators: dict[str, float] = {}
    changes: list[ItemChange] = []
    for raw_key, value in settings.items():
        key = normalise_key(raw_key)
        if not 0 <= value <= 100:  # the same rule as parse_setting, for callers with a dict
            problems.append(
                Message(
                    "{setting}: a score must be between 0 and 100", setting=f"{raw_key}={value:g}"
                )
            )
            continue
        if key in framework.indicators:
            set_indicators[key] = value
            continue
        for share, old, new in _expand(framework, result, key, value, problems):
            delta_ind[share.indicator] += share.to_indicator * (new - old)
            if share.part is not None and share.to_part is not None:
                delta_part[share.part] = delta_part.get(share.part, 0.0) + share.to_part * (
                    new - old
                )
            changes.append(
                ItemChange(
                    key=share.key,
                    kind="item",
                    tool=share.tool,
                    indicator=share.indicator,
                    old=old,
                    new=new,
                    overall_delta=share.to_overall * (new - old),
                    projected=share.projected,
                )
            )
    for ind_id, value in set_indicators.items():
        if any(c.indicator == ind_id for c in changes):
            problems.append(
                Message(
                    "indicator {indicator} is set directly and through its items; set one or the "
                    "other",
                    indicator=ind_id,
                )
            )
            continue
        ind_to_tool, ind_to_overall = indicator_share(framework, ind_id)
        delta = value - raw_indicators[ind_id]
        delta_ind[ind_id] = delta
        tool = framework.tool_of_indicator(ind_id)
        if tool == "EIT":
            for p in eit_part_scores(framework, result):
                delta_part[p] = delta_part.get(p, 0.0) + delta * ind_to_tool
        changes.append(
            ItemChange(
                key=ind_id,
                kind="indicator",
                tool=tool,
                indicator=ind_id,
                old=raw_indicators[ind_id],
                new=value,
                overall_delta=ind_to_overall * delta,
                projected=False,
            )
        )
    if problems:
        raise WhatIfError(problems)
    return _figures(framework, result, raw_indicators, origin, delta_ind, delta_part, changes)


def _figures(
    framework: Framework,
    result: AgencyResult,
    raw_indicators: dict[str, float],
    origin: Mapping[str, IndicatorOrigin],
    delta_ind: Mapping[str, float],
    delta_part: Mapping[int, float],
    changes: Iterable[ItemChange],
) -> WhatIfResult:
    decimals = framework.decimals
    computed_tools = tool_scores(framework, raw_indicators)
    base_tools = {t: result.official_tools.get(t, v) for t, v in computed_tools.items()}
    # Tool and overall scores are linear in the indicators, so the engine's own rules
    # (tool_scores, overall_from_tools) applied to the changes give the change of each.
    tool_deltas = tool_scores(framework, delta_ind)
    new_tools = {t: base + tool_deltas[t] for t, base in base_tools.items()}
    computed_overall = overall_from_tools(framework, computed_tools)
    from_official = result.official_overall is not None
    base_overall = (
        result.official_overall if result.official_overall is not None else computed_overall
    )
    overall_raw = base_overall + overall_from_tools(framework, tool_deltas)
    raw_parts = {
        p: v + delta_part.get(p, 0.0) for p, v in eit_part_scores(framework, result).items()
    }
    overall = round_half_up(overall_raw, decimals)
    tools = {t: round_half_up(v, decimals) for t, v in new_tools.items()}
    parts = {p: round_half_up(v, decimals) for p, v in raw_parts.items()}
    level = level_of(framework, overall, tools, parts)
    change_list = tuple(changes)
    return WhatIfResult(
        fiscal_year=result.fiscal_year,
        changes=change_list,
        indicators={
            i: round_half_up(v + delta_ind[i], decimals) for i, v in raw_indicators.items()
        },
        tools=tools,
        eit_parts=parts,
        overall=overall,
        overall_raw=overall_raw,
        base_overall=base_overall,
        from_official=from_official,
        projected=any(c.projected for c in change_list)
        or any(origin[c.indicator] is IndicatorOrigin.REPORTED for c in change_list),
        level_id=level.id,
        level=level.label_th,
        level_en=level.label_en,
        raw_tools=new_tools,
        raw_eit_parts=raw_parts,
    )
