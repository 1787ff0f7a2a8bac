"""The report context: every number, name and sentence of one agency's report, as plain data.

The report "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" (the seed report, docs/sources.md) is rendered
twice from this one value: the DOCX through a docxtpl template, the PDF from that DOCX
(docs/adr/0002-pdf-via-libreoffice.md). Building it is pure: values in, a frozen value out, no IO,
no clock. Numbers are formatted here (two decimals, half up, as ITAS publishes them) so the
template holds layout only and an agency restyling it in Word cannot get a number wrong.

The values are in :mod:`openita.reports.model`; the recommendations and the detailed table are
built in :mod:`openita.reports.advice`, the analysis sentences in :mod:`openita.reports.narrative`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openita.analysis.model import Analysis, MissingItem
from openita.analysis.weaknesses import RecommendationRule
from openita.frameworks.model import Framework
from openita.i18n import use_language
from openita.reports import wording as w
from openita.reports.advice import appendix, part_heading, recommendations
from openita.reports.model import (
    Band,
    ChartSpec,
    Cover,
    IndicatorRow,
    IndicatorTable,
    LibraryLike,
    PeerAverage,
    PeerRow,
    PlanLike,
    PlanRow,
    PlanView,
    ReportContext,
    Series,
    ToolLine,
    YearScore,
)
from openita.reports.narrative import analysis_points, level_change, signed
from openita.reports.thaibreak import NO_BREAK_SPACE
from openita.scoring.comparison import Comparison, compare
from openita.scoring.consistency import framework_findings
from openita.scoring.levels import checked_scores, eit_part_key
from openita.scoring.model import AgencyResult, Change, Scores
from openita.scoring.rounding import format_score
from openita.thaidate import thai_date

REPORT_TITLE = "รายงานการนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
REPORT_SUBTITLE = "ในการดำเนินงานของหน่วยงานภาครัฐ"
FULL_MARKS = 100.0

__all__ = ["PeerAverage", "ReportContext", "YearScore", "build_context"]


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
    with use_language("th"):  # the report is Thai; a borrowed or inferred rule set is said so
        remarks.extend(f.message for f in framework_findings(framework))
    weak = analysis.weak_points if analysis is not None else ()
    missing = analysis.missing_items if analysis is not None else ()
    if analysis is None:
        remarks.append("ไม่มีผลการวิเคราะห์จุดอ่อน รายงานจึงไม่มีข้อเสนอแนะรายข้อคำถาม")
    if library is None:
        remarks.append("ไม่มีคลังข้อเสนอแนะของปีนี้ รายงานจึงแสดงเฉพาะคะแนนของข้อที่ควรปรับปรุง")
    tools = _tool_lines(framework, scores)
    rule = analysis.rule if analysis is not None and analysis.rule is not None else None
    rule = rule or RecommendationRule().resolve(framework)
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
        analysis=analysis_points(framework, agency.name, scores, comparison, analysis),
        recommendations_heading=(
            "ข้อเสนอแนะต่อผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
            + w.year_text(scores.fiscal_year)
        ),
        recommendations=recommendations(
            framework, result, agency.name, scores, weak, missing, library, rule
        ),
        appendix=appendix(framework, result, weak, missing, rule),
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
                f"{part_heading(parts[p].name_th, p)} {w.score_text(v)}"
                for p, v in sorted(scores.eit_parts.items())
                if p in parts
            ]
        lines.append(
            ToolLine(
                tool_id, tool.name_th, tool.name_en, format_score(scores.tools[tool_id]), part_texts
            )
        )
    return lines


def _target(framework: Framework, scores: Scores) -> str:
    """Whether the national target is met: overall and every tool at the pass threshold.

    The target (overall ≥ 85 and each tool ≥ 85) comes from the framework's level rules
    (docs/sources.md, "Levels"); EIT parts are listed when the framework checks them separately.
    """
    threshold = framework.spec.level_rules.pass_threshold
    names = {eit_part_key(p): f"EIT ส่วนที่ {p}" for p in scores.eit_parts}
    checked = {
        names.get(key, key): v
        for key, v in checked_scores(framework, scores.tools, scores.eit_parts).items()
    }
    below = [name for name, v in checked.items() if v < threshold]
    listed = w.thai_list(f"{name} {format_score(v)}" for name, v in checked.items())
    limit = format_score(threshold)
    if scores.overall >= threshold and not below:
        return w.target_met_sentence(limit, format_score(scores.overall), listed)
    reasons = []
    if scores.overall < threshold:
        reasons.append(f"คะแนนภาพรวม {format_score(scores.overall)} คะแนน ต่ำกว่า {limit} คะแนน")
    if below:
        reasons.append(f"เครื่องมือ {w.thai_list(below)} ได้ต่ำกว่า {limit} คะแนน")
    return w.target_missed_sentence(reasons, listed)


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
    tool_years = [y for y in years if any(t in y.tools for t in tool_ids)]  # some lack tools
    overall = ChartSpec(
        "overall",
        "gauge",
        f"ผลการประเมินในภาพรวม {w.year_text(year)}",
        [scores.level],
        [Series(str(year), [scores.overall])],
        bands,
    )
    overall_history = ChartSpec(
        "overall_history",
        "bars",
        "ผลการประเมินในภาพรวมย้อนหลัง",
        [f"พ.ศ. {y.fiscal_year}" for y in years],
        [Series("คะแนนภาพรวม", [y.overall for y in years])],
    )
    tools = ChartSpec(
        "tools",
        "bars",
        f"ผลการประเมินรายเครื่องมือ {w.year_text(year)}",
        tool_categories,
        [Series(str(year), tool_values)],
    )
    tools_history = ChartSpec(
        "tools_history",
        "bars",
        "ผลการประเมินรายเครื่องมือย้อนหลัง",
        tool_ids,
        [Series(f"พ.ศ. {y.fiscal_year}", [y.tools.get(t) for t in tool_ids]) for y in tool_years],
    )
    # A history chart of one year repeats the chart of that year: left out, and the charts
    # after it are numbered on (the template numbers them in order).
    charts = [
        overall,
        *([overall_history] if len(years) > 1 else []),
        tools,
        *([tools_history] if len(tool_years) > 1 else []),
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
    def cells(value: float, c: Change | None) -> tuple[list[str], str, str]:
        """Shown scores (last year first when compared), signed change and direction."""
        shown = [format_score(value)]
        if comparison is None:
            return shown, "", ""
        if c is None:
            return ["–", *shown], "", ""
        return [format_score(c.previous), *shown], signed(c.points), c.direction

    rows = []
    for ind_id, ind in framework.indicators.items():
        c = comparison.indicators.get(ind_id) if comparison else None
        rows.append(
            IndicatorRow(ind.tool, ind_id, ind.name_th, *cells(scores.indicators[ind_id], c))
        )
    totals = []
    for tool_id, tool_score in scores.tools.items():
        c = comparison.tools.get(tool_id) if comparison else None
        totals.append(IndicatorRow(tool_id, "", "คะแนนรวม", *cells(tool_score, c)))
    overall = [format_score(scores.overall)]
    level = [scores.level]
    change_text = direction = level_direction = ""
    if comparison is not None:
        overall.insert(0, format_score(comparison.overall.previous))
        level.insert(0, comparison.previous_level)
        change_text, direction = signed(comparison.overall.points), comparison.overall.direction
        level_direction = w.level_direction(
            level_change(framework, comparison.previous_level, scores.level)
        )
    totals.append(IndicatorRow("", "", "คะแนนภาพรวม", overall, change_text, direction))
    totals.append(IndicatorRow("", "", "ระดับผลการประเมิน", level, "", level_direction))
    years = (
        [scores.fiscal_year]
        if comparison is None
        else [comparison.previous_year, scores.fiscal_year]
    )
    return IndicatorTable(years, rows, totals)


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
                    period=_period(m.start, m.end),
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


def _period(start: date, end: date) -> str:
    """``1 ต.ค. 2568 – 30 ก.ย. 2569`` with each date kept on one line (no-break spaces inside
    a date): the narrow period column may wrap at the dash only, never inside a date."""
    return " – ".join(
        thai_date(d, abbreviated=True).replace(" ", NO_BREAK_SPACE) for d in (start, end)
    )


def _difference(points: float) -> str:
    if abs(points) < 0.005:
        return "เท่ากับค่าเฉลี่ย"
    word = "สูงกว่า" if points > 0 else "ต่ำกว่า"
    return f"{word}ค่าเฉลี่ย {w.points(points)} คะแนน"


def _missing_note(item: MissingItem) -> str:
    title = f" {item.title_th}" if item.title_th else ""
    return f"ข้อ {item.id}{title} ไม่มีคะแนนในข้อมูลผลการประเมิน จึงคำนวณผลต่อคะแนนภาพรวมไม่ได้"
