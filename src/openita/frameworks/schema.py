"""The shape of a fiscal year's ITA framework file, validated when the file loads.

A framework is data, not code: adding fiscal year 2569 means adding ``ita-2569.yaml`` that
satisfies this schema (docs/frameworks.md). Cross-references (an indicator naming a tool that
does not exist, a question naming an unknown indicator, ...) are checked here too, so a bad
file fails at load time with its file and line, never half-way through a computation.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["confirmed", "inferred", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    status: Status = "unknown"
    source: str | None = None


class ToolSpec(Sourced):
    id: str = Field(pattern=r"^[A-Z]{2,8}$")
    name_th: str
    name_en: str
    weight: float = Field(gt=0, le=100)


class EitPartSpec(Sourced):
    id: int = Field(ge=1)
    name_th: str
    name_en: str


class IndicatorSpec(Sourced):
    id: str = Field(pattern=r"^[0-9]+$")
    tool: str
    name_th: str
    name_en: str


class SubIndicatorSpec(Sourced):
    id: str = Field(pattern=r"^[0-9]+\.[0-9]+$")
    indicator: str
    name_th: str
    name_en: str
    weight: float = Field(default=1, gt=0)


class ScaleLevel(_Strict):
    label_th: str
    value: float = Field(ge=0, le=100)


class AnswerScale(Sourced):
    levels: list[ScaleLevel] = Field(min_length=2)


class QuestionSpec(Sourced):
    id: str = Field(pattern=r"^[a-z][0-9]+$")
    indicator: str
    scale: str
    text_th: str | None = None
    topic_th: str | None = None


class OitItemSpec(Sourced):
    id: str = Field(pattern=r"^O[0-9]+$")
    sub_indicator: str
    title_th: str | None = None
    period: Literal["current", "previous"] = "current"
    weight: float = Field(default=1, gt=0)


class AggregationSpec(Sourced):
    questions: Literal["mean"] = "mean"
    eit_parts: Literal["mean_of_parts"] = "mean_of_parts"
    tool: Literal["mean_of_indicators"] = "mean_of_indicators"


class RoundingSpec(_Strict):
    decimals: int = Field(default=2, ge=0, le=6)
    mode: Literal["half_up"] = "half_up"
    source: str | None = None


class LevelSpec(_Strict):
    id: str
    label_th: str
    label_en: str
    min_overall: float = Field(ge=0, le=100)
    min_each_tool: float | None = Field(default=None, ge=0, le=100)


class LevelRules(Sourced):
    eit_parts_checked_separately: bool = False
    pass_threshold: float = Field(default=85, ge=0, le=100)


# The agency kinds whose ITA item lists differ (ita-notes.md, "How OIT items combine" and the
# FY2569 lists): a closed vocabulary, so a misspelt kind is bad input, not a new kind.
AgencyKind = Literal[
    "local_government",
    "central_agency",
    "vocational_college",
    "school",
    "hospital",
]


class FrameworkSpec(_Strict):
    schema_version: Literal[1]
    fiscal_year: int = Field(ge=2500, le=2700, description="Buddhist Era")
    agency_kinds: list[AgencyKind] = Field(min_length=1)
    title_th: str
    title_en: str
    rounding: RoundingSpec = RoundingSpec()
    tools: list[ToolSpec] = Field(min_length=1)
    eit_parts: list[EitPartSpec] = []
    indicators: list[IndicatorSpec] = Field(min_length=1)
    sub_indicators: list[SubIndicatorSpec] = []
    answer_scales: dict[str, AnswerScale] = {}
    questions: list[QuestionSpec] = []
    oit_items: list[OitItemSpec] = []
    aggregation: AggregationSpec = AggregationSpec()
    levels: list[LevelSpec] = Field(min_length=1)
    level_rules: LevelRules = LevelRules()
    oit_grouping: Sourced | None = None
    """How sure the items' sub-indicators are (docs/frameworks.md, "Agency kinds")."""


Path = tuple[str | int, ...]


def reference_problems(spec: FrameworkSpec) -> list[tuple[Path, str]]:
    """Cross-reference checks that a field-by-field schema cannot express.

    Each problem carries the path of the offending value so the loader can name its line.
    """
    problems: list[tuple[Path, str]] = []

    def unique(section: str, ids: list[str]) -> set[str]:
        seen: set[str] = set()
        for index, ident in enumerate(ids):
            if ident in seen:
                problems.append(
                    ((section, index, "id"), f"id {ident!r} appears twice in {section}")
                )
            seen.add(ident)
        return seen

    tools = unique("tools", [t.id for t in spec.tools])
    indicators = unique("indicators", [i.id for i in spec.indicators])
    subs = unique("sub_indicators", [s.id for s in spec.sub_indicators])
    unique("questions", [q.id for q in spec.questions])
    unique("oit_items", [o.id for o in spec.oit_items])
    unique("levels", [lv.id for lv in spec.levels])
    unique("eit_parts", [str(p.id) for p in spec.eit_parts])
    seen_kinds: set[str] = set()
    for index, kind in enumerate(spec.agency_kinds):
        if kind in seen_kinds:
            problems.append(
                (("agency_kinds", index), f"agency kind {kind!r} appears twice in agency_kinds")
            )
        seen_kinds.add(kind)

    total = sum(t.weight for t in spec.tools)
    if abs(total - 100) > 1e-9:
        problems.append((("tools",), f"tool weights add up to {total:g}, not 100"))
    for n, ind in enumerate(spec.indicators):
        if ind.tool not in tools:
            problems.append((("indicators", n, "tool"), f"unknown tool {ind.tool!r}"))
    for tool in sorted(tools):
        if not any(i.tool == tool for i in spec.indicators):
            problems.append((("tools",), f"tool {tool} has no indicator"))
    for n, sub in enumerate(spec.sub_indicators):
        if sub.indicator not in indicators:
            problems.append(
                (("sub_indicators", n, "indicator"), f"unknown indicator {sub.indicator!r}")
            )
    for n, q in enumerate(spec.questions):
        if q.indicator not in indicators:
            problems.append((("questions", n, "indicator"), f"unknown indicator {q.indicator!r}"))
        if q.scale not in spec.answer_scales:
            problems.append((("questions", n, "scale"), f"unknown answer scale {q.scale!r}"))
    for n, o in enumerate(spec.oit_items):
        if o.sub_indicator not in subs:
            problems.append(
                (("oit_items", n, "sub_indicator"), f"unknown sub-indicator {o.sub_indicator!r}")
            )
    minimums = [lv.min_overall for lv in spec.levels]
    if minimums != sorted(minimums, reverse=True):
        problems.append((("levels",), "levels must go from the highest min_overall to the lowest"))
    if spec.levels[-1].min_overall != 0:
        problems.append(
            (("levels",), "the last level needs min_overall: 0 so every score has a level")
        )
    return problems
