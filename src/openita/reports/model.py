"""The report context's values: every number, name and sentence of a report, as plain data.

Frozen dataclasses only (built by :func:`openita.reports.context.build_context`), plus the small
protocols through which the context reads the analysis helpers' recommendation library and
action plan, so the report depends on their shape, not on their modules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from openita.scoring.model import Scores

# --- what the context reads from the analysis helpers ------------------------------------------


class RecommendationLike(Protocol):
    @property
    def issue_th(self) -> str: ...
    @property
    def action_th(self) -> str: ...
    @property
    def cite(self) -> tuple[str, ...]: ...


class GuidanceLike(Protocol):
    @property
    def maintain_th(self) -> str: ...
    @property
    def improve_th(self) -> str: ...


class LibraryLike(Protocol):
    @property
    def items(self) -> Mapping[str, Any]: ...
    @property
    def indicators(self) -> Mapping[str, Any]: ...


class MeasureLike(Protocol):
    title: str
    responsible_unit: str
    steps: list[str]
    start: date
    end: date
    kpi: str


class PlanSectionLike(Protocol):
    indicator: str
    indicator_name: str
    issue: str

    @property
    def measures(self) -> Sequence[MeasureLike]: ...


class PlanLike(Protocol):
    fiscal_year: int
    based_on_year: int
    agency: str

    @property
    def sections(self) -> Sequence[PlanSectionLike]: ...


# --- inputs that are not scores -----------------------------------------------------------------


@dataclass(frozen=True)
class YearScore:
    """One year of an agency's history: enough for the history charts."""

    fiscal_year: int
    overall: float
    level: str
    tools: Mapping[str, float]
    indicators: Mapping[str, float]

    @classmethod
    def of(cls, scores: Scores) -> YearScore:
        return cls(
            scores.fiscal_year, scores.overall, scores.level, dict(scores.tools), scores.indicators
        )


@dataclass(frozen=True)
class PeerAverage:
    """A published average to compare with (national, province, agency type)."""

    label: str
    overall: float


# --- the context --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    year_line: str
    agency: str
    location: str


@dataclass(frozen=True)
class ToolLine:
    id: str
    name_th: str
    name_en: str
    score: str
    parts: list[str]


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]


@dataclass(frozen=True)
class Band:
    lower: float
    upper: float
    label: str


@dataclass(frozen=True)
class ChartSpec:
    """The data of one chart; :mod:`openita.reports.charts` draws it.

    ``kind``: ``gauge`` (one value over the level bands), ``bars`` (categories on x, one bar per
    series), ``hbars`` (categories on y, for long Thai labels).
    """

    key: str
    kind: str
    title: str
    categories: list[str]
    series: list[Series]
    bands: list[Band] = field(default_factory=list)


@dataclass(frozen=True)
class IndicatorRow:
    tool: str
    indicator: str
    name: str
    scores: list[str]
    change: str
    direction: str


@dataclass(frozen=True)
class IndicatorTable:
    years: list[int]
    rows: list[IndicatorRow]
    totals: list[IndicatorRow]


@dataclass(frozen=True)
class AnalysisPoint:
    text: str
    bullets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RecommendationItem:
    id: str
    title: str
    score: str
    label: str
    issue: str
    action: str
    evidence: list[str]


@dataclass(frozen=True)
class RecommendationGroup:
    """An indicator's or sub-indicator's block: ``note`` opens it (an indicator's guidance when
    no item of it has a recommendation), ``after`` closes it (items left to the appendix)."""

    heading: str
    entries: list[RecommendationItem]
    note: str = ""
    after: str = ""


@dataclass(frozen=True)
class ToolRecommendations:
    tool: str
    heading: str
    intro: str
    sections: list[RecommendationSection]


@dataclass(frozen=True)
class RecommendationSection:
    """EIT splits into parts (ส่วนที่ 1 / 2); other tools have one unnamed section."""

    heading: str
    groups: list[RecommendationGroup]


@dataclass(frozen=True)
class AppendixRow:
    """One item of the appendix tables: its topic, its score(s), ``mark`` when Part 1 gives it
    a recommendation of its own, and ``group`` (indicator or sub-indicator) on the first row of
    each group only."""

    group: str
    item: str
    title: str
    scores: list[str]
    mark: str


@dataclass(frozen=True)
class AppendixTable:
    heading: str
    rows: list[AppendixRow]


@dataclass(frozen=True)
class Appendix:
    """The full item tables after the report body (issue 11: every question and O-item)."""

    heading: str
    intro: str
    tables: list[AppendixTable]


@dataclass(frozen=True)
class PlanRow:
    issue: list[str]
    measure: str
    kpi: str
    unit: str
    steps: list[str]
    period: str


@dataclass(frozen=True)
class PlanView:
    heading: str
    intro: str
    rows: list[PlanRow]


@dataclass(frozen=True)
class PeerRow:
    label: str
    score: str
    difference: str


@dataclass(frozen=True)
class ReportContext:
    fiscal_year: int
    year_text: str
    agency: str
    cover: Cover
    statement: str
    overall: str
    level: str
    tools: list[ToolLine]
    target: str
    charts: list[ChartSpec]
    indicator_table: IndicatorTable
    analysis: list[AnalysisPoint]
    recommendations_heading: str
    recommendations: list[ToolRecommendations]
    appendix: Appendix
    plan: PlanView | None
    peers: list[PeerRow]
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        """Plain dicts and lists: what the template and the JSON snapshot see."""
        return dataclasses.asdict(self)

    def thai_strings(self) -> list[str]:
        """Every Thai string the document shows as text (for the PDF text-layer test)."""
        return document_thai_strings(self.as_dict())


def document_thai_strings(data: Mapping[str, Any]) -> list[str]:
    """Every Thai string of a report context's :meth:`as_dict` (the main or the progress report).

    Chart labels are drawn inside the images; of ``data["charts"]`` only the titles are text
    (the captions).
    """
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            if any("\u0e00" <= ch <= "\u0e7f" for ch in value):
                found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk({**data, "charts": [chart["title"] for chart in data["charts"]]})
    return found
