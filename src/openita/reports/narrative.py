"""The numbered analysis of the report: this year against last, tools, indicators, priorities.

Every sentence is generated from the comparison (openita.scoring.compare) and the analysis, so
its years and levels are the tables' own (the seed report, docs/sources.md, compared 2568 with
"2568").
"""

from __future__ import annotations

from openita.analysis.model import Analysis
from openita.frameworks.model import Framework
from openita.reports import wording as w
from openita.reports.advice import framework_order, heading_title, unique_by_id
from openita.reports.model import AnalysisPoint
from openita.scoring.comparison import Comparison
from openita.scoring.model import Scores
from openita.scoring.rounding import format_score


def signed(points: float) -> str:
    """``+0.82`` / ``−4.89`` (U+2212, the typographic minus) / ``0.00``."""
    return "0.00" if points == 0 else ("+" if points > 0 else "−") + format_score(abs(points))


def level_change(framework: Framework, previous_label: str, current_label: str) -> int | None:
    """How many levels better (> 0) or worse (< 0) ``current_label`` is than ``previous_label``
    on the current year's scale; levels are listed best first in the framework file.

    None when either label is not a level of that scale: the scale changed between the years
    (letter grades AA–F up to FY2566, ผ่านดีเยี่ยม … ต้องปรับปรุงโดยด่วน from FY2567;
    docs/sources.md, "Levels"), so the two levels are not compared at all.
    """
    order = [lv.label_th for lv in framework.levels]
    if previous_label not in order or current_label not in order:
        return None
    return order.index(previous_label) - order.index(current_label)


def analysis_points(
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
        rank = level_change(framework, comparison.previous_level, scores.level)
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
                        f" ({signed(c.points)} คะแนน)"
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
                    f" ({signed(c.points)} คะแนน)"
                )
                if direction == "ลดลง" and explained.get(ind_id):
                    ids = sorted(explained[ind_id], key=lambda i: framework_order(framework, i))
                    text += f" ข้อที่ได้คะแนนต่ำ ได้แก่ ข้อ {w.thai_list(ids)}"
                bullets.append(text)
            points.append(AnalysisPoint(f"{heading} {len(changed)} ตัวชี้วัด", bullets))
    if analysis is not None and analysis.recommended:
        # The items the report recommends on (the analysis' rule), largest gain first.
        top = unique_by_id(analysis.recommended)[:5]
        points.append(
            AnalysisPoint(
                w.priority_heading(any(wp.estimated for wp in top)),
                [
                    f"ข้อ {wp.id} {heading_title(framework, wp.id, scores.fiscal_year)}"
                    + f" ได้ {w.score_text(wp.score)} {w.gain_sentence(wp.gain, wp.estimated)}"
                    for wp in top
                ],
            )
        )
    return points
