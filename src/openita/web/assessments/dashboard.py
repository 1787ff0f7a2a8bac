"""What an agency's dashboard shows for one fiscal year, built from its own stored results.

One query reads every result row of the agency (the history chart needs every year, and the
summary columns saved with each row are enough for it); only the selected year and the year
before it are read back from their files and scored, through the same engine and analysis as
the CLI (:func:`openita.analysis.weaknesses.analyse`). Nothing is cached between requests, so
nothing of one agency can reach another's page.

The comparison is with the latest stored year before the selected one, as the seed report
(docs/sources.md) compares 2568 with 2567. When that year has no framework file (before 2567)
only its published figures exist, so the overall, tool and indicator changes are computed from
those with :func:`openita.scoring.change`, and no weak point can be traced to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openita.analysis.contribution import scored_items
from openita.analysis.model import Analysis, FallenIndicator, MissingItem, WeakPoint
from openita.errors import InputError
from openita.frameworks import available_years
from openita.frameworks.model import Framework
from openita.reports.history import parse_published
from openita.scoring import change
from openita.scoring.model import Change
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result
from openita.web.assessments.services import (
    analysable,
    analysis_of,
    findings_of,
    framework_of_row,
    load_result,
)


@dataclass(frozen=True)
class YearPoint:
    """One stored year on the history chart and in its data table."""

    fiscal_year: int
    overall: float | None
    level: str
    published_only: bool
    selected: bool
    #: Against the stored year before it (None for the first year or a missing overall).
    change: Change | None = None


@dataclass(frozen=True)
class ScoreLine:
    """A tool or an indicator this year, last year and the change between them."""

    id: str
    name_th: str
    tool: str
    current: float
    previous: float | None = None
    change: Change | None = None


@dataclass(frozen=True)
class WeakLine:
    """A weak point as the dashboard lists it (``key`` is the what-if id, e.g. ``e6.1``)."""

    key: str
    point: WeakPoint
    indicator_name: str
    #: OIT gains rest on the inferred sub-indicator grouping (analysis/contribution.py).
    projected: bool


@dataclass(frozen=True)
class FallenLine:
    indicator: str
    name_th: str
    change: Change
    explained_by: tuple[str, ...]


@dataclass(frozen=True)
class Mark:
    """A level boundary drawn on the history bars (85 and 95 in FY2567–2568)."""

    value: float
    label: str


@dataclass
class Dashboard:
    agency: Agency
    history: list[YearPoint]
    #: Years that can be analysed (a framework exists), newest first, for the year picker.
    scored_years: list[int]
    row: Result | None = None
    previous_row: Result | None = None
    framework: Framework | None = None
    analysis: Analysis | None = None
    overall_change: Change | None = None
    tools: list[ScoreLine] = field(default_factory=list)
    indicators: list[ScoreLine] = field(default_factory=list)
    weak_points: list[WeakLine] = field(default_factory=list)
    fallen: list[FallenLine] = field(default_factory=list)
    missing: tuple[MissingItem, ...] = ()
    marks: list[Mark] = field(default_factory=list)
    #: The checks on the shown year's stored file, in the page's language.
    findings: list[dict[str, Any]] = field(default_factory=list)
    #: The file scores at least one question or OIT item: only then can "no weak points"
    #: mean "full marks" (a file of indicator scores only says nothing about its items).
    items_scored: bool = False

    @property
    def fiscal_year(self) -> int | None:
        return self.row.fiscal_year if self.row is not None else None


class NoSuchYear(LookupError):
    """The agency has no stored result for the asked year."""


def dashboard_for(agency: Agency, year: int | None = None) -> Dashboard:
    """The dashboard of ``agency`` for ``year`` (default: the latest year with a framework)."""
    # Through the agency's manager, so every row carries ``agency`` itself: reading a row's
    # file and framework needs its agency's kind, which would otherwise load it once per row.
    rows = list(agency.results.select_related("uploaded_by").order_by("fiscal_year"))
    frameworks = set(available_years())
    scored = [r.fiscal_year for r in reversed(rows) if analysable(r, frameworks)]
    if year is None:
        row = next((r for r in reversed(rows) if analysable(r, frameworks)), None)
        if row is None and rows:
            row = rows[-1]
    else:
        row = next((r for r in rows if r.fiscal_year == year), None)
        if row is None:
            raise NoSuchYear(year)
    history = [
        YearPoint(
            r.fiscal_year,
            r.overall,
            r.level,
            r.published_only,
            selected=row is not None and r.pk == row.pk,
            change=_published_change(rows[n - 1], r) if n else None,
        )
        for n, r in enumerate(rows)
    ]
    board = Dashboard(agency=agency, history=history, scored_years=scored, row=row)
    if row is None:
        return board
    earlier = [r for r in rows if r.fiscal_year < row.fiscal_year]
    board.previous_row = earlier[-1] if earlier else None
    board.findings = findings_of(row)
    if not analysable(row, frameworks):
        board.overall_change = _published_change(board.previous_row, row)
        return board
    _analyse(board, row)
    return board


def _published_change(previous: Result | None, row: Result) -> Change | None:
    if previous is None or previous.overall is None or row.overall is None:
        return None
    return change(previous.overall, row.overall)


def _analyse(board: Dashboard, row: Result) -> None:
    framework = framework_of_row(row)
    board.framework = framework
    previous_row = board.previous_row
    analysis = analysis_of(row, previous_row)
    board.analysis = analysis
    scores = analysis.scores
    board.marks = _marks(framework)
    previous_tools: dict[str, float] = {}
    previous_indicators: dict[str, float] = {}
    if analysis.comparison is not None and analysis.previous is not None:
        board.overall_change = analysis.comparison.overall
        previous_tools = analysis.previous.tools
        previous_indicators = analysis.previous.indicators
    elif previous_row is not None:
        board.overall_change = _published_change(previous_row, row)
        previous_tools = _summary_tools(previous_row)
        previous_indicators = _published_indicators(previous_row)
    board.tools = [
        _line(tool_id, spec.name_th, tool_id, scores.tools[tool_id], previous_tools)
        for tool_id, spec in framework.tools.items()
        if tool_id in scores.tools
    ]
    board.indicators = [
        _line(ind_id, spec.name_th, spec.tool, scores.indicators[ind_id], previous_indicators)
        for ind_id, spec in framework.indicators.items()
        if ind_id in scores.indicators
    ]
    board.weak_points = weak_lines(framework, analysis.weak_points)
    board.fallen = [_fallen(framework, f) for f in analysis.fallen_indicators]
    board.missing = analysis.missing_items
    board.items_scored = bool(scored_items(framework, load_result(row)))


def weak_lines(framework: Framework, points: Iterable[WeakPoint]) -> list[WeakLine]:
    return [
        WeakLine(
            key=wp.id if wp.part is None else f"{wp.id}.{wp.part}",
            point=wp,
            indicator_name=framework.indicators[wp.indicator].name_th,
            projected=wp.tool == "OIT",
        )
        for wp in points
    ]


def _summary_tools(row: Result) -> dict[str, float]:
    """The tool scores saved in the row's columns (services.summary)."""
    columns = {"IIT": row.iit, "EIT": row.eit, "OIT": row.oit}
    return {tool: value for tool, value in columns.items() if value is not None}


def _published_indicators(row: Result) -> dict[str, float]:
    """Indicator scores printed in a year's file that cannot be scored (none if unreadable)."""
    try:
        published = parse_published(bytes(row.source), row.source_name)
    except InputError:
        return {}
    return dict(published.indicators)


def _line(
    item_id: str, name_th: str, tool: str, current: float, previous: dict[str, float]
) -> ScoreLine:
    before = previous.get(item_id)
    return ScoreLine(
        id=item_id,
        name_th=name_th,
        tool=tool,
        current=current,
        previous=before,
        change=change(before, current) if before is not None else None,
    )


def _fallen(framework: Framework, fallen: FallenIndicator) -> FallenLine:
    return FallenLine(
        indicator=fallen.indicator,
        name_th=framework.indicators[fallen.indicator].name_th,
        change=fallen.change,
        explained_by=fallen.explained_by,
    )


def _marks(framework: Framework) -> list[Mark]:
    """The overall minimum of each passing level, lowest first (ita-2568.yaml ``levels``)."""
    seen: dict[float, str] = {}
    for level in framework.levels:
        if level.min_overall > 0 and level.min_overall not in seen:
            seen[level.min_overall] = level.label_th
    return [Mark(value, label) for value, label in sorted(seen.items())]
