"""The progress report (รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส).

Agencies publish it at 6 months and at the end of the plan's fiscal year. It is built from the
plan alone (:mod:`openita.analysis.progress` decides where each measure stood on the report
date) and rendered by the same machinery as the main report: a docxtpl template in the Jinja
sandbox (templates/progress.docx, built by scripts/build_progress_template.py), a matplotlib
chart with the bundled Sarabun, LibreOffice for the PDF (reports/pdf.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from importlib import resources
from typing import Any

from openita.analysis.plan import STATUSES, ActionPlan
from openita.analysis.progress import PlanStanding, ReportRound, plan_standing
from openita.reports.digits import Digits
from openita.reports.model import ChartSpec, Series, document_thai_strings
from openita.scoring.rounding import format_score
from openita.thaidate import thai_date, thai_period

TITLE = "รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
ROUND_NAMES = {6: "รอบ 6 เดือน", 12: "รอบ 12 เดือน"}
STATUS_TH = {
    "done": "ดำเนินการแล้วเสร็จ",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "not_started": "ยังไม่ได้ดำเนินการ",
    "cancelled": "ยกเลิก",
}
#: The order statuses are counted, stacked and listed in.
STATUS_ORDER = ("done", "in_progress", "not_started", "cancelled")
CHART_KEY = "status"

assert set(STATUS_ORDER) == set(STATUSES) == set(STATUS_TH)


@dataclass(frozen=True)
class ProgressCover:
    title: str
    year_line: str
    round_line: str
    agency: str
    date_line: str


@dataclass(frozen=True)
class StatusCount:
    status: str
    count: str
    share: str


@dataclass(frozen=True)
class ProgressRow:
    measure: str
    unit: str
    status: str
    percent: str
    done: list[str]
    evidence: list[str]


@dataclass(frozen=True)
class ProgressSection:
    heading: str
    summary: str
    rows: list[ProgressRow]


@dataclass(frozen=True)
class ProgressContext:
    fiscal_year: int
    round_months: int
    as_of: str
    agency: str
    cover: ProgressCover
    summary: str
    counts: list[StatusCount]
    total: str
    percent: str
    charts: list[ChartSpec]
    sections: list[ProgressSection]
    signatures: list[str]

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def numbers(self) -> list[str]:
        """Every figure the document shows as text (for the PDF text-layer test)."""
        found = [self.total, self.percent, *(c.count for c in self.counts)]
        found += [c.share for c in self.counts]
        found += [r.percent for s in self.sections for r in s.rows]
        return found

    def thai_strings(self) -> list[str]:
        """Every Thai string the document shows as text (for the PDF text-layer test)."""
        return document_thai_strings(self.as_dict())


def _percent(value: float) -> str:
    return format_score(value)


def status_chart(standing: PlanStanding) -> ChartSpec:
    """Measures by status per indicator: one stacked bar per plan section."""
    categories = [f"{s.indicator}. {s.indicator_name}" for s in standing.sections]
    series = [
        Series(STATUS_TH[status], [float(s.count(status)) for s in standing.sections])
        for status in STATUS_ORDER
    ]
    return ChartSpec(CHART_KEY, "stacked", "จำนวนมาตรการจำแนกตามสถานะ รายตัวชี้วัด", categories, series)


def build_progress_context(plan: ActionPlan, report: ReportRound) -> ProgressContext:
    standing = plan_standing(plan, report)
    total = len(standing.measures)
    counts = [
        StatusCount(
            STATUS_TH[status],
            str(standing.count(status)),
            _percent(100 * standing.count(status) / total if total else 0.0),
        )
        for status in STATUS_ORDER
    ]
    percent = _percent(standing.percent)
    period = thai_period(report.start, report.as_of, abbreviated=True)
    round_name = ROUND_NAMES[report.months]
    by_status = " ".join(f"{c.status} {c.count} มาตรการ" for c in counts if c.count != "0")
    summary = (
        f"{plan.agency} ได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        f"ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year} จากผลการประเมิน ITA "
        f"ประจำปีงบประมาณ พ.ศ. {plan.based_on_year} "
        f"รวมทั้งสิ้น {total} มาตรการ ผลการดำเนินงาน{round_name} ({period}) "
        f"{by_status} ความก้าวหน้าเฉลี่ยร้อยละ {percent}"
    ).replace("  ", " ")
    sections = []
    for s in standing.sections:
        active = [m.progress for m in s.measures if m.status != "cancelled"]
        mean = sum(active) / len(active) if active else 0.0
        sections.append(
            ProgressSection(
                heading=f"ตัวชี้วัดที่ {s.indicator} {s.indicator_name}",
                summary=(
                    f"{len(s.measures)} มาตรการ ดำเนินการแล้วเสร็จ {s.count('done')} มาตรการ "
                    f"ความก้าวหน้าเฉลี่ยร้อยละ {_percent(mean)}"
                ),
                rows=[
                    ProgressRow(
                        measure=m.measure.title,
                        unit=m.measure.responsible_unit,
                        status=STATUS_TH[m.status],
                        percent=str(m.progress),
                        done=m.done or ["-"],
                        evidence=m.evidence or ["-"],
                    )
                    for m in s.measures
                ],
            )
        )
    return ProgressContext(
        fiscal_year=plan.fiscal_year,
        round_months=report.months,
        as_of=report.as_of.isoformat(),
        agency=plan.agency,
        cover=ProgressCover(
            title=TITLE,
            year_line=f"ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}",
            round_line=f"{round_name} ({period})",
            agency=plan.agency,
            date_line=f"ข้อมูล ณ วันที่ {thai_date(report.as_of)}",
        ),
        summary=summary,
        counts=counts,
        total=str(total),
        percent=percent,
        charts=[status_chart(standing)] if standing.sections else [],
        sections=sections,
        signatures=["ผู้รายงาน", "ผู้บริหารหน่วยงาน"],
    )


def default_template() -> bytes:
    return resources.files("openita.reports").joinpath("templates/progress.docx").read_bytes()


def render_progress_docx(
    context: ProgressContext,
    charts: dict[str, bytes],
    template: bytes | None = None,
    digits: Digits = "arabic",
) -> bytes:
    """The progress report as DOCX bytes, through the main report's rendering path
    (reports.docx.fill_template): the same sandbox, the same refusals, the same last pass over
    the text (Thai line-break marks and, with ``digits="thai"``, Thai digits).
    """
    from openita.reports.docx import fill_template

    chosen = template if template is not None else default_template()
    return fill_template(chosen, context.as_dict(), context.charts, charts, "progress.docx", digits)


def render_progress(
    plan: ActionPlan,
    report: ReportRound,
    template: bytes | None = None,
    digits: Digits = "arabic",
) -> tuple[ProgressContext, bytes]:
    """Context and DOCX of one progress report (convert with reports.pdf for the PDF)."""
    from openita.reports.progress_chart import render_status_chart

    context = build_progress_context(plan, report)
    charts = {spec.key: render_status_chart(spec, digits) for spec in context.charts}
    return context, render_progress_docx(context, charts, template, digits)


def file_stem(plan: ActionPlan, report: ReportRound) -> str:
    return f"progress-{plan.fiscal_year}-{report.months}m"
