"""The shape of a fiscal year's ITA framework file, validated when the file loads.

A framework is data, not code: adding fiscal year 2569 means adding ``ita-2569.yaml`` that
satisfies this schema (docs/frameworks.md). Cross-references (an indicator naming a tool that
does not exist, a question naming an unknown indicator, ...) are checked here too, so a bad
file fails at load time with its file and line, never half-way through a computation.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from openita.i18n import _

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


Combine = Literal["weighted_mean"]
"""How a node of the OIT tree combines its children: the weighted mean of their scores.

With 0/100 items and equal weights this is the share of the node's items present, the FY2564
rule verified on published figures (docs/frameworks.md, "OIT item trees")."""

MAX_TREE_DEPTH = 8
"""Most nodes between an indicator and an item (sub-indicator and groups), a bound on input."""


class IndicatorSpec(Sourced):
    id: str = Field(pattern=r"^[0-9]+$")
    tool: str
    name_th: str
    name_en: str
    weights_sum: float | None = Field(default=None, gt=0)
    """If given, the weights of the indicator's sub-indicators must add up to it."""


class SubIndicatorSpec(Sourced):
    """A node directly under an indicator (ตัวชี้วัดย่อย, ``9.1``)."""

    id: str = Field(pattern=r"^[0-9]+\.[0-9]+$")
    indicator: str
    name_th: str
    name_en: str
    weight: float = Field(default=1, gt=0)
    combine: Combine = "weighted_mean"
    weights_sum: float | None = Field(default=None, gt=0)
    """If given, the weights of the node's children (groups and items) must add up to it."""


class GroupSpec(Sourced):
    """A node below a sub-indicator or another group (``9.1.1``): any depth, up to
    :data:`MAX_TREE_DEPTH`. Official names of groups are rarely published: both are optional."""

    id: str = Field(pattern=r"^[0-9]+\.[0-9]+(\.[0-9A-Za-z]+)+$")
    parent: str
    name_th: str | None = None
    name_en: str | None = None
    weight: float = Field(default=1, gt=0)
    combine: Combine = "weighted_mean"
    weights_sum: float | None = Field(default=None, gt=0)


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


Criterion = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=500)]
"""One point of what an OIT item's evidence must contain."""
Keyword = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
"""A word or phrase the self-check looks for in an item's evidence."""


class OitItemSpec(Sourced):
    """An OIT item, a leaf of the tree. ``sub_indicator`` (or its synonym ``parent``) names the
    node it hangs under: a sub-indicator or a group."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=r"^(?:O|MOIT)[0-9]+$")
    sub_indicator: str = Field(validation_alias=AliasChoices("sub_indicator", "parent"))
    title_th: str | None = None
    period: Literal["current", "previous"] = "current"
    weight: float = Field(default=1, gt=0)
    criteria: list[Criterion] = []
    """What the evidence must contain, as short Thai points (docs/frameworks.md, "Item
    criteria"). Empty when NACC's wording is not known: an administrator adds it in the web
    app (``ItemGuidance``) rather than the file inventing it."""
    criteria_source: str = "unknown"
    """Where the wording of ``criteria`` comes from; ``unknown`` when there is none."""
    keywords: list[Keyword] = []
    """Words or phrases the website self-check looks for in the evidence (``openita.oitcheck``);
    empty: the item's title is looked for as one phrase."""
    keywords_source: str | None = None
    """Where the keywords come from, e.g. ``derived from the item's title``."""

    @model_validator(mode="before")
    @classmethod
    def _one_parent(cls, data: Any) -> Any:
        if isinstance(data, dict) and "sub_indicator" in data and "parent" in data:
            raise ValueError(_("give the item's node as sub_indicator or as parent, not both"))
        return data

    @model_validator(mode="after")
    def _sourced_criteria(self) -> OitItemSpec:
        if self.criteria and self.criteria_source.strip() in ("", "unknown"):
            raise ValueError(
                _("criteria need a criteria_source saying where their wording comes from")
            )
        if not self.criteria and self.criteria_source != "unknown":
            raise ValueError(_("criteria_source is given but there are no criteria"))
        if self.keywords and not (self.keywords_source or "").strip():
            raise ValueError(_("keywords need a keywords_source saying where they come from"))
        for field_name, values in (("criteria", self.criteria), ("keywords", self.keywords)):
            seen: set[str] = set()
            for value in values:
                if value in seen:
                    raise ValueError(
                        _("{value!r} appears twice in {field}").format(
                            value=value, field=field_name
                        )
                    )
                seen.add(value)
        return self


class AggregationSpec(Sourced):
    questions: Literal["mean"] = "mean"
    eit_parts: Literal["mean_of_parts"] = "mean_of_parts"
    tool: Literal["mean_of_indicators"] = "mean_of_indicators"
    oit_item_scores: Literal["binary", "partial"] = "partial"
    """``binary``: assessors give an OIT item 0 or 100 (FY2564); ``partial``: any 0–100
    (FY2568, O23 = 50). A result with a partial score in a binary year gets a warning."""


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


# The agency kinds whose ITA item lists differ (docs/sources.md, "OIT items" and the
# FY2569 lists): a closed vocabulary, so a misspelt kind is bad input, not a new kind.
AgencyKind = Literal[
    "local_government",
    "central_agency",
    "vocational_college",
    "school",
    "hospital",
]


#: OIT item numbering: ``O<n>`` everywhere, ``MOIT<n>`` in the MOPH hospitals' own list.
OitItemPrefix = Literal["O", "MOIT"]
#: The kinds whose files may number their items with each prefix other than ``O``.
PREFIX_KINDS: dict[str, frozenset[str]] = {"MOIT": frozenset({"hospital"})}


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
    groups: list[GroupSpec] = []
    answer_scales: dict[str, AnswerScale] = {}
    questions: list[QuestionSpec] = []
    oit_items: list[OitItemSpec] = []
    oit_item_prefix: OitItemPrefix = "O"
    """How this file's OIT items are numbered: ``O1, O2, …`` or, for the hospitals of the
    Ministry of Public Health, ``MOIT1, MOIT2, …`` (docs/frameworks.md, "Agency kinds")."""
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
    problems += tree_problems(spec, subs)
    problems += prefix_problems(spec)
    minimums = [lv.min_overall for lv in spec.levels]
    if minimums != sorted(minimums, reverse=True):
        problems.append((("levels",), "levels must go from the highest min_overall to the lowest"))
    if spec.levels[-1].min_overall != 0:
        problems.append(
            (("levels",), "the last level needs min_overall: 0 so every score has a level")
        )
    return problems


def prefix_problems(spec: FrameworkSpec) -> list[tuple[Path, str]]:
    """Items numbered as ``oit_item_prefix`` says, and ``MOIT`` only in a hospitals' file."""
    problems: list[tuple[Path, str]] = []
    prefix = spec.oit_item_prefix
    allowed = PREFIX_KINDS.get(prefix)
    if allowed is not None and not set(spec.agency_kinds) <= allowed:
        problems.append(
            (
                ("oit_item_prefix",),
                _("{prefix} items are the list of {kinds} only; agency_kinds are {given}").format(
                    prefix=prefix,
                    kinds=", ".join(sorted(allowed)),
                    given=", ".join(spec.agency_kinds),
                ),
            )
        )
    pattern = re.compile(rf"^{prefix}[0-9]+$")
    for n, item in enumerate(spec.oit_items):
        if not pattern.match(item.id):
            problems.append(
                (
                    ("oit_items", n, "id"),
                    _("item {id} is not numbered as oit_item_prefix says ({prefix}1, {prefix}2, "
                      "...)").format(id=item.id, prefix=prefix),
                )
            )  # fmt: skip
    return problems


def tree_problems(spec: FrameworkSpec, subs: set[str]) -> list[tuple[Path, str]]:
    """The OIT tree (indicator → sub-indicator → group → … → item) must be a tree.

    Each node has one existing parent, the parent chain of a group ends at a sub-indicator
    within :data:`MAX_TREE_DEPTH` nodes (no cycle), an item sits under exactly one node, no
    group is empty, and a declared ``weights_sum`` is what the children's weights add up to.
    """
    problems: list[tuple[Path, str]] = []
    groups: dict[str, int] = {}
    for n, group in enumerate(spec.groups):
        if group.id in groups:
            problems.append(
                (
                    ("groups", n, "id"),
                    _("id {id} appears twice in groups").format(id=repr(group.id)),
                )
            )
        groups.setdefault(group.id, n)
    nodes = subs | set(groups)
    parent_of = {g.id: g.parent for g in spec.groups}

    for n, group in enumerate(spec.groups):
        if group.parent not in nodes:
            problems.append(
                (
                    ("groups", n, "parent"),
                    _("group {id}: parent {parent} is neither a sub-indicator nor a group").format(
                        id=group.id, parent=repr(group.parent)
                    ),
                )
            )
    reported_cycles: set[frozenset[str]] = set()
    for n, group in enumerate(spec.groups):
        chain = [group.id]
        node = group.parent
        while node in parent_of and node not in chain and len(chain) <= MAX_TREE_DEPTH:
            chain.append(node)
            node = parent_of[node]
        if node in chain:
            cycle = chain[chain.index(node) :]
            if frozenset(cycle) not in reported_cycles and cycle[0] == group.id:
                reported_cycles.add(frozenset(cycle))
                problems.append(
                    (
                        ("groups", n, "parent"),
                        _("groups {cycle} form a cycle; every group must lead up to a "
                          "sub-indicator").format(cycle=" → ".join([*cycle, group.id])),
                    )
                )  # fmt: skip
        elif len(chain) >= MAX_TREE_DEPTH:
            problems.append(
                (
                    ("groups", n, "parent"),
                    _("group {id} lies more than {limit} levels below its indicator").format(
                        id=group.id, limit=MAX_TREE_DEPTH
                    ),
                )
            )

    items: dict[str, int] = {}
    children: dict[str, list[float]] = {node: [] for node in nodes}
    for g in spec.groups:
        if g.parent in children:
            children[g.parent].append(g.weight)
    for n, item in enumerate(spec.oit_items):
        first = items.get(item.id)
        if first is not None:
            before = spec.oit_items[first].sub_indicator
            if before == item.sub_indicator:
                message = _("id {id} appears twice in oit_items").format(id=repr(item.id))
                problems.append((("oit_items", n, "id"), message))
            else:
                message = _(
                    "item {id} is in two groups, {first} and {second}; an item belongs to one"
                ).format(id=item.id, first=before, second=item.sub_indicator)
                problems.append((("oit_items", n, "sub_indicator"), message))
            continue
        items[item.id] = n
        if item.sub_indicator not in nodes:
            problems.append(
                (
                    ("oit_items", n, "sub_indicator"),
                    _("item {id}: parent {parent} is neither a sub-indicator nor a group").format(
                        id=item.id, parent=repr(item.sub_indicator)
                    ),
                )
            )
            continue
        children[item.sub_indicator].append(item.weight)

    for n, group in enumerate(spec.groups):
        if groups.get(group.id) == n and not children[group.id]:
            problems.append(
                (
                    ("groups", n, "id"),
                    _("group {id} has no item or group under it").format(id=group.id),
                )
            )

    def declared(section: str, n: int, node: str, want: float | None, got: list[float]) -> None:
        if want is None or abs(sum(got) - want) <= 1e-6:
            return
        problems.append(
            (
                (section, n, "weights_sum"),
                _("the weights under {node} add up to {total}, not {declared} as weights_sum "
                  "declares").format(node=node, total=f"{sum(got):g}", declared=f"{want:g}"),
            )
        )  # fmt: skip

    for n, ind in enumerate(spec.indicators):
        weights = [s.weight for s in spec.sub_indicators if s.indicator == ind.id]
        declared("indicators", n, ind.id, ind.weights_sum, weights)
    for n, sub in enumerate(spec.sub_indicators):
        declared("sub_indicators", n, sub.id, sub.weights_sum, children.get(sub.id, []))
    for n, group in enumerate(spec.groups):
        declared("groups", n, group.id, group.weights_sum, children.get(group.id, []))
    return problems
