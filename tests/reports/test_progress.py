"""The progress report: figures, chart, template, DOCX, PDF text layer and pages, CLI."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from typer.testing import CliRunner

from openita.analysis.plan import ActionPlan, ProgressNote, draft_plan, dump_plan
from openita.analysis.progress import report_round
from openita.analysis.recommendations import load_recommendations
from openita.analysis.weaknesses import analyse
from openita.cli import app
from openita.frameworks import load_framework
from openita.reports.progress import (
    STATUS_TH,
    TITLE,
    ProgressContext,
    build_progress_context,
    default_template,
    render_progress,
)
from openita.reports.progress_chart import status_figure
from openita.reports.thaibreak import readable
from tests.reports.conftest import flatten, needs_pdf_tools, seed_result

ROOT = Path(__file__).resolve().parents[2]
STATUSES = ("done", "in_progress", "not_started", "cancelled")


def tracked_plan() -> ActionPlan:
    """The seed agency's drafted plan for 2569, with notes through the year (fixed pattern)."""
    fw = load_framework(2568)
    plan = draft_plan(analyse(fw, seed_result(2568)), load_recommendations(2568), framework=fw)
    for k, m in enumerate(mm for s in plan.sections for mm in s.measures):
        final = STATUSES[k % 4]
        if final == "not_started":
            continue
        m.notes = [
            ProgressNote(date(2025, 12, 1), 20 + k, "in_progress", f"ประชุมชี้แจงครั้งที่ {k}",
                         [f"https://khambong.go.th/ita/{k}"]),
            ProgressNote(date(2026, 6, 1), 100 if final == "done" else 70 + k, final,
                         "เผยแพร่ผลการดำเนินงานบนเว็บไซต์"),
        ]  # fmt: skip
    return plan


@pytest.fixture(scope="module")
def plan() -> ActionPlan:
    return tracked_plan()


@pytest.fixture(scope="module")
def half_year(plan: ActionPlan) -> ProgressContext:
    return build_progress_context(plan, report_round(plan.fiscal_year, months=6))


def test_the_figures_follow_the_notes_up_to_the_round(plan: ActionPlan, half_year) -> None:
    measures = [m for s in plan.sections for m in s.measures]
    n = len(measures)
    # At 31 March every measure with notes is in progress (its June note is later).
    tracked = [k for k in range(n) if STATUSES[k % 4] != "not_started"]
    counts = {c.status: c.count for c in half_year.counts}
    assert counts[STATUS_TH["in_progress"]] == str(len(tracked))
    assert counts[STATUS_TH["not_started"]] == str(n - len(tracked))
    assert counts[STATUS_TH["done"]] == "0"
    assert half_year.total == str(n)
    assert half_year.percent == f"{sum(20 + k for k in tracked) / n:.2f}"
    assert half_year.cover.round_line == "รอบ 6 เดือน (1 ต.ค. 2568 – 31 มี.ค. 2569)"
    assert half_year.cover.date_line == "ข้อมูล ณ วันที่ 31 มีนาคม 2569"
    year_end = build_progress_context(plan, report_round(plan.fiscal_year, months=12))
    ends = {c.status: c.count for c in year_end.counts}
    assert ends[STATUS_TH["done"]] == str(sum(1 for k in range(n) if k % 4 == 0))
    assert ends[STATUS_TH["cancelled"]] == str(sum(1 for k in range(n) if k % 4 == 3))
    row = year_end.sections[0].rows[0]
    assert row.done == ["ประชุมชี้แจงครั้งที่ 0", "เผยแพร่ผลการดำเนินงานบนเว็บไซต์"]
    assert row.evidence == ["https://khambong.go.th/ita/0"]


def test_the_chart_counts_measures_by_status_per_indicator(plan: ActionPlan, half_year) -> None:
    (chart,) = half_year.charts
    assert chart.categories[0].startswith(plan.sections[0].indicator + ". ")
    totals = [sum(s.values[k] or 0 for s in chart.series) for k in range(len(chart.categories))]
    assert totals == [len(s.measures) for s in plan.sections]


def test_no_chart_text_is_clipped(half_year: ProgressContext) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = status_figure(half_year.charts[0])
    canvas_agg = FigureCanvasAgg(fig)
    canvas_agg.draw()
    renderer = canvas_agg.get_renderer()
    tight = fig.get_tightbbox(renderer)  # inches: every drawn artist, labels and legend
    page = fig.bbox_inches
    assert tight.x0 >= page.x0 and tight.y0 >= page.y0, (tight, page)
    assert tight.x1 <= page.x1 and tight.y1 <= page.y1, (tight, page)
    axis_label = fig.axes[0].xaxis.label.get_window_extent(renderer)
    assert fig.legends[0].get_window_extent(renderer).y1 < axis_label.y0  # no overlap
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == list(STATUS_TH.values())


def test_committed_template_is_what_the_build_script_makes(tmp_path: Path) -> None:
    out = tmp_path / "progress.docx"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_progress_template.py"), str(out)],
        check=True,
        capture_output=True,
    )
    members = [
        {n: z.read(n) for n in z.namelist()}
        for z in (zipfile.ZipFile(io.BytesIO(b)) for b in (out.read_bytes(), default_template()))
    ]
    assert members[0] == members[1], "run: uv run python scripts/build_progress_template.py"


@pytest.fixture(scope="module")
def rendered(plan: ActionPlan, tmp_path_factory: pytest.TempPathFactory):
    context, docx = render_progress(plan, report_round(plan.fiscal_year, months=12))
    path = tmp_path_factory.mktemp("progress") / "progress.docx"
    path.write_bytes(docx)
    return context, path


def test_the_docx_holds_every_figure_and_measure(rendered) -> None:
    context, path = rendered
    with zipfile.ZipFile(path) as docx:
        body = readable(docx.read("word/document.xml").decode())  # as a reader reads it
        images = [n for n in docx.namelist() if n.startswith("word/media/")]
    assert TITLE in body and "{{" not in body and "{%" not in body
    assert len(images) == 1
    for s in context.sections:
        assert s.heading in body
        for r in s.rows:
            assert r.measure in body


@needs_pdf_tools
def test_the_pdf_text_layer_has_every_number_and_thai_string(rendered, tmp_path: Path) -> None:
    from openita.reports.pdf import convert_files

    context, path = rendered
    (pdf,) = convert_files([path], tmp_path)
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = flatten(text)
    missing_numbers = [n for n in context.numbers() if n not in text]
    assert not missing_numbers, missing_numbers
    strings = context.thai_strings()
    assert len(strings) > 30
    missing = [s for s in strings if flatten(s) not in flat]
    assert not missing, missing[:5]
    order = ["1. สรุปผลการดำเนินงาน", "แผนภูมิที่ 1", "2. ผลการดำเนินงานรายมาตรการ", "การรับรองรายงาน"]
    body = flatten("\f".join(t for k, t in enumerate(text.split("\f")) if k != 1))  # no TOC
    positions = [body.find(flatten(s)) for s in order]
    assert -1 not in positions and positions == sorted(positions)
    # The summary and its chart on one page (a chart too tall for the rest of the page left
    # three quarters of it empty and the chart alone on the next).
    (summary_page,) = [
        page for page in text.split("\f")[2:] if flatten("1. สรุปผลการดำเนินงาน") in flatten(page)
    ]
    assert flatten("แผนภูมิที่ 1") in flatten(summary_page)
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)  # fmt: skip
    pages = sorted(tmp_path.glob("p*.png"))
    assert len(pages) >= 4
    for page in pages:
        with Image.open(page) as image:
            assert 255 - ImageStat.Stat(image.convert("L")).mean[0] > 0.5, page.name


def test_cli_makes_the_progress_report_of_a_round(tmp_path: Path, plan: ActionPlan) -> None:
    source = tmp_path / "plan.yaml"
    source.write_text(dump_plan(plan), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["report", "progress", str(source), "--round", "6", "-f", "docx", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    made = tmp_path / "progress-2569-6m.docx"
    assert made.exists() and str(made) in result.output
    assert not (tmp_path / "progress-2569-6m.pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--round", "9"], "use 6 or 12"),
        (["--as-of", "2026-13-01"], "not a date"),
        (["--as-of", "2569-03-31"], "Buddhist-era"),
        (["--as-of", "2024-01-01"], "before the plan's fiscal year"),
        (["--as-of", "2026-03-31", "--round", "6"], "not both"),
        (["-f", "odt"], "Bad --format"),
    ],
)
def test_cli_refuses_bad_options_and_writes_nothing(
    tmp_path: Path, plan: ActionPlan, args: list[str], message: str
) -> None:
    source = tmp_path / "plan.yaml"
    source.write_text(dump_plan(plan), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "progress", str(source), *args, "-o", str(out)])
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_the_main_report_command_still_takes_result_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", str(ROOT / "src/openita/examples/khambong-2568.json"), "-f", "docx",
              "-o", str(tmp_path)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "khambong-2568.docx").exists()
