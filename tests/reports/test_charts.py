"""Charts: one PNG per chart of the context, Thai-labelled, readable in greyscale print."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from openita.reports.charts import chart_figure, render_chart, render_charts, wrap_thai
from openita.reports.digits import DIGITS, Digits
from openita.reports.model import ChartSpec, ReportContext, Series


def test_every_chart_of_the_context_is_rendered_as_png(seed_context: ReportContext) -> None:
    charts = render_charts(seed_context)
    assert list(charts) == [c.key for c in seed_context.charts]
    assert {"overall", "overall_history", "tools", "tools_history"} <= set(charts)
    assert {"indicators_2567", "indicators_2568"} <= set(charts)
    for data in charts.values():
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG"
            assert image.width > 600


def test_charts_use_no_colour_so_greyscale_printing_loses_nothing(
    seed_context: ReportContext,
) -> None:
    for key, data in render_charts(seed_context).items():
        with Image.open(io.BytesIO(data)) as image:
            pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
        coloured = int(((pixels.max(axis=2) - pixels.min(axis=2)) > 12).sum())
        assert coloured == 0, f"{key} has {coloured} coloured pixels"


def test_series_are_told_apart_by_hatch_not_colour_alone() -> None:
    from openita.reports import charts

    assert len(set(charts.HATCHES)) == len(charts.HATCHES)
    two_years = ChartSpec(
        "t",
        "bars",
        "ทดสอบ",
        ["IIT", "EIT"],
        [Series("2567", [90.0, 91.0]), Series("2568", [92.0, None])],
    )
    assert render_chart(two_years).startswith(b"\x89PNG")


def test_long_thai_labels_are_wrapped_at_spaces_first_then_between_words() -> None:
    label = "8 การปรับปรุงระบบการทำงาน ของหน่วยงาน"
    assert wrap_thai(label, 30) == "8 การปรับปรุงระบบการทำงาน\nของหน่วยงาน"  # at the space
    wrapped = wrap_thai(label, 12)  # the phrase is longer than a line: between its words
    assert wrapped.replace("\n", "") == label.replace(" ", "", 1).replace(" ", "") or (
        wrapped.replace("\n", "").replace(" ", "") == label.replace(" ", "")
    )
    assert wrapped.split("\n") == ["8", "การปรับปรุง", "ระบบการทำงาน", "ของหน่วยงาน"]


# --- layout: no text outside the canvas ----------------------------------------------------------

LONG_INDICATORS = [
    "1 การปฏิบัติหน้าที่",
    "4 การใช้ทรัพย์สินของราชการเพื่อประโยชน์ส่วนตนและการป้องกันผลประโยชน์ทับซ้อน",
    "7 ประสิทธิภาพการสื่อสารกับผู้รับบริการและผู้มีส่วนได้ส่วนเสียภายนอก",
    "10 การป้องกันการทุจริต",
]
FIVE_YEARS = [2564, 2565, 2566, 2567, 2568]


def five_year_specs() -> list[ChartSpec]:
    """A five-year history (chart 4 lost its last year's legend entry) with long Thai labels."""
    return [
        ChartSpec(
            "overall_history",
            "bars",
            "ย้อนหลัง",
            [f"พ.ศ. {y}" for y in FIVE_YEARS],
            [Series("คะแนนภาพรวม", [88.5, 91.25, 99.0, 100.0, 94.11])],
        ),
        ChartSpec(
            "tools_history",
            "bars",
            "รายเครื่องมือย้อนหลัง",
            ["IIT", "EIT", "OIT"],
            [Series(f"พ.ศ. {y}", [99.99, 100.0, 100.0]) for y in FIVE_YEARS],
        ),
        ChartSpec(
            "tools",
            "bars",
            "รายเครื่องมือ",
            ["IIT", "EIT", "OIT", "EIT ส่วนที่ 1 ผู้รับบริการหรือติดต่อราชการเข้าตอบด้วยตนเอง"],
            [Series("2568", [100.0, 99.81, 86.25, 99.51])],
        ),
        ChartSpec(
            "indicators",
            "hbars",
            "รายตัวชี้วัด",
            LONG_INDICATORS,
            [Series("2568", [100.0, 96.85, 99.8, 90.0])],
        ),
    ]


def outside_canvas(spec: ChartSpec, digits: Digits) -> list[str]:
    """Every visible text of the drawn chart whose box reaches past the canvas edge."""
    from matplotlib.text import Text

    fig = chart_figure(spec, digits)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    canvas = fig.bbox
    outside = []
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert texts, spec.key
    for text in texts:
        box = text.get_window_extent(renderer)
        if box.x0 < 0 or box.y0 < 0 or box.x1 > canvas.width or box.y1 > canvas.height:
            outside.append(f"{spec.key}: {text.get_text()!r} at {box.bounds}")
    tight = fig.get_tightbbox(renderer)  # inches: every artist, legend included
    if not fig.bbox_inches.contains(tight.x0, tight.y0) or not fig.bbox_inches.contains(
        tight.x1, tight.y1
    ):
        outside.append(f"{spec.key}: tight box {tight.bounds} beyond {fig.bbox_inches.bounds}")
    return outside


@pytest.mark.parametrize("digits", DIGITS)
def test_no_text_of_the_seed_charts_is_clipped(seed_context: ReportContext, digits: Digits) -> None:
    problems = [p for spec in seed_context.charts for p in outside_canvas(spec, digits)]
    assert problems == []


@pytest.mark.parametrize("digits", DIGITS)
def test_no_text_of_a_five_year_history_with_long_labels_is_clipped(digits: Digits) -> None:
    problems = [p for spec in five_year_specs() for p in outside_canvas(spec, digits)]
    assert problems == []


def test_a_five_year_legend_shows_every_year_in_order() -> None:
    spec = five_year_specs()[1]
    fig = chart_figure(spec)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    (legend,) = fig.legends
    entries = sorted(
        (
            (-round(t.get_window_extent(renderer).y0), t.get_window_extent(renderer).x0),
            t.get_text(),
        )
        for t in legend.get_texts()
    )  # top row first, then left to right
    assert [label for _, label in entries] == [f"พ.ศ. {y}" for y in FIVE_YEARS]
    legend_box = legend.get_window_extent(renderer)
    axis_box = fig.axes[0].get_tightbbox(renderer)
    assert legend_box.y1 <= axis_box.y0  # under the tick labels, not over them


def test_long_labels_wrap_between_words_and_keep_every_character() -> None:
    label = LONG_INDICATORS[1]
    wrapped = wrap_thai(label, 26)
    lines = wrapped.split("\n")
    assert len(lines) > 2
    assert "".join(lines).replace(" ", "") == label.replace(" ", "")
    assert "ประโยชน์" in wrapped and "ทับซ้อน" in wrapped  # no word cut at a line end
    assert all(len(line) <= 26 for line in lines)


def test_thai_digits_reach_every_text_of_a_chart_tick_labels_included() -> None:
    from matplotlib.text import Text

    for spec in five_year_specs():
        fig = chart_figure(spec, "thai")
        fig.canvas.draw()
        texts = [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
        assert any(ch in "๐๑๒๓๔๕๖๗๘๙" for text in texts for ch in text), spec.key
        arabic = [t for t in texts if re.search(r"(?<![A-Za-z0-9])[0-9]", t)]
        assert arabic == [], spec.key


# --- speed without a changed pixel ---------------------------------------------------------------


def test_charts_drawn_on_kept_figures_are_the_pixels_of_new_figures(
    seed_context: ReportContext,
) -> None:
    from openita.reports.charts import _png

    # Shapes alternate so that every kept figure last held a different chart of its kind
    # (two years then five, a legend then none, a gauge's bands, Thai digits then Arabic).
    specs = [*seed_context.charts, *five_year_specs(), *seed_context.charts[::-1]]
    for digits in ("arabic", "thai", "arabic"):
        for spec in specs:
            fresh = _png(chart_figure(spec, digits))
            assert render_chart(spec, digits) == fresh, (spec.key, digits)


def test_the_cached_font_heights_lay_text_out_as_matplotlib_does(
    seed_context: ReportContext,
) -> None:
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.text import Text

    lines = set()
    for spec in [*seed_context.charts, *five_year_specs()]:
        fig = chart_figure(spec)
        fig.canvas.draw()
        cached = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        assert hasattr(cached, "_get_font_height_metrics")
        plain = RendererAgg(int(fig.bbox.width), int(fig.bbox.height), fig.dpi)  # type: ignore[no-untyped-call]
        texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
        for text in texts:
            lines.add(text.get_text().count("\n") + 1)
            assert text.get_window_extent(cached).bounds == text.get_window_extent(plain).bounds
    assert {1, 2, 3} <= lines  # multi-line texts: their line height is the cached metric


@pytest.mark.parametrize("digits", DIGITS)
def test_charts_are_the_pixels_matplotlibs_own_renderer_draws(
    seed_context: ReportContext, digits: Digits
) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for spec in [*seed_context.charts, *five_year_specs()]:
        fig = chart_figure(spec, digits)
        ours = fig.canvas
        ours.draw()
        ours.draw()  # the second draw takes the shaped texts from the cache
        cached = np.asarray(ours.buffer_rgba()).copy()  # type: ignore[attr-defined]
        plain = FigureCanvasAgg(fig)  # matplotlib's renderer: no cached metrics or shapes
        plain.draw()
        assert type(plain.get_renderer()).__name__ == "RendererAgg"
        assert np.array_equal(cached, np.asarray(plain.buffer_rgba())), (spec.key, digits)


def test_a_kept_glyph_drawn_whole_pixels_away_is_the_pixels_freetype_draws_there() -> None:
    """The glyph bitmaps are kept by fractional position: the same text at whole-pixel
    offsets (bitmaps from the cache), at other fractions and turned 90° (new bitmaps) is
    the picture matplotlib's own renderer draws."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from openita.reports import charts

    charts.setup_matplotlib()
    charts._GLYPHS.clear()
    fig = Figure(figsize=(4, 3), dpi=charts.DPI)
    ours = charts.canvas(fig)
    for k, (x, y) in enumerate([(10, 20), (13, 25), (47, 90), (10.3, 140.6), (200, 40)]):
        fig.text(x, y, "ประสิทธิภาพ 98.89", transform=None, rotation=90 if k == 4 else 0)
    ours.draw()  # type: ignore[no-untyped-call]
    assert charts._GLYPHS  # the bitmaps were kept …
    kept = len(charts._GLYPHS)
    ours.draw()  # type: ignore[no-untyped-call]
    assert len(charts._GLYPHS) == kept  # … and the second draw took every one from the cache
    plain = FigureCanvasAgg(fig)
    plain.draw()
    assert np.array_equal(np.asarray(ours.buffer_rgba()), np.asarray(plain.buffer_rgba()))


def test_the_chart_png_holds_exactly_the_drawn_pixels(seed_context: ReportContext) -> None:
    for spec in seed_context.charts:
        fig = chart_figure(spec)
        fig.canvas.draw()
        drawn = np.asarray(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
        assert (drawn[:, :, 0] == drawn[:, :, 1]).all() and (drawn[:, :, 3] == 255).all()
        with Image.open(io.BytesIO(render_chart(spec))) as image:
            image.load()
            assert image.mode == "L" and image.size == (drawn.shape[1], drawn.shape[0])
            assert np.array_equal(np.asarray(image), drawn[:, :, 0]), spec.key


def test_a_forked_process_draws_the_charts_its_parent_drew(seed_context: ReportContext) -> None:
    """matplotlib makes its font objects anew in a forked child; no kept shape may outlive them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    specs = list(seed_context.charts)
    drawn = [render_chart(spec) for spec in specs]  # the parent's caches are full
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert list(pool.map(render_chart, specs)) == drawn


def test_a_first_year_report_has_no_history_chart_repeating_its_year() -> None:
    """With one year there is nothing to look back on: the history charts would draw the same
    bars as the year's own charts, so they are left out and the numbering runs on."""
    from openita.ingest import read_result
    from openita.reports.job import ReportJob, build_job_context
    from tests.reports.conftest import EXAMPLES

    job = ReportJob(result=read_result(EXAMPLES / "synthetic-2569.json").result, name="first")
    keys = [c.key for c in build_job_context(job).charts]
    assert keys == ["overall", "tools", "indicators_2569"]
