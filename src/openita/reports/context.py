"""The report context: every number, name and sentence of one agency's report, as plain data.

The report "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" (seed: shared/seeds/000_*) is rendered
twice from this one value: the DOCX through a docxtpl template, the PDF from that DOCX
(docs/adr/0002-pdf-via-libreoffice.md). Building it is pure: values in, a frozen value out, no IO,
no clock. Numbers are formatted here (two decimals, half up, as ITAS publishes them) so the
template holds layout only and an agency restyling it in Word cannot get a number wrong.

Inputs that the analysis helpers provide (the recommendation library, the action plan) are
read through small protocols, so this module depends on their shape, not on their modules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from openita.analysis.model import Analysis, MissingItem, WeakPoint
from openita.frameworks.model import Framework
from openita.reports import wording as w
from openita.scoring.comparison import Comparison, compare
from openita.scoring.model import AgencyResult, Scores
from openita.scoring.rounding import format_score
from openita.thaidate import thai_period

REPORT_TITLE = "รายงานการนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
REPORT_SUBTITLE = "ในการดำเนินงานของหน่วยงานภาครัฐ"
FULL_MARKS = 100.0
NO_LOW_QUESTION = "ไม่พบข้อคำถามที่มีคะแนนต่ำกว่าคะแนนเต็มในข้อมูลผลการประเมิน"


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
    heading: str
    entries: list[RecommendationItem]
    note: str = ""


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
class DetailRow:
    indicator: str
    tool: str
    question: str
    score: list[str]
    text: str


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
    details_heading: str
    details: list[DetailRow]
    plan: PlanView | None
    peers: list[PeerRow]
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        """Plain dicts and lists: what the template and the JSON snapshot see."""
        return dataclasses.asdict(self)

    def thai_strings(self) -> list[str]:
        """Every Thai string the document shows as text (for the PDF text-layer test)."""
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

        data = self.as_dict()
        # Chart labels are drawn inside the images; only chart titles are text (captions).
        data["charts"] = [chart["title"] for chart in data["charts"]]
        walk(data)
        return found


# --- building it --------------------------------------------------------------------------------


def build_context(
    framework: Framework,
    result: AgencyResult,
    scores: Scores,
    *,
    previous: Scores | None = None,
    history: Sequence[YearScore] = (),
    analysis: Analysis | None = None,
    library: LibraryLike | None = None,
    plan: PlanLike | None = None,
    peers: Sequence[PeerAverage] = (),
    notes: Sequence[str] = (),
) -> ReportContext:
    """The whole report for ``result`` (scored as ``scores``) from data only.

    ``previous`` is last year's scores (the comparison table and analysis need it); ``history``
    adds older years for the history charts (duplicates of a year are resolved in favour of
    ``scores``/``previous``). Without ``analysis`` or ``library`` the recommendation sections
    list what they can and ``notes`` says what was missing.
    """
    agency = result.agency
    comparison = compare(previous, scores) if previous is not None else None
    years = _history(scores, previous, history)
    remarks: list[str] = list(notes)
    weak = analysis.weak_points if analysis is not None else ()
    missing = analysis.missing_items if analysis is not None else ()
    if analysis is None:
        remarks.append("ไม่มีผลการวิเคราะห์จุดอ่อน รายงานจึงไม่มีข้อเสนอแนะรายข้อคำถาม")
    if library is None:
        remarks.append("ไม่มีคลังข้อเสนอแนะของปีนี้ รายงานจึงแสดงเฉพาะคะแนนของข้อที่ควรปรับปรุง")
    tools = _tool_lines(framework, scores)
    return ReportContext(
        fiscal_year=scores.fiscal_year,
        year_text=w.year_text(scores.fiscal_year),
        agency=agency.name,
        cover=Cover(
            title=REPORT_TITLE,
            subtitle=REPORT_SUBTITLE,
            year_line=w.cover_year_text(scores.fiscal_year),
            agency=agency.name,
            location=w.location_text(agency.district, agency.province),
        ),
        statement=w.overall_statement(
            agency.name, scores.fiscal_year, scores.overall, scores.level
        ),
        overall=format_score(scores.overall),
        level=scores.level,
        tools=tools,
        target=_target(framework, scores),
        charts=_charts(framework, scores, years),
        indicator_table=_indicator_table(framework, scores, comparison),
        analysis=_analysis(framework, agency.name, scores, comparison, analysis),
        recommendations_heading=(
            "ข้อเสนอแนะต่อผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
            + w.year_text(scores.fiscal_year)
        ),
        recommendations=_recommendations(
            framework, result, agency.name, scores, weak, missing, library
        ),
        details_heading=("รายละเอียดการวิเคราะห์ผลการประเมิน ITA " + w.year_text(scores.fiscal_year)),
        details=_details(framework, result, weak, library),
        plan=_plan(plan) if plan is not None else None,
        peers=[
            PeerRow(p.label, format_score(p.overall), _difference(scores.overall - p.overall))
            for p in peers
        ],
        notes=remarks + [_missing_note(m) for m in missing],
    )


def _history(
    scores: Scores, previous: Scores | None, history: Sequence[YearScore]
) -> list[YearScore]:
    by_year = {y.fiscal_year: y for y in history}
    if previous is not None:
        by_year[previous.fiscal_year] = YearScore.of(previous)
    by_year[scores.fiscal_year] = YearScore.of(scores)
    return [by_year[y] for y in sorted(by_year) if y <= scores.fiscal_year]


def _tool_lines(framework: Framework, scores: Scores) -> list[ToolLine]:
    parts = {p.id: p for p in framework.spec.eit_parts}
    lines = []
    for tool_id, tool in framework.tools.items():
        part_texts = []
        if tool_id == "EIT":
            part_texts = [
                f"{_part_heading(parts[p].name_th, p)} {w.score_text(v)}"
                for p, v in sorted(scores.eit_parts.items())
                if p in parts
            ]
        lines.append(
            ToolLine(
                tool_id, tool.name_th, tool.name_en, format_score(scores.tools[tool_id]), part_texts
            )
        )
    return lines


def _part_heading(name_th: str, part: int) -> str:
    """``ส่วนที่ 1 ผู้รับบริการ…``; a part whose only known name is "ส่วนที่ 2" stays as is."""
    return name_th if name_th.startswith("ส่วนที่") else f"ส่วนที่ {part} {name_th}"


def _target(framework: Framework, scores: Scores) -> str:
    """Whether the national target is met: overall and every tool at the pass threshold.

    The target (overall ≥ 85 and each tool ≥ 85) comes from the framework's level rules
    (ita-notes.md, "Levels"); EIT parts are listed when the framework checks them separately.
    """
    threshold = framework.spec.level_rules.pass_threshold
    checked = dict(scores.tools)
    if framework.spec.level_rules.eit_parts_checked_separately and scores.eit_parts:
        checked.pop("EIT", None)
        checked.update({f"EIT ส่วนที่ {p}": v for p, v in scores.eit_parts.items()})
    below = [name for name, v in checked.items() if v < threshold]
    listed = w.thai_list(f"{name} {format_score(v)}" for name, v in checked.items())
    limit = format_score(threshold)
    if scores.overall >= threshold and not below:
        return (
            f"หน่วยงานบรรลุค่าเป้าหมาย คือ คะแนนภาพรวมไม่ต่ำกว่า {limit} คะแนน"
            f" ({format_score(scores.overall)} คะแนน) และทุกเครื่องมือได้ไม่ต่ำกว่า {limit} คะแนน"
            f" ({listed})"
        )
    reasons = []
    if scores.overall < threshold:
        reasons.append(f"คะแนนภาพรวม {format_score(scores.overall)} คะแนน ต่ำกว่า {limit} คะแนน")
    if below:
        reasons.append(f"เครื่องมือ {w.thai_list(below)} ได้ต่ำกว่า {limit} คะแนน")
    return f"หน่วยงานยังไม่บรรลุค่าเป้าหมาย เนื่องจาก{w.thai_list(reasons)} ({listed})"


def _charts(framework: Framework, scores: Scores, years: list[YearScore]) -> list[ChartSpec]:
    year = scores.fiscal_year
    levels = list(reversed(framework.levels))  # worst first: "ผ่าน/ผ่านดี" share a band
    lowers = sorted({lv.min_overall for lv in levels})
    bands = [
        Band(
            lower,
            ([*lowers[1:], FULL_MARKS])[k],
            "/".join(lv.label_th for lv in levels if lv.min_overall == lower),
        )
        for k, lower in enumerate(lowers)
    ]
    tool_ids = list(framework.tools)
    tool_categories = list(tool_ids)
    tool_values: list[float | None] = [scores.tools[t] for t in tool_ids]
    for part, value in sorted(scores.eit_parts.items()):
        tool_categories.append(f"EIT ส่วนที่ {part}")
        tool_values.append(value)
    indicator_labels = [f"{i} {framework.indicators[i].name_th}" for i in framework.indicators]
    charts = [
        ChartSpec(
            "overall",
            "gauge",
            f"ผลการประเมินในภาพรวม {w.year_text(year)}",
            [scores.level],
            [Series(str(year), [scores.overall])],
            bands,
        ),
        ChartSpec(
            "overall_history",
            "bars",
            "ผลการประเมินในภาพรวมย้อนหลัง",
            [f"พ.ศ. {y.fiscal_year}" for y in years],
            [Series("คะแนนภาพรวม", [y.overall for y in years])],
        ),
        ChartSpec(
            "tools",
            "bars",
            f"ผลการประเมินรายเครื่องมือ {w.year_text(year)}",
            tool_categories,
            [Series(str(year), tool_values)],
        ),
        ChartSpec(
            "tools_history",
            "bars",
            "ผลการประเมินรายเครื่องมือย้อนหลัง",
            tool_ids,
            [
                Series(f"พ.ศ. {y.fiscal_year}", [y.tools.get(t) for t in tool_ids])
                for y in years
                if any(t in y.tools for t in tool_ids)  # years published without tool scores
            ],
        ),
    ]
    for y in years:
        if not any(i in y.indicators for i in framework.indicators):
            continue
        charts.append(
            ChartSpec(
                f"indicators_{y.fiscal_year}",
                "hbars",
                f"ผลการประเมินรายตัวชี้วัด {w.year_text(y.fiscal_year)}",
                indicator_labels,
                [Series(str(y.fiscal_year), [y.indicators.get(i) for i in framework.indicators])],
            )
        )
    return charts


def _indicator_table(
    framework: Framework, scores: Scores, comparison: Comparison | None
) -> IndicatorTable:
    rows = []
    for ind_id, ind in framework.indicators.items():
        shown = [format_score(scores.indicators[ind_id])]
        change_text = direction = ""
        if comparison is not None and ind_id in comparison.indicators:
            c = comparison.indicators[ind_id]
            shown.insert(0, format_score(c.previous))
            change_text, direction = _signed(c.points), c.direction
        elif comparison is not None:
            shown.insert(0, "–")
        rows.append(IndicatorRow(ind.tool, ind_id, ind.name_th, shown, change_text, direction))
    totals = []
    for tool_id, tool_score in scores.tools.items():
        shown = [format_score(tool_score)]
        change_text = direction = ""
        if comparison is not None and tool_id in comparison.tools:
            c = comparison.tools[tool_id]
            shown.insert(0, format_score(c.previous))
            change_text, direction = _signed(c.points), c.direction
        elif comparison is not None:
            shown.insert(0, "–")
        totals.append(IndicatorRow(tool_id, "", "คะแนนรวม", shown, change_text, direction))
    overall = [format_score(scores.overall)]
    level = [scores.level]
    change_text = direction = level_direction = ""
    if comparison is not None:
        overall.insert(0, format_score(comparison.overall.previous))
        level.insert(0, comparison.previous_level)
        change_text, direction = _signed(comparison.overall.points), comparison.overall.direction
        rank = _level_rank(framework, scores.level) - _level_rank(
            framework, comparison.previous_level
        )
        level_direction = "สูงขึ้น" if rank > 0 else "ต่ำลง" if rank < 0 else "คงเดิม"
    totals.append(IndicatorRow("", "", "คะแนนภาพรวม", overall, change_text, direction))
    totals.append(IndicatorRow("", "", "ระดับผลการประเมิน", level, "", level_direction))
    years = (
        [scores.fiscal_year]
        if comparison is None
        else [comparison.previous_year, scores.fiscal_year]
    )
    return IndicatorTable(years, rows, totals)


def _signed(points: float) -> str:
    return "0.00" if points == 0 else ("+" if points > 0 else "−") + format_score(abs(points))


def _level_rank(framework: Framework, label: str) -> int:
    """Higher is better: levels are listed best first in the framework file."""
    order = [lv.label_th for lv in framework.levels]
    return len(order) - order.index(label) if label in order else 0


def _analysis(
    framework: Framework,
    agency: str,
    scores: Scores,
    comparison: Comparison | None,
    analysis: Analysis | None,
) -> list[AnalysisPoint]:
    """The numbered analysis: overall against last year, tools, fallen and risen indicators,
    and the items whose improvement would raise the overall score most (largest gain first)."""
    points: list[AnalysisPoint] = []
    if comparison is None:
        points.append(
            AnalysisPoint(
                w.overall_statement(agency, scores.fiscal_year, scores.overall, scores.level)
                + " ไม่มีผลการประเมินของปีก่อนหน้าสำหรับการเปรียบเทียบ"
            )
        )
    else:
        rank = _level_rank(framework, scores.level) - _level_rank(
            framework, comparison.previous_level
        )
        points.append(
            AnalysisPoint(
                w.year_on_year_sentence(
                    agency,
                    comparison.current_year,
                    scores.level,
                    comparison.previous_year,
                    comparison.previous_level,
                    comparison.overall,
                )
                + " "
                + w.level_change_sentence(comparison.previous_level, scores.level, rank)
            )
        )
        points.append(
            AnalysisPoint(
                "เมื่อพิจารณารายเครื่องมือ เทียบกับ" + w.year_text(comparison.previous_year),
                [
                    f"{tool_id} {framework.tools[tool_id].name_th} {w.score_text(c.current)}"
                    + (
                        " เท่ากับปีก่อน"
                        if c.direction == "คงที่"
                        else f" {c.direction}จาก {format_score(c.previous)} คะแนน"
                        f" ({_signed(c.points)} คะแนน)"
                    )
                    for tool_id, c in comparison.tools.items()
                ],
            )
        )
        explained = (
            {f.indicator: f.explained_by for f in analysis.fallen_indicators} if analysis else {}
        )
        for direction, heading in (
            ("ลดลง", "ตัวชี้วัดที่มีคะแนนลดลง"),
            ("เพิ่มขึ้น", "ตัวชี้วัดที่มีคะแนนเพิ่มขึ้น"),
        ):
            changed = [(i, c) for i, c in comparison.indicators.items() if c.direction == direction]
            if not changed:
                continue
            bullets = []
            for ind_id, c in changed:
                text = (
                    f"ตัวชี้วัดที่ {ind_id} {framework.indicators[ind_id].name_th}"
                    f" จาก {format_score(c.previous)} เป็น {format_score(c.current)} คะแนน"
                    f" ({_signed(c.points)} คะแนน)"
                )
                if direction == "ลดลง" and explained.get(ind_id):
                    ids = sorted(explained[ind_id], key=lambda i: _order(framework, i))
                    text += f" ข้อที่ได้คะแนนต่ำ ได้แก่ ข้อ {w.thai_list(ids)}"
                bullets.append(text)
            points.append(AnalysisPoint(f"{heading} {len(changed)} ตัวชี้วัด", bullets))
    if analysis is not None and analysis.weak_points:
        top = _unique_by_id(analysis.weak_points)[:5]
        points.append(
            AnalysisPoint(
                "ข้อที่ควรปรับปรุงก่อน เพราะส่งผลต่อคะแนนภาพรวมมากที่สุด"
                " (คะแนนภาพรวมที่จะเพิ่มขึ้นหากข้อนั้นได้คะแนนเต็ม)",
                [
                    f"ข้อ {wp.id} {_item_title(framework, wp.id, scores.fiscal_year)}".rstrip()
                    + f" ได้ {w.score_text(wp.score)} เพิ่มคะแนนภาพรวมได้ {format_score(wp.gain)} คะแนน"
                    for wp in top
                ],
            )
        )
    return points


def _unique_by_id(points: Sequence[WeakPoint]) -> list[WeakPoint]:
    """One entry per question: an EIT question weak in both parts is listed once (largest gain)."""
    seen: dict[str, WeakPoint] = {}
    for wp in points:
        if wp.id not in seen or wp.gain > seen[wp.id].gain:
            seen[wp.id] = wp
    return sorted(seen.values(), key=lambda wp: -wp.gain)


def _item_title(framework: Framework, item_id: str, fiscal_year: int) -> str:
    """OIT item title, naming the year the evidence concerns (reports: the previous year)."""
    title = framework.title_of(item_id) or ""
    item = framework.oit_items.get(item_id)
    if item is not None and title and item.period == "previous":
        title += f" (ข้อมูลปี พ.ศ. {fiscal_year - 1})"
    return title


def _question_score(result: AgencyResult, item_id: str, parts: Mapping[int, str]) -> list[str]:
    if item_id in result.question_parts:
        return [
            f"{_short_part(parts, p)} {format_score(v)}"
            for p, v in sorted(result.question_parts[item_id].items())
        ]
    if item_id in result.questions:
        return [format_score(result.questions[item_id])]
    return ["–"]


def _short_part(parts: Mapping[int, str], part: int) -> str:
    return f"ส่วนที่ {part}:" if part in parts else f"{part}:"


def _recommendation_item(
    framework: Framework,
    item_id: str,
    score: str,
    fiscal_year: int,
    library: LibraryLike | None,
) -> RecommendationItem:
    rec: RecommendationLike | None = library.items.get(item_id) if library is not None else None
    evidence = []
    if rec is not None:
        evidence = [f"{o} {_item_title(framework, o, fiscal_year)}".strip() for o in rec.cite]
    title = _item_title(framework, item_id, fiscal_year)
    return RecommendationItem(
        id=item_id,
        title=title,
        score=score,
        label=" ".join(x for x in (item_id, title, f"({score})") if x),
        issue=rec.issue_th if rec is not None else "",
        action=rec.action_th if rec is not None else "",
        evidence=evidence,
    )


def _recommendations(
    framework: Framework,
    result: AgencyResult,
    agency: str,
    scores: Scores,
    weak: Sequence[WeakPoint],
    missing: Sequence[MissingItem],
    library: LibraryLike | None,
) -> list[ToolRecommendations]:
    year = scores.fiscal_year
    out = []
    for number, (tool_id, tool) in enumerate(framework.tools.items(), start=1):
        tool_weak = [wp for wp in weak if wp.tool == tool_id]
        indicators = framework.indicators_of_tool[tool_id]
        low = {wp.indicator for wp in tool_weak}
        low |= {m.indicator for m in missing if m.tool == tool_id}
        steady = [i for i in indicators if i not in low]
        intro = f"{agency} ได้คะแนน {tool_id} {w.score_text(scores.tools[tool_id])}"
        if steady:
            intro += (
                " ตัวชี้วัดที่ "
                + w.thai_list(f"{i} {framework.indicators[i].name_th}" for i in steady)
                + f" {NO_LOW_QUESTION} ควรรักษามาตรฐานไว้"
            )
        if low:
            intro += " ข้อเสนอแนะต่อข้อที่มีคะแนนต่ำกว่าคะแนนเต็ม มีดังนี้"
        if tool_id == "EIT" and framework.spec.eit_parts:
            sections = [
                RecommendationSection(
                    _part_heading(part.name_th, part.id),
                    _groups_by_indicator(
                        framework,
                        result,
                        [wp for wp in tool_weak if wp.part == part.id],
                        library,
                        year,
                        score_of=lambda wp: w.score_text(wp.score),
                    ),
                )
                for part in framework.spec.eit_parts
            ]
            whole = [wp for wp in tool_weak if wp.part is None]
            if whole:
                sections.append(
                    RecommendationSection(
                        "ข้อคำถามที่ไม่มีคะแนนแยกส่วน",
                        _groups_by_indicator(
                            framework,
                            result,
                            whole,
                            library,
                            year,
                            lambda wp: w.score_text(wp.score),
                        ),
                    )
                )
        elif tool_id == "OIT":
            sections = [
                RecommendationSection(
                    "", _groups_by_sub(framework, tool_weak, missing, library, year)
                )
            ]
        else:
            sections = [
                RecommendationSection(
                    "",
                    _groups_by_indicator(
                        framework,
                        result,
                        tool_weak,
                        library,
                        year,
                        lambda wp: w.score_text(wp.score),
                    ),
                )
            ]
        out.append(
            ToolRecommendations(
                tool_id, f"{number}. {tool.name_th} ({tool.name_en}: {tool_id})", intro, sections
            )
        )
    return out


def _groups_by_indicator(
    framework: Framework,
    result: AgencyResult,
    weak: Sequence[WeakPoint],
    library: LibraryLike | None,
    year: int,
    score_of: Any,
) -> list[RecommendationGroup]:
    groups = []
    for ind_id in dict.fromkeys(
        i for i in framework.indicators if any(wp.indicator == i for wp in weak)
    ):
        items = [
            _recommendation_item(framework, wp.id, score_of(wp), year, library)
            for wp in sorted(
                (wp for wp in weak if wp.indicator == ind_id),
                key=lambda wp: _order(framework, wp.id),
            )
        ]
        groups.append(
            RecommendationGroup(f"ตัวชี้วัดที่ {ind_id} {framework.indicators[ind_id].name_th}", items)
        )
    if not groups:
        groups.append(RecommendationGroup("", [], NO_LOW_QUESTION))
    return groups


def _groups_by_sub(
    framework: Framework,
    weak: Sequence[WeakPoint],
    missing: Sequence[MissingItem],
    library: LibraryLike | None,
    year: int,
) -> list[RecommendationGroup]:
    groups = []
    for sub_id, sub in framework.sub_indicators.items():
        items = [
            _recommendation_item(framework, wp.id, w.score_text(wp.score), year, library)
            for wp in sorted(
                (wp for wp in weak if wp.sub_indicator == sub_id),
                key=lambda wp: _order(framework, wp.id),
            )
        ]
        items += [
            _recommendation_item(framework, m.id, "ไม่มีคะแนนในข้อมูลผลการประเมิน", year, library)
            for m in missing
            if m.sub_indicator == sub_id
        ]
        if items:
            groups.append(RecommendationGroup(f"ตัวชี้วัดย่อย {sub_id} {sub.name_th}", items))
    if not groups:
        groups.append(RecommendationGroup("", [], "ทุกข้อของแบบวัด OIT ได้คะแนนเต็ม"))
    return groups


def _order(framework: Framework, item_id: str) -> int:
    """Framework order (i1, i2, …, i10 — not i1, i10, i2)."""
    ids = [*framework.questions, *framework.oit_items]
    return ids.index(item_id) if item_id in ids else len(ids)


def _details(
    framework: Framework,
    result: AgencyResult,
    weak: Sequence[WeakPoint],
    library: LibraryLike | None,
) -> list[DetailRow]:
    """One row per weak question/item; an indicator without one gets its "maintain" guidance."""
    parts = {p.id: p.name_th for p in framework.spec.eit_parts}
    by_id = _unique_by_id(weak)
    rows = []
    for ind_id, ind in framework.indicators.items():
        label = f"{ind_id} {ind.name_th}"
        mine = sorted(
            (wp for wp in by_id if wp.indicator == ind_id), key=lambda wp: _order(framework, wp.id)
        )
        guidance: GuidanceLike | None = (
            library.indicators.get(ind_id) if library is not None else None
        )
        if not mine:
            text = guidance.maintain_th if guidance is not None else "รักษามาตรฐานการดำเนินงานไว้"
            rows.append(DetailRow(label, ind.tool, "–", ["–"], text))
            continue
        for wp in mine:
            rec: RecommendationLike | None = (
                library.items.get(wp.id) if library is not None else None
            )
            text = f"{rec.issue_th} {rec.action_th}" if rec is not None else ""
            rows.append(
                DetailRow(label, ind.tool, wp.id, _question_score(result, wp.id, parts), text)
            )
    return rows


def _plan(plan: PlanLike) -> PlanView:
    """Part 2 as table rows: one per measure, under the indicator it serves.

    The issue column names the indicator and the questions/items the measure answers; the
    issue prose itself is in the recommendations above, not repeated in a narrow column.
    """
    rows = []
    for section in plan.sections:
        for n, m in enumerate(section.measures, start=1):
            issue = [f"ตัวชี้วัดที่ {section.indicator} {section.indicator_name}"]
            addresses = list(getattr(m, "addresses", []) or [])
            if addresses:
                issue.append("ตอบข้อ " + w.thai_list(addresses))
            rows.append(
                PlanRow(
                    issue=issue,
                    measure=f"{n}. {m.title}",
                    kpi=m.kpi or "–",
                    unit=m.responsible_unit,
                    steps=[f"{k}. {s}" for k, s in enumerate(m.steps, start=1)] or ["–"],
                    period=thai_period(m.start, m.end),
                )
            )
    return PlanView(
        heading=("ส่วนที่ 2 การนำผลการวิเคราะห์แต่ละประเด็นไปสู่การปฏิบัติ " + w.year_text(plan.fiscal_year)),
        intro=(
            f"แผนปฏิบัติการของ{plan.agency}ตามผลการประเมิน{w.year_text(plan.based_on_year)}"
            f" ดำเนินการใน{w.year_text(plan.fiscal_year)}"
        ),
        rows=rows,
    )


def _difference(points: float) -> str:
    if abs(points) < 0.005:
        return "เท่ากับค่าเฉลี่ย"
    word = "สูงกว่า" if points > 0 else "ต่ำกว่า"
    return f"{word}ค่าเฉลี่ย {w.points(points)} คะแนน"


def _missing_note(item: MissingItem) -> str:
    title = f" {item.title_th}" if item.title_th else ""
    return f"ข้อ {item.id}{title} ไม่มีคะแนนในข้อมูลผลการประเมิน จึงคำนวณผลต่อคะแนนภาพรวมไม่ได้"


__all__ = [
    "PeerAverage",
    "ReportContext",
    "YearScore",
    "build_context",
]
