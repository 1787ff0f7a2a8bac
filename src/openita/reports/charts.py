"""Charts of the report, drawn with matplotlib from the context's chart data (PNG bytes).

Reports are printed in black and white by most agencies, so colour carries nothing here: each
series has its own grey and hatch pattern, and every bar carries its value (issue 5, "Charts").
Thai labels use the bundled Sarabun; matplotlib never wraps text, so long Thai labels are
broken by :func:`wrap_thai` at spaces (Thai puts spaces between phrases, not words).

Layout is measured, not guessed (issue 11, "Layout"): once a chart is drawn on its canvas,
:func:`fit_layout` measures its text (tick labels, axis labels, value labels, the legend) with
the Agg renderer and sets the margins so every text lies inside the figure, and a legend that is
wider than the figure is given fewer columns. Measuring only lays the text out (metrics are
cached for the final draw), so it costs a fraction of a second draw; fixed margins clipped the
last year of a five-year legend. With ``digits="thai"`` every text of the chart, tick labels
included, is written in Thai digits (reports.digits).

Speed (issue 11, batch ≥ 2 reports/s): :func:`render_chart` draws on a figure kept per thread
and chart shape, wiped between charts (no new Axes, ticks or spines per chart); the renderer
caches each font's line-height metrics, each text's shaped glyphs and each glyph's bitmap (by
its position's fraction of a pixel); value labels skip matplotlib's test whether their point
lies inside the axes.
The pixels are those of new figures drawn by matplotlib's own renderer (tests; docs/reports.md,
"Speed of a batch").
"""

from __future__ import annotations

import io
import math
import threading
from functools import cache
from typing import TYPE_CHECKING, Any

from openita.reports.digits import Digits, convert_digits
from openita.reports.fonts import FONT_FAMILY, font_files
from openita.reports.model import ChartSpec, ReportContext
from openita.scoring.rounding import format_score

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend

DPI = 150
GREYS = ("0.35", "0.75", "0.55", "0.9", "0.45", "0.65")
HATCHES = ("", "//", "..", "xx", "\\\\", "--")
BAND_GREYS = ("0.80", "0.87", "0.93", "0.97", "1.0")
PAD_PX = 6  # free space between the outermost text and the canvas edge, in pixels
LEGEND_GAP_PX = 4  # between the axis' own labels and the legend under it
MAX_LEGEND_COLUMNS = 5
FIT_PASSES = 2  # measure and set; measure again and correct (value labels moved with the axes)
HBAR_LABEL_WIDTH = 26  # characters per line of an indicator name beside its bar


_RENDERERS = threading.local()
RENDERERS_KEPT = 8  # canvas sizes whose renderer (and its text metrics) a thread keeps


def canvas(fig: Figure) -> FigureCanvasAgg:
    """An Agg canvas for ``fig`` that draws with this thread's renderer of its size.

    matplotlib caches text metrics per renderer, and each new canvas makes its own renderer,
    so every chart measured its texts anew (tick labels, axis labels, indicator names, legend
    years repeat in every chart of every report). The renderers are kept per thread (a
    renderer is a pixel buffer: two threads must not draw on one) and per size; the pixels
    drawn are the same (bench/report.py, docs/reports.md "Numbers").
    """
    return _shared_renderer_canvas()(fig)


_FONT_HEIGHTS: dict[tuple[Any, float], tuple[float, float, float]] = {}
_SHAPED: dict[tuple[Any, ...], tuple[Any, Any]] = {}
SHAPED_KEPT = 4096  # shaped texts kept (then forgotten all at once): a report has ~200
_GLYPHS: dict[tuple[Any, ...], tuple[Any, Any, int, int]] = {}
GLYPHS_KEPT = 16384  # glyph bitmaps kept (then forgotten all at once): a report draws ~800


@cache
def _metrics_renderer() -> type[RendererAgg]:
    """The Agg renderer, with the font height metrics and each text's shaped glyphs cached.

    Every layout of a text (each measuring pass, each draw) looks its font up and reads the
    font's ``OS/2`` (or ``hhea``) and ``head`` tables for the line height: ~8 % of a chart's
    CPU, for the handful of (font, size) pairs a chart has. matplotlib asks a renderer that
    has ``_get_font_height_metrics`` for them (its PDF/PS renderers do); this one answers with
    the same computation as matplotlib's own (``Text._get_layout``), once per font and size.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
    from matplotlib.font_manager import fontManager, get_font

    class MetricsRenderer(RendererAgg):
        def _get_font_height_metrics(
            self, prop: Any
        ) -> tuple[float, float, float] | tuple[None, None, None]:
            key = (prop, self.dpi)
            known = _FONT_HEIGHTS.get(key)
            if known is not None:
                return known
            font = get_font(fontManager._find_fonts_by_props(prop))
            for table_name, gap, ascent, descent in (
                ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                ("hhea", "lineGap", "ascent", "descent"),
            ):
                table: Any = font.get_sfnt_table(table_name)  # type: ignore[call-overload]
                if table is None:
                    continue
                units_per_em = font.get_sfnt_table("head")["unitsPerEm"]  # type: ignore[index]
                scale = 1 / units_per_em * prop.get_size_in_points() * self.dpi / 72
                metrics = (
                    table[ascent] * scale,
                    -table[descent] * scale,
                    table[gap] * scale,
                )
                _FONT_HEIGHTS[(prop.copy(), self.dpi)] = metrics
                return metrics
            return None, None, None  # matplotlib measures the text instead

        def draw_text(
            self,
            gc: Any,
            x: float,
            y: float,
            s: str,
            prop: Any,
            angle: float,
            ismath: bool | str = False,
            mtext: Any = None,
        ) -> None:
            """Agg's own ``draw_text``, with the shaped glyphs of each text kept.

            Shaping a text (``FT2Font._layout``: which glyphs, at which offsets) was ~6 % of a
            chart's CPU, on every draw, for texts that repeat in every chart and report (tick
            labels, indicator names, years). The glyphs are still rendered at the text's
            position, as matplotlib does.
            """
            if ismath:
                super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)  # type: ignore[no-untyped-call]
                return
            features = mtext.get_fontfeatures() if mtext is not None else None
            language = mtext.get_language() if mtext is not None else None
            flags = get_hinting_flag()  # type: ignore[no-untyped-call]
            # The font as matplotlib prepares it for every text: its font objects are per
            # thread and made anew in a forked process, so the shapes are kept per font
            # object (held by the entry, so its id is not reused) and found only for it.
            font = self._prepare_font(prop)  # type: ignore[no-untyped-call]
            key = (id(font), s, prop.get_size_in_points(), self.dpi, flags, features, language)
            kept = _SHAPED.get(key)
            if kept is not None and kept[0] is font:
                items = kept[1]
            else:
                items = font._layout(s, flags=flags, features=features, language=language)
                if len(_SHAPED) >= SHAPED_KEPT:
                    _SHAPED.clear()
                _SHAPED[key] = (font, items)
            self._draw_glyphs(gc, x, y, angle, items, prop.get_size_in_points())

        def _draw_glyphs(
            self, gc: Any, x: float, y: float, angle: float, items: Any, size: float
        ) -> None:
            """Agg's ``_draw_text_glyphs_and_boxes`` for shaped glyphs, each rasterised once.

            FreeType rasterised every glyph of every text on every draw (~8 % of a chart's
            CPU), for glyphs that repeat at the same place in every chart (tick labels,
            indicator names, years). A glyph's bitmap depends only on the glyph, its font,
            size, angle and the fractional part of its position (1/64 px, the position
            matplotlib gives FreeType): moved by whole pixels, FreeType draws the same
            pixels moved. So each bitmap is kept under that key and drawn where it belongs.
            """
            from matplotlib.ft2font import RenderMode

            cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
            flags = get_hinting_flag()  # type: ignore[no-untyped-call]
            antialiased = gc.get_antialiased()
            mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
            matrix: Any = None
            for item in items:
                font = item.ft_object
                # The glyph's origin in FreeType's 26.6 units (y upwards), as matplotlib has it.
                tx = round(0x40 * (x + item.x * cos - item.y * sin))
                ty = round(0x40 * (self.height - y + item.x * sin + item.y * cos))
                fraction = (tx & 0x3F, ty & 0x3F)
                key = (id(font), item.glyph_index, size, self.dpi, flags, mode, angle, fraction)
                kept = _GLYPHS.get(key)
                if kept is None or kept[0] is not font:
                    if matrix is None:
                        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round()
                        matrix = matrix.astype(int)
                    font.set_size(size, self.dpi)
                    font._set_transform(matrix, [tx, ty])
                    bitmap = font._render_glyph(item.glyph_index, flags, mode)
                    buffer = bitmap.buffer
                    if not antialiased:
                        buffer *= 0xFF
                    if len(_GLYPHS) >= GLYPHS_KEPT:
                        _GLYPHS.clear()
                    # Held by the entry with its font, so the font's id is not reused.
                    kept = (font, buffer, bitmap.left - (tx >> 6), bitmap.top - (ty >> 6))
                    _GLYPHS[key] = kept
                buffer, left, top = kept[1], kept[2] + (tx >> 6), kept[3] + (ty >> 6)
                # draw_text_image's y is downwards and names the bitmap's bottom side.
                self._renderer.draw_text_image(
                    buffer, left, int(self.height) - top + buffer.shape[0], 0, gc
                )

    return MetricsRenderer


@cache
def _shared_renderer_canvas() -> type[FigureCanvasAgg]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer_class = _metrics_renderer()

    class SharedRendererCanvas(FigureCanvasAgg):
        def get_renderer(self) -> RendererAgg:
            w, h = self.get_width_height(physical=True)
            key = (w, h, self.figure.dpi)
            kept: dict[tuple[int, int, float], RendererAgg] = _RENDERERS.__dict__.setdefault(
                "by_size", {}
            )
            renderer = kept.pop(key, None)
            if renderer is None:
                renderer = renderer_class(w, h, self.figure.dpi)
                while len(kept) >= RENDERERS_KEPT:
                    kept.pop(next(iter(kept)))
            kept[key] = renderer  # most recently used last
            self.renderer = renderer
            self._lastKey = key
            return renderer

    return SharedRendererCanvas


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
    """Break a label into lines of about ``width`` characters, between words only.

    Spaces first (Thai puts them between phrases); a phrase longer than ``width`` is broken
    between its PyThaiNLP words (reports.thaibreak), never inside a word. Width counts every
    code point, combining marks too: a rough measure, the layout measures the real text.
    """
    from openita.reports.thaibreak import words

    lines: list[str] = []
    for phrase in label.split(" "):
        pieces = [phrase] if len(phrase) <= width else [w for w in words(phrase) if w]
        for k, piece in enumerate(pieces):
            joiner = " " if k == 0 else ""
            if lines and len(lines[-1]) + len(joiner) + len(piece) <= width:
                lines[-1] += joiner + piece
            else:
                lines.append(piece)
    return "\n".join(lines)


def chart_figure(spec: ChartSpec, digits: Digits = "arabic", *, reuse: bool = False) -> Figure:
    """One chart drawn and laid out on an Agg canvas, not yet rasterised (tests measure it).

    With ``reuse`` the chart is drawn on this thread's figure of the same kind, size and digits
    when there is one (see :func:`_wipe`), so the figure returned is only good until the next
    chart of that shape: :func:`render_chart` rasterises it at once.
    """
    setup_matplotlib()
    from matplotlib.figure import Figure

    height = 2.7
    if spec.kind == "gauge":
        height = 1.7
    elif spec.kind == "hbars":
        # A row per category, taller when a wrapped label needs more than two lines.
        lines = max(
            (wrap_thai(c, HBAR_LABEL_WIDTH).count("\n") + 1 for c in spec.categories), default=1
        )
        height = max(0.34, 0.17 * lines + 0.06) * len(spec.categories) + 0.9
    key = (spec.kind, height, digits)
    fig = _kept_figure(key) if reuse else None
    if fig is None:
        fig = Figure(figsize=(6.4, height), dpi=DPI)
        canvas(fig)  # measuring text needs the canvas' renderer
        ax = fig.add_subplot()
        if reuse:
            _keep_figure(key, fig)
    else:
        ax = fig.axes[0]
        _wipe(fig, ax)
    entries: tuple[list[Any], list[str]] | None = None
    if spec.kind == "gauge":
        _gauge(ax, spec)
    elif spec.kind == "hbars":
        _hbars(ax, spec)
    else:
        _bars(ax, spec)
        if len(spec.series) > 1:
            entries = ax.get_legend_handles_labels()
    if entries is not None and digits != "arabic":
        entries = (entries[0], [convert_digits(label, digits) for label in entries[1]])
    use_digits(fig, digits)
    fit_layout(fig, entries)
    return fig


def render_chart(spec: ChartSpec, digits: Digits = "arabic") -> bytes:
    """One chart as PNG bytes (drawn on a kept figure: the pixels are a new figure's)."""
    return _png(chart_figure(spec, digits, reuse=True))


_FIGURES = threading.local()
FIGURES_KEPT = 12  # chart shapes (kind, height, digits) whose figure a thread keeps


def _kept_figure(key: tuple[str, float, Digits]) -> Figure | None:
    kept: dict[tuple[str, float, Digits], Figure] = _FIGURES.__dict__.setdefault("by_shape", {})
    fig = kept.pop(key, None)
    if fig is not None:
        kept[key] = fig  # most recently used last
    return fig


def _keep_figure(key: tuple[str, float, Digits], fig: Figure) -> None:
    kept: dict[tuple[str, float, Digits], Figure] = _FIGURES.__dict__.setdefault("by_shape", {})
    while len(kept) >= FIGURES_KEPT:
        kept.pop(next(iter(kept)))
    kept[key] = fig


def _wipe(fig: Figure, ax: Axes) -> None:
    """Take a kept figure back to the state of a new one, keeping its axes and their ticks.

    A new figure costs a new Axes (its two Axis objects, spines, text objects) and the tick
    objects of every axis, each of five artists: that was ~25 % of a chart's CPU, and every
    report draws the same six shapes again. What a chart adds (bars, their value labels, band
    patches and names, the legend) is removed; the data limits, autoscaling and margins are
    reset; the ticks are set again by every chart (``set_ticks`` reuses the tick objects).
    ``tests/reports/test_charts.py`` checks that charts drawn on kept figures are the same
    pixels as on new ones.
    """
    import matplotlib

    for legend in list(fig.legends):
        legend.remove()
    for container in list(ax.containers):
        container.remove()
    for artist in [*ax.patches, *ax.texts, *ax.lines, *ax.collections, *ax.images]:
        artist.remove()
    ax.relim()  # no artist left: the data limits are null again
    ax.set_autoscale_on(True)
    ax.xaxis.set_inverted(False)
    ax.yaxis.set_inverted(False)
    rc = matplotlib.rcParams
    fig.subplots_adjust(
        left=rc["figure.subplot.left"],
        right=rc["figure.subplot.right"],
        bottom=rc["figure.subplot.bottom"],
        top=rc["figure.subplot.top"],
    )


def render_charts(context: ReportContext, digits: Digits = "arabic") -> dict[str, bytes]:
    """Every chart of the report, by key (``overall``, ``indicators_2568`` …)."""
    return {spec.key: render_chart(spec, digits) for spec in context.charts}


def use_digits(fig: Figure, digits: Digits) -> None:
    """Write every text of ``fig`` in ``digits``: texts now, tick labels when they are made.

    Tick labels are produced by each axis' formatter at draw time, so the formatters are
    wrapped; every other text (value labels, legend, band names) is converted in place.
    """
    if digits == "arabic":
        return
    from matplotlib.text import Text
    from matplotlib.ticker import Formatter

    class DigitsFormatter(Formatter):
        def __init__(self, inner: Formatter) -> None:
            self.inner = inner

        def __call__(self, x: float, pos: int | None = None) -> str:
            return convert_digits(str(self.inner(x, pos)), digits)

        def format_ticks(self, values: list[float]) -> list[str]:
            return [convert_digits(str(t), digits) for t in self.inner.format_ticks(values)]

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            inner = axis.get_major_formatter()
            if not isinstance(inner, DigitsFormatter):
                axis.set_major_formatter(DigitsFormatter(inner))
    for text in fig.findobj(Text):
        content = text.get_text()
        if content:
            text.set_text(convert_digits(content, digits))


def fit_layout(
    fig: Figure, legend_entries: tuple[list[Any], list[str]] | None = None
) -> Legend | None:
    """Margins from the measured text, so nothing is clipped (see the module docstring).

    ``legend_entries`` (handles, labels) become a figure legend at the bottom of the canvas,
    under the axis' labels, with as many columns as fit its width (five years: 3 + 2).
    """
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    width, height = fig.bbox.width, fig.bbox.height
    legend = _fitting_legend(fig, legend_entries, renderer, width) if legend_entries else None
    floor = PAD_PX  # where the lowest text of the axes may reach, from the canvas' foot
    if legend is not None:  # fixed to the foot of the canvas: it does not move with the axes
        floor = legend.get_window_extent(renderer).y1 + LEGEND_GAP_PX
    # Value labels sit at data positions, so they move less than the frame when the margins
    # change: a second pass corrects for that. Each pass measures every text (most of the
    # chart's cost besides drawing), so there are two, and the tests check the result.
    for _ in range(FIT_PASSES):
        changed = False
        for ax in fig.axes:
            frame = ax.get_window_extent(renderer)
            # Texts only: the bars themselves lie inside the frame, and measuring every patch
            # would cost more than the texts.
            tight = ax.get_tightbbox(renderer, bbox_extra_artists=list(ax.texts))
            if tight is None:
                continue
            wanted = (
                max(frame.x0 - tight.x0 + PAD_PX, 0.0) / width,
                1 - max(tight.x1 - frame.x1 + PAD_PX, 0.0) / width,
                max(frame.y0 - tight.y0 + floor, 0.0) / height,
                1 - max(tight.y1 - frame.y1 + PAD_PX, 0.0) / height,
            )
            params = fig.subplotpars
            now = (params.left, params.right, params.bottom, params.top)
            if all(abs(a - b) < 0.5 / width for a, b in zip(wanted, now, strict=True)):
                continue
            left, right, bottom, top = wanted
            fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top)
            changed = True
        if not changed:
            break
    return legend


def _fitting_legend(
    fig: Figure, entries: tuple[list[Any], list[str]], renderer: RendererBase, width: float
) -> Legend:
    handles, labels = entries
    columns = min(len(labels), MAX_LEGEND_COLUMNS)
    legend = _legend(fig, handles, labels, columns)
    while columns > 1 and legend.get_window_extent(renderer).width > width - 2 * PAD_PX:
        columns -= 1
        legend.remove()
        legend = _legend(fig, handles, labels, columns)
    return legend


def _legend(fig: Figure, handles: list[Any], labels: list[str], columns: int) -> Legend:
    """The legend centred at the foot of the canvas, ``PAD_PX`` above its edge.

    Entries read left to right, row by row (years in order): matplotlib fills a legend's
    columns top to bottom, so the entries are handed to it in the order that gives that.
    """
    rows = -(-len(labels) // columns)
    order = [
        r * columns + c
        for c in range(columns)
        for r in range(rows)
        if r * columns + c < len(labels)
    ]
    return fig.legend(
        [handles[k] for k in order],
        [labels[k] for k in order],
        loc="lower center",
        bbox_to_anchor=(0.5, PAD_PX / fig.bbox.height),
        ncols=columns,
        frameon=False,
        borderaxespad=0,
    )


def _png(fig: Figure) -> bytes:
    """An 8-bit greyscale PNG of the figure.

    Every colour here is a grey, so one channel holds the whole picture: the PNG is a third of
    the RGBA size, and LibreOffice decodes and re-encodes it for the PDF in less time (measured
    in bench/report.py: ~0.1 s less per report). Fast zlib level: the DOCX zips it anyway.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    agg = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else canvas(fig)
    agg.draw()  # type: ignore[no-untyped-call]
    red = np.asarray(agg.buffer_rgba())[:, :, 0]  # type: ignore[no-untyped-call]
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
            annotation_clip=False,  # see _gauge
        )
    ax.set_xticks(list(positions), [wrap_thai(c, 14) for c in spec.categories])
    ax.set_ylim(0, 132 if n > 3 else 118)  # rotated value labels need more headroom
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.set_ylabel("คะแนน")


def _hbars(ax: Axes, spec: ChartSpec) -> None:
    series = spec.series[0]
    values = [v if v is not None else 0.0 for v in series.values]
    ys = list(range(len(spec.categories)))
    bars = ax.barh(
        ys, values, 0.7, color=GREYS[1], hatch=HATCHES[1], edgecolor="black", linewidth=0.6
    )
    ax.bar_label(
        bars,
        labels=[_label(v) for v in series.values],
        padding=3,
        fontsize=10,
        annotation_clip=False,  # see _gauge
    )
    ax.set_yticks(ys, [wrap_thai(c, HBAR_LABEL_WIDTH) for c in spec.categories])
    ax.yaxis.set_inverted(True)  # first category on top (invert_yaxis would toggle a kept one)
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
        # A value label sits at its bar's end, inside the axes by the limits set here and in
        # _bars/_hbars: without this, every measuring pass and draw tested that point against
        # the axes' patch (~5 % of a chart's CPU) to decide whether to draw the label.
        annotation_clip=False,
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.5, 0.9)
    ax.set_yticks([])
    ax.set_xticks(sorted({0.0, 100.0, *(b.lower for b in spec.bands)}))
    ax.set_xlabel("คะแนน")
