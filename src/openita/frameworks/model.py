"""A loaded fiscal-year framework with the look-ups the engine needs.

:class:`Framework` wraps the validated :class:`~openita.frameworks.schema.FrameworkSpec` and
indexes it once, so scoring an agency is dictionary look-ups, not list scans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from openita.frameworks.schema import (
    FrameworkSpec,
    GroupSpec,
    IndicatorSpec,
    LevelSpec,
    OitItemSpec,
    QuestionSpec,
    SubIndicatorSpec,
    ToolSpec,
)
from openita.scoring.tree import OitNode, shares

FrameworkStatus = Literal["confirmed", "inferred", "fallback"]
GroupingStatus = Literal["confirmed", "inferred", "unknown"]


@dataclass(frozen=True)
class Framework:
    spec: FrameworkSpec
    source: str = "<memory>"
    requested_year: int | None = None
    """Set when this framework stands in for a year that has no file of its own (fallback)."""
    requested_kind: str | None = None
    """Set when this framework is used for another agency kind than its first listed one."""
    tools: dict[str, ToolSpec] = field(init=False)
    indicators: dict[str, IndicatorSpec] = field(init=False)
    sub_indicators: dict[str, SubIndicatorSpec] = field(init=False)
    groups: dict[str, GroupSpec] = field(init=False)
    questions: dict[str, QuestionSpec] = field(init=False)
    oit_items: dict[str, OitItemSpec] = field(init=False)
    indicators_of_tool: dict[str, tuple[str, ...]] = field(init=False)
    questions_of_indicator: dict[str, tuple[str, ...]] = field(init=False)
    subs_of_indicator: dict[str, tuple[str, ...]] = field(init=False)
    tree_of_indicator: dict[str, OitNode] = field(init=False)
    """The OIT tree of each indicator that has sub-indicators (:mod:`openita.scoring.tree`)."""
    items_of_indicator: dict[str, tuple[str, ...]] = field(init=False)
    items_of_sub: dict[str, tuple[str, ...]] = field(init=False)
    """Every item under a sub-indicator, at any depth, in file order."""
    path_of_item: dict[str, tuple[str, ...]] = field(init=False)
    """The nodes from the sub-indicator down to the item's own node (``("9.1", "9.1.1")``)."""
    share_of_item: dict[str, float] = field(init=False)
    """Indicator points per item point: the item's share of its indicator along the tree."""
    indicator_of_item: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        spec = self.spec
        put = object.__setattr__
        put(self, "tools", {t.id: t for t in spec.tools})
        put(self, "indicators", {i.id: i for i in spec.indicators})
        put(self, "sub_indicators", {s.id: s for s in spec.sub_indicators})
        put(self, "groups", {g.id: g for g in spec.groups})
        put(self, "questions", {q.id: q for q in spec.questions})
        put(self, "oit_items", {o.id: o for o in spec.oit_items})
        put(
            self,
            "indicators_of_tool",
            {t.id: tuple(i.id for i in spec.indicators if i.tool == t.id) for t in spec.tools},
        )
        put(
            self,
            "questions_of_indicator",
            {
                i.id: tuple(q.id for q in spec.questions if q.indicator == i.id)
                for i in spec.indicators
            },
        )
        put(
            self,
            "subs_of_indicator",
            {
                i.id: tuple(s.id for s in spec.sub_indicators if s.indicator == i.id)
                for i in spec.indicators
            },
        )
        self._index_trees()

    def _index_trees(self) -> None:
        """Build each OIT indicator's tree from the parent links of groups and items.

        The file has been checked to be a tree (``schema.tree_problems``): every parent
        exists, no cycle, one node per item.
        """
        spec = self.spec
        put = object.__setattr__
        children: dict[str, list[tuple[str, float, bool]]] = {}
        for g in spec.groups:
            children.setdefault(g.parent, []).append((g.id, g.weight, False))
        for o in spec.oit_items:
            children.setdefault(o.sub_indicator, []).append((o.id, o.weight, True))

        def build(node_id: str, weight: float, item: bool) -> OitNode:
            if item:
                return OitNode(node_id, weight, item=True)
            kids = tuple(build(*child) for child in children.get(node_id, ()))
            return OitNode(node_id, weight, kids)

        parent_of = {g.id: g.parent for g in spec.groups}
        path: dict[str, tuple[str, ...]] = {}
        for o in spec.oit_items:
            chain = [o.sub_indicator]
            while chain[0] in parent_of and len(chain) <= len(parent_of):
                chain.insert(0, parent_of[chain[0]])
            path[o.id] = tuple(chain)
        put(self, "path_of_item", path)
        trees = {
            ind: OitNode(
                ind, 1.0, tuple(build(s, self.sub_indicators[s].weight, False) for s in subs)
            )
            for ind, subs in self.subs_of_indicator.items()
            if subs
        }
        put(self, "tree_of_indicator", trees)
        share: dict[str, float] = {}
        for tree in trees.values():
            share.update(shares(tree))
        put(self, "share_of_item", share)
        order = {o.id: n for n, o in enumerate(spec.oit_items)}
        put(
            self,
            "items_of_sub",
            {
                s.id: tuple(o.id for o in spec.oit_items if path[o.id][0] == s.id)
                for s in spec.sub_indicators
            },
        )
        put(
            self,
            "indicator_of_item",
            {o.id: self.sub_indicators[path[o.id][0]].indicator for o in spec.oit_items},
        )
        put(
            self,
            "items_of_indicator",
            {
                i.id: tuple(sorted((o for o, ind in self.indicator_of_item.items() if ind == i.id),
                                   key=order.__getitem__))
                for i in spec.indicators
            },
        )  # fmt: skip

    def sub_indicator_of(self, item_id: str) -> str:
        """The sub-indicator an OIT item falls under, at whatever depth it hangs."""
        return self.path_of_item[item_id][0]

    @property
    def fiscal_year(self) -> int:
        """The fiscal year scored: the requested year, also when its rules are borrowed."""
        return self.requested_year if self.requested_year is not None else self.spec.fiscal_year

    @property
    def rules_year(self) -> int:
        """The fiscal year whose file supplies the rules (``fiscal_year`` unless a fallback)."""
        return self.spec.fiscal_year

    @property
    def is_fallback(self) -> bool:
        return self.fiscal_year != self.rules_year

    @property
    def agency_kind(self) -> str:
        """The agency kind scored: the requested kind, also when its rules are borrowed."""
        return self.requested_kind or self.spec.agency_kinds[0]

    @property
    def rules_kind(self) -> str:
        """The kind whose item list applies (``agency_kind`` unless a kind fallback)."""
        kind = self.agency_kind
        return kind if kind in self.spec.agency_kinds else self.spec.agency_kinds[0]

    @property
    def is_kind_fallback(self) -> bool:
        """True when the file does not describe the requested kind (docs/frameworks.md)."""
        return self.agency_kind not in self.spec.agency_kinds

    @property
    def grouping_status(self) -> GroupingStatus:
        """How sure the assignment of OIT items to sub-indicators and indicators is: the
        file's ``oit_grouping.status``, else ``confirmed`` only when every sub-indicator and
        item is, ``unknown`` without items, otherwise ``inferred``."""
        declared = self.spec.oit_grouping
        if declared is not None:
            return declared.status
        if not self.spec.oit_items:
            return "unknown"
        facts = [*self.spec.sub_indicators, *self.spec.oit_items]
        return "confirmed" if all(f.status == "confirmed" for f in facts) else "inferred"

    @property
    def status(self) -> FrameworkStatus:
        """``fallback`` for borrowed rules (another year's or another kind's); else
        ``confirmed`` only when the tools with their weights, the indicators and the level
        rules are all confirmed; otherwise ``inferred``."""
        if self.is_fallback or self.is_kind_fallback:
            return "fallback"
        spec = self.spec
        facts = [*spec.tools, *spec.indicators, spec.level_rules]
        return "confirmed" if all(f.status == "confirmed" for f in facts) else "inferred"

    @property
    def levels(self) -> list[LevelSpec]:
        return self.spec.levels

    @property
    def decimals(self) -> int:
        return self.spec.rounding.decimals

    def tool_of_indicator(self, indicator_id: str) -> str:
        return self.indicators[indicator_id].tool

    def indicator_of(self, item_id: str) -> str | None:
        """The indicator an IIT/EIT question or OIT item belongs to (None if unknown)."""
        question = self.questions.get(item_id)
        if question is not None:
            return question.indicator
        return self.indicator_of_item.get(item_id)

    def level(self, level_id_or_label: str) -> LevelSpec | None:
        for lv in self.spec.levels:
            if level_id_or_label in (lv.id, lv.label_th, lv.label_en):
                return lv
        return None

    def title_of(self, item_id: str) -> str | None:
        """Thai title of an OIT item or topic of a question, when known."""
        if item_id in self.oit_items:
            return self.oit_items[item_id].title_th
        question = self.questions.get(item_id)
        if question is not None:
            return question.text_th or question.topic_th
        return None
