"""Which level (ระดับผลการประเมิน) a score earns.

FY2567–2568 rules (``levels`` in the framework file): ผ่านดีเยี่ยม needs an overall of at
least 95 *and* every tool at least 95; ผ่านดี needs 85 and every tool 85; ผ่าน is 85 overall
with some tool below 85; below that ต้องปรับปรุง (≥ 70) and ต้องปรับปรุงโดยด่วน. Source: NACC's
FY2568 statement that สตง. scored 94.64 yet was rated ผ่าน because its EIT was below 85.
Levels are checked top to bottom on the *published* (rounded) overall and tool scores.

This module is the one home of the level rule: :func:`checked_scores` says which scores the
per-tool minimum applies to (the tools, or with ``eit_parts_checked_separately`` the EIT parts
in place of EIT) and :func:`level_of` applies the rule. Scoring, what-if, the optimiser, the
consistency checks and the report context all call these two functions.
"""

from __future__ import annotations

from collections.abc import Mapping

from openita.frameworks.model import Framework
from openita.frameworks.schema import LevelSpec


def eit_part_key(part: int) -> str:
    """The key of an EIT part among the checked scores (``EIT1``, ``EIT2``, ...)."""
    return f"EIT{part}"


def parts_checked_separately(framework: Framework, eit_parts: Mapping[int, float]) -> bool:
    """True when the EIT parts, not the EIT tool score, meet the per-tool minimum."""
    return bool(framework.spec.level_rules.eit_parts_checked_separately and eit_parts)


def checked_scores(
    framework: Framework, tools: Mapping[str, float], eit_parts: Mapping[int, float]
) -> dict[str, float]:
    """The scores the per-tool minimum of a level applies to, keyed by tool id or part key.

    With ``level_rules.eit_parts_checked_separately`` (and part scores at hand) each EIT part
    is checked instead of the EIT tool score; otherwise the tools are checked as they are.
    """
    checked = dict(tools)
    if parts_checked_separately(framework, eit_parts):
        checked.pop("EIT", None)
        checked.update({eit_part_key(p): v for p, v in sorted(eit_parts.items())})
    return checked


def level_of(
    framework: Framework,
    overall: float,
    tools: Mapping[str, float],
    eit_parts: Mapping[int, float],
) -> LevelSpec:
    """The level earned by published ``overall``, ``tools`` and ``eit_parts`` scores."""
    return level_for(framework, overall, checked_scores(framework, tools, eit_parts))


def level_for(framework: Framework, overall: float, tools: Mapping[str, float]) -> LevelSpec:
    """The first level whose overall minimum and per-tool minimum both hold.

    ``tools`` are the already checked scores (see :func:`checked_scores`); callers holding
    tool and part scores call :func:`level_of`.
    """
    for level in framework.levels:
        if overall < level.min_overall:
            continue
        if level.min_each_tool is not None and any(
            score < level.min_each_tool for score in tools.values()
        ):
            continue
        return level
    return framework.levels[-1]


def level_rank(framework: Framework, level_id: str) -> int:
    """0 for the best level, growing downwards; used to compare levels across years."""
    for rank, level in enumerate(framework.levels):
        if level.id == level_id:
            return rank
    raise KeyError(level_id)
