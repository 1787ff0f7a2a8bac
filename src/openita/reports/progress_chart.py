"""The progress report's chart: measures by status per indicator, as stacked horizontal bars.

Black-and-white print like the main report's charts (reports/charts.py): each status has its
own grey and hatch, and every segment carries its count. Indicator names are long Thai labels,
so they sit on the y axis, wrapped at spaces; the legend goes under the axis. The figure is
laid out with fixed margins sized for labels wrapped at 30 characters (a layout engine would
draw it twice, doubling its cost); tests/reports/test_progress.py checks that the drawn text
stays inside the canvas.
"""

from __future__ import annotations

from openita.reports.charts import (
    DPI,
    GREYS,
    HATCHES,
    _png,
    setup_matplotlib,
    use_digits,
    wrap_thai,
)
from openita.reports.digits import Digits
from openita.reports.model import ChartSpec


def status_figure(spec: ChartSpec, digits: Digits = "arabic"):  # type: ignore[no-untyped-def]
    """The matplotlib figure of the chart (drawn by :func:`render_status_chart`)."""
    setup_matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = len(spec.categories)
    height = 0.32 * rows + 1.5  # 10 indicators: the chart fits under the summary table
    fig = Figure(figsize=(6.4, height), dpi=DPI)
    ax = fig.add_subplot()
    ys = list(range(rows))
    left = [0.0] * rows
    for k, series in enumerate(spec.series):
        values = [v or 0.0 for v in series.values]
        bars = ax.barh(
            ys,
            values,
            0.62,
            left=left,
            label=series.label,
            color=GREYS[k % len(GREYS)],
            hatch=HATCHES[k % len(HATCHES)],
            edgecolor="black",
            linewidth=0.6,
        )
        labels = [f"{v:.0f}" if v else "" for v in values]
        ax.bar_label(
            bars,
            labels=labels,
            label_type="center",
            fontsize=10,
            color="white" if k == 0 else "black",
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"} if k else None,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(ys, [wrap_thai(c, 30) for c in spec.categories])
    ax.invert_yaxis()
    most = max(left, default=0.0)
    ax.set_xlim(0, max(most, 1.0) * 1.05)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("จำนวนมาตรการ")
    fig.legend(loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=2, frameon=False)
    # Fixed margins in inches (labels wrapped at 30 characters, two legend rows): a layout
    # engine would draw the figure twice; the test measures the drawn text instead.
    fig.subplots_adjust(left=0.43, right=0.97, bottom=1.4 / height, top=1 - 0.12 / height)
    use_digits(fig, digits)
    return fig


def render_status_chart(spec: ChartSpec, digits: Digits = "arabic") -> bytes:
    """The chart as an 8-bit greyscale PNG."""
    return _png(status_figure(spec, digits))
