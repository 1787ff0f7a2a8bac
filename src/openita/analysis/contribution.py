"""How many overall points one question, EIT question part or OIT item is worth.

Every share is derived from the framework file of the fiscal year, never hard-coded, so a new
year with other weights or groupings needs no code change:

    IIT/EIT question      1 / |questions of its indicator|            (aggregation: mean)
    EIT question part p   1 / |parts| x 1 / |questions of indicator|  (eit_parts: mean_of_parts)
    OIT item              Π over the path from indicator to item of
                          node weight / Σ weights of the node and its siblings
                          (the item tree, any depth: openita.scoring.tree.shares)
    indicator -> tool     1 / |indicators of the tool|                (tool: mean_of_indicators)
    tool -> overall       tool weight / 100                           (30 / 30 / 40)

These are the same rules :mod:`openita.scoring.engine` applies (ita-2568.yaml ``aggregation``;
docs/scoring.md), so for a result whose indicators are all derived from items, the overall is
exactly Σ share x score and the gains Σ share x (100 - score) add up to 100 - overall.

How OIT items combine into indicators 9 and 10 is verified only for FY2564 (docs/frameworks.md,
"OIT item trees"); the trees of other years are hypotheses that fit the published figures we
have (FY2568: the seed agency's 82.50 and 90.00). Every OIT share is therefore flagged
``projected``; output must present it as a projection, not as an official figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from openita.frameworks.model import Framework
from openita.scoring.model import AgencyResult


class UnknownItem(KeyError):
    """An id that is neither a question nor an OIT item of the framework."""

    def __init__(self, item_id: str, fiscal_year: int) -> None:
        self.item_id = item_id
        super().__init__(f"{item_id!r} is not a question or OIT item of fiscal year {fiscal_year}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Share:
    """Where one item sits in the framework and how much of each level above it it makes up.

    ``to_indicator`` is the indicator points per item point, ``to_tool`` the tool points and
    ``to_overall`` the overall points. ``to_part`` is, for an EIT question part, the EIT part
    score points per item point (used when the framework checks EIT parts separately).
    """

    id: str
    part: int | None
    tool: str
    indicator: str
    sub_indicator: str | None
    to_indicator: float
    to_tool: float
    to_overall: float
    to_part: float | None
    projected: bool

    @property
    def key(self) -> str:
        """``"e1.1"`` for part 1 of e1, else the plain id (the what-if ``--set`` syntax)."""
        return self.id if self.part is None else f"{self.id}.{self.part}"


@dataclass(frozen=True)
class ScoredItem:
    """An item whose score the result carries, with its share of the overall."""

    share: Share
    score: float

    @property
    def gain(self) -> float:
        """Overall points gained if this item reached 100, all else equal (unrounded)."""
        return self.share.to_overall * (100.0 - self.score)


def indicator_share(framework: Framework, indicator_id: str) -> tuple[float, float]:
    """(tool points per indicator point, overall points per indicator point)."""
    tool = framework.tool_of_indicator(indicator_id)
    to_tool = 1.0 / len(framework.indicators_of_tool[tool])
    return to_tool, to_tool * framework.tools[tool].weight / 100.0


def part_count(framework: Framework, result: AgencyResult | None, question_id: str) -> int:
    """How many EIT parts a question's indicator is averaged over.

    The engine averages an EIT indicator over the parts present in the data; the framework's
    ``eit_parts`` list is the fallback when no data are at hand.
    """
    if result is not None and question_id in result.question_parts:
        return len(result.question_parts[question_id])
    return max(1, len(framework.spec.eit_parts))


def share_of(
    framework: Framework,
    item_id: str,
    part: int | None = None,
    result: AgencyResult | None = None,
) -> Share:
    """The share of ``item_id`` (EIT question part ``part``) in its indicator, tool, overall."""
    question = framework.questions.get(item_id)
    if question is not None:
        indicator = question.indicator
        to_indicator = 1.0 / len(framework.questions_of_indicator[indicator])
        parts = part_count(framework, result, item_id) if part is not None else 1
        to_indicator /= parts
        sub: str | None = None
        projected = False
    elif item_id in framework.oit_items:
        sub = framework.sub_indicator_of(item_id)
        indicator = framework.indicator_of_item[item_id]
        to_indicator = framework.share_of_item[item_id]
        projected = True
        part = None
    else:
        raise UnknownItem(item_id, framework.fiscal_year)
    tool = framework.tool_of_indicator(indicator)
    ind_to_tool, ind_to_overall = indicator_share(framework, indicator)
    to_part = None
    if part is not None:
        # A part score is the mean over EIT indicators of each indicator's part mean.
        to_part = to_indicator * part_count(framework, result, item_id) * ind_to_tool
    return Share(
        id=item_id,
        part=part,
        tool=tool,
        indicator=indicator,
        sub_indicator=sub,
        to_indicator=to_indicator,
        to_tool=to_indicator * ind_to_tool,
        to_overall=to_indicator * ind_to_overall,
        to_part=to_part,
        projected=projected,
    )


def scored_items(framework: Framework, result: AgencyResult) -> list[ScoredItem]:
    """Every question, question part and OIT item the result carries a score for.

    A question given in parts is listed once per part (its whole-question score, if also
    given, is not counted twice), in framework order.
    """
    items: list[ScoredItem] = []
    for qid in framework.questions:
        parts = result.question_parts.get(qid)
        if parts:
            for part in sorted(parts):
                items.append(ScoredItem(share_of(framework, qid, part, result), parts[part]))
        elif qid in result.questions:
            items.append(ScoredItem(share_of(framework, qid, None, result), result.questions[qid]))
    for oid in framework.oit_items:
        if oid in result.questions:
            items.append(ScoredItem(share_of(framework, oid, None, result), result.questions[oid]))
    return items


def missing_oit_items(framework: Framework, result: AgencyResult) -> list[str]:
    """OIT items of the framework without a score, when the result carries OIT item data.

    OIT is an assessor's checklist over every item, so an item absent from an otherwise filled
    checklist is a gap in the data (the seed leaves out O2: its report says O2 was marked down
    but prints no score). IIT/EIT reports list only the questions below full marks, so absent
    questions are not reported here.
    """
    if not any(oid in result.questions for oid in framework.oit_items):
        return []
    return [oid for oid in framework.oit_items if oid not in result.questions]
