"""Charts of the report, drawn with matplotlib from the context's chart data (PNG bytes).

Reports are printed in black and white by most agencies, so colour carries nothing here: each
series has its own grey and hatch pattern, and every bar carries its value (issue 5, "Charts").
Thai labels use the bundled Sarabun; matplotlib never wraps text, so long Thai labels are
broken by :func:`wrap_thai` at spaces (Thai puts spaces between phrases, not words).
"""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

from openita.reports.fonts import FONT_FAMILY, font_files
from openita.reports.model import ChartSpec, ReportContext
from openita.scoring.rounding import format_score

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DPI = 150
GREYS = ("0.35", "0.75", "0.55", "0.9", "0.45", "0.65")
HATCHES = ("", "//", "..", "xx", "\\\\", "--")
BAND_GREYS = ("0.80", "0.87", "0.93", "0.97", "1.0")
_MARGINS = {
    "gauge": {"left": 0.02, "right": 0.98, "bottom": 0.32, "top": 0.86},
    "bars": {"left": 0.1, "right": 0.98, "bottom": 0.13, "top": 0.97},
    "legend": {"left": 0.1, "right": 0.98, "bottom": 0.26, "top": 0.97},
    "hbars": {"left": 0.37, "right": 0.96, "bottom": 0.15, "top": 0.98},
}


@cache
def setup_matplotlib() -> None:
    """Select the non-interactive backend and register Sarabun once per process."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    for path in font_files():
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(
        {
            "font.family": FONT_FAMILY,
            "font.size": 11,
            "axes.titlesize": 13,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "hatch.linewidth": 0.6,
            "svg.fonttype": "none",
        }
    )


def wrap_thai(label: str, width: int = 22) -> str:
    """Break a label into lines of at most ``width`` characters at spaces."""
    lines: list[str] = []
    for word in label.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def render_chart(spec: ChartSpec) -> bytes:
    """One chart as PNG bytes."""
    setup_matplotlib()
    from matplotlib.figure import Figure

    height = 2.7 if spec.kind != "hbars" else 0.34 * len(spec.categories) + 0.9
    if spec.kind == "gauge":
        height = 1.7
    fig = Figure(figsize=(6.4, height), dpi=DPI)
    ax = fig.add_subplot()
    if spec.kind == "gauge":
        _gauge(ax, spec)
    elif spec.kind == "hbars":
        _hbars(ax, spec)
    else:
        _bars(ax, spec)
    # Fixed margins instead of tight_layout(): tight_layout draws the figure once more just to
    # measure its labels, which cost a third of the chart time in the 50-report batch.
    fig.subplots_adjust(
        **_MARGINS[spec.kind if spec.kind != "bars" or len(spec.series) < 2 else "legend"]
    )
    return _png(fig)


def render_charts(context: ReportContext) -> dict[str, bytes]:
    """Every chart of the report, by key (``overall``, ``indicators_2568`` …)."""
    return {spec.key: render_chart(spec) for spec in context.charts}


def _png(fig: Figure) -> bytes:
    """An 8-bit greyscale PNG of the figure.

    Every colour here is a grey, so one channel holds the whole picture: the PNG is a third of
    the RGBA size, and LibreOffice decodes and re-encodes it for the PDF in less time (measured
    in bench/report.py: ~0.1 s less per report). Fast zlib level: the DOCX zips it anyway.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    red = np.asarray(canvas.buffer_rgba())[:, :, 0]  # type: ignore[no-untyped-call]
    buffer = io.BytesIO()
    Image.fromarray(red, "L").save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def _label(value: float | None) -> str:
    return "" if value is None else format_score(value)


def _bars(ax: Axes, spec: ChartSpec) -> None:
    n = len(spec.series)
    width = 0.8 / max(n, 1)
    positions = range(len(spec.categories))
    for k, series in enumerate(spec.series):
        xs = [p - 0.4 + width * (k + 0.5) for p in positions]
        values = [v if v is not None else 0.0 for v in series.values]
        bars = ax.bar(
            xs,
            values,
            width * 0.92,
            label=series.label,
            color=GREYS[k % len(GREYS)],
            hatch=HATCHES[k % len(HATCHES)],
            edgecolor="black",
            linewidth=0.6,
        )
        ax.bar_label(
            bars,
            labels=[_label(v) for v in series.values],
            padding=2,
            fontsize=9 if n > 2 else 10,
            rotation=90 if n > 3 else 0,
        )
    ax.set_xticks(list(positions), [wrap_thai(c, 14) for c in spec.categories])
    ax.set_ylim(0, 132 if n > 3 else 118)  # rotated value labels need more headroom
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.set_ylabel("คะแนน")
    if n > 1:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=min(n, 5), frameon=False)


def _hbars(ax: Axes, spec: ChartSpec) -> None:
    series = spec.series[0]
    values = [v if v is not None else 0.0 for v in series.values]
    ys = list(range(len(spec.categories)))
    bars = ax.barh(
        ys, values, 0.7, color=GREYS[1], hatch=HATCHES[1], edgecolor="black", linewidth=0.6
    )
    ax.bar_label(bars, labels=[_label(v) for v in series.values], padding=3, fontsize=10)
    ax.set_yticks(ys, [wrap_thai(c, 26) for c in spec.categories])
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel("คะแนน")


def _gauge(ax: Axes, spec: ChartSpec) -> None:
    """The overall score as one bar across 0–100 over the level bands (docs/sources.md,
    "Levels")."""
    value = spec.series[0].values[0] or 0.0
    for k, band in enumerate(sorted(spec.bands, key=lambda b: b.lower)):
        ax.axvspan(band.lower, band.upper, color=BAND_GREYS[k % len(BAND_GREYS)], zorder=0)
        wide = band.upper - band.lower >= 9
        ax.text(
            (band.lower + band.upper) / 2 if wide else band.upper,
            0.95 if wide else 1.02,
            wrap_thai(band.label, 12) if wide else band.label,
            ha="center" if wide else "right",
            va="top" if wide else "bottom",
            fontsize=8,
            transform=ax.get_xaxis_transform(),
        )
    bar = ax.barh([0], [value], 0.32, color="0.25", edgecolor="black", zorder=2)
    ax.bar_label(
        bar,
        labels=[f"{format_score(value)} คะแนน ({spec.categories[0]})"],
        label_type="center",
        color="white",
        fontweight="bold",
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.5, 0.9)
    ax.set_yticks([])
    ax.set_xticks(sorted({0.0, 100.0, *(b.lower for b in spec.bands)}))
    ax.set_xlabel("คะแนน")
