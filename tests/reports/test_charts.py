"""Charts: one PNG per chart of the context, Thai-labelled, readable in greyscale print."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from openita.reports.charts import render_chart, render_charts, wrap_thai
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


def test_long_thai_labels_are_wrapped_at_spaces_only() -> None:
    label = "8 การปรับปรุงระบบการทำงาน ของหน่วยงาน"
    wrapped = wrap_thai(label, 12)
    assert wrapped.replace("\n", " ") == label
    words = label.split(" ")
    for line in wrapped.split("\n"):
        assert len(line) <= 12 or line in words  # a single long word is never cut
