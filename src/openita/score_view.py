"""Rich terminal view of an agency's scores (used by ``openita score``)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from openita.frameworks.kinds import DEFAULT_KIND, kind_label
from openita.i18n import use_language
from openita.ingest import LoadedResult
from openita.scoring import Change, Comparison, Scores, format_score

_ARROWS = {"เพิ่มขึ้น": "▲", "ลดลง": "▼", "คงที่": "="}


def render_scores(
    out: Console, loaded: LoadedResult, scores: Scores, comparison: Comparison | None
) -> None:
    framework = loaded.framework
    agency = loaded.result.agency
    place = " ".join(x for x in (agency.district and f"อำเภอ{agency.district}",
                                 agency.province and f"จังหวัด{agency.province}") if x)  # fmt: skip
    out.print(f"[bold]{agency.name}[/] {place}".rstrip())
    if framework.agency_kind != DEFAULT_KIND or framework.is_kind_fallback:
        with use_language("th"):
            kind = kind_label(framework.agency_kind)
        out.print(f"[dim]กลุ่มหน่วยงาน: {kind} ({framework.agency_kind})[/]")
    head = (
        f"ITA ปีงบประมาณ พ.ศ. {scores.fiscal_year}: [bold]{format_score(scores.overall)}[/] "
        f"คะแนน, ระดับ [bold]{scores.level}[/]"
    )
    if comparison is not None:
        c = comparison.overall
        pct = f", {abs(c.percent):.2f} %" if c.percent is not None else ""
        head += (
            f"  ({c.direction} {abs(c.points):.2f} คะแนน{pct} จาก {format_score(c.previous)} "
            f"{comparison.previous_level} ในปี {comparison.previous_year})"
        )
    out.print(head)
    if not scores.overall_is_official:
        out.print(f"[dim]computed from the indicators: {scores.computed_overall:.4f}[/]")

    table = Table(title="Indicators / ตัวชี้วัด", title_justify="left")
    table.add_column("Tool")
    table.add_column("#", justify="right")
    table.add_column("ตัวชี้วัด")
    if comparison is not None:
        table.add_column(str(comparison.previous_year), justify="right")
    table.add_column(str(scores.fiscal_year), justify="right")
    if comparison is not None:
        table.add_column("change", justify="right")

    def cells(value: float, ch: Change | None) -> list[str]:
        if comparison is None:
            return [format_score(value)]
        if ch is None:
            return ["–", format_score(value), "–"]
        return [format_score(ch.previous), format_score(value),
                f"{_ARROWS[ch.direction]} {ch.points:+.2f}"]  # fmt: skip

    for tool_id, indicator_ids in framework.indicators_of_tool.items():
        for n, ind_id in enumerate(indicator_ids):
            ch = comparison.indicators.get(ind_id) if comparison else None
            table.add_row(
                tool_id if n == 0 else "", ind_id, framework.indicators[ind_id].name_th,
                *cells(scores.indicators[ind_id], ch),
            )  # fmt: skip
        ch = comparison.tools.get(tool_id) if comparison else None
        label = f"[bold]{tool_id} ({framework.tools[tool_id].weight:g} %)[/]"
        table.add_row("", "", label, *cells(scores.tools[tool_id], ch), end_section=True)
    out.print(table)
