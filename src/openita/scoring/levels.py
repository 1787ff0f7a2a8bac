"""Which level (ระดับผลการประเมิน) a score earns.

FY2567–2568 rules (``levels`` in the framework file): ผ่านดีเยี่ยม needs an overall of at
least 95 *and* every tool at least 95; ผ่านดี needs 85 and every tool 85; ผ่าน is 85 overall
with some tool below 85; below that ต้องปรับปรุง (≥ 70) and ต้องปรับปรุงโดยด่วน. Source: NACC's
FY2568 statement that สตง. scored 94.64 yet was rated ผ่าน because its EIT was below 85.
Levels are checked top to bottom on the *published* (rounded) overall and tool scores.
"""

from __future__ import annotations

from collections.abc import Mapping

from openita.frameworks.model import Framework
from openita.frameworks.schema import LevelSpec


def level_for(framework: Framework, overall: float, tools: Mapping[str, float]) -> LevelSpec:
    """The first level whose overall minimum and per-tool minimum both hold."""
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
