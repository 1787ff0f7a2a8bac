"""Table column widths from the content, measured with the bundled font (issue 11, "Layout").

A template fixes each table's total width; how that width is shared between the columns is
decided here, after the template is filled, from what the cells hold: fixed widths made an
indicator name wrap to three lines beside a number column with room to spare.

Each column has a *minimum* width (its widest unbreakable piece: a Thai word, a number) and a
*maximum* width (its widest paragraph on one line). The width is then shared in three steps:

1. Narrow columns whose maximum fits in an even share of the width still unassigned, and in
   at most ``NARROW`` of the table, get their maximum (numbers, codes, units: never wrapped),
   repeated while another column comes to fit.
2. Columns whose maximum fits in two even shares of what is left are given at least half of it
   with a little air (short labels such as indicator names: at most two lines).
3. The rest is shared as browsers do for automatic table layout (CSS 2.1, 17.5.2.2): every
   column gets its minimum (or its floor from step 2) plus a part of the remaining width in
   proportion to how much more it could use (max − min); if even the minima do not fit, they
   are scaled down. Long prose columns thus absorb the wrapping, not the short ones.

Header rows (repeated on every page) count for the minima only, unless every column fits on one
line header included: "พ.ศ. 2567" over a column of scores may take two lines rather than widen
the column.

Widths are measured from Sarabun's advance widths (fontTools), in the paragraph's style size,
bold where the style is bold; Thai combining marks have no advance. Break opportunities are
spaces, the ZERO WIDTH SPACE marks that reports.thaibreak puts between Thai words, and a slash
or hyphen in Latin text; the no-break marks inside words are not breaks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from openita.reports.thaibreak import BREAK, visible

TWIPS_PER_PT = 20
CELL_MARGIN_TWIPS = 2 * 60 + 30  # the template's left + right cell margins, and a little air
SAFETY = 1.04  # shaping and rounding differences between this measure and the typesetter
DEFAULT_PT = 14.0
NARROW = 0.15  # share of the table width up to which a column is kept on one line (step 1)
_PIECES_SPLIT = (" ", BREAK, "\n", "\t")  # a no-break space (U+00A0) joins


@cache
def _advances(bold: bool) -> tuple[dict[int, int], float]:
    """Advance width per code point and the font's units per em."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    from openita.reports.fonts import FONT_DIR, FONT_FAMILY

    font = TTFont(str(FONT_DIR / f"{FONT_FAMILY}-{'Bold' if bold else 'Regular'}.ttf"))
    cmap = font.getBestCmap()
    metrics = font["hmtx"]
    widths = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    return widths, float(font["head"].unitsPerEm)


def text_width_twips(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of ``text`` on one line, in twips (1/20 pt)."""
    return _font_units(text, bold) * size_pt * TWIPS_PER_PT / _advances(bold)[1]


@lru_cache(maxsize=16384)
def _font_units(text: str, bold: bool) -> float:
    """The advance width of ``text`` in font units: cached, since table texts repeat (headers,
    indicator names, scores) and every cell's pieces are measured again for its minimum."""
    widths, units = _advances(bold)
    fallback = widths.get(ord("n"), units // 2)
    return sum(widths.get(ord(ch), fallback) for ch in visible(text))


def pieces(text: str) -> list[str]:
    """The pieces of ``text`` a line cannot break inside (words, numbers)."""
    for mark in _PIECES_SPLIT[1:]:
        text = text.replace(mark, " ")
    out: list[str] = []
    for word in text.split(" "):
        out.extend(p for p in word.replace("/", "/ ").replace("-", "- ").split(" ") if p)
    return out


def share(total: float, minima: list[float], maxima: list[float]) -> list[float]:
    """Column widths summing to ``total`` (the three steps in the module docstring)."""
    count = len(minima)
    maxima = [max(a, b) for a, b in zip(minima, maxima, strict=True)]
    widths: list[float | None] = [None] * count
    left = total
    while True:  # step 1: what fits whole
        open_columns = [k for k in range(count) if widths[k] is None]
        if not open_columns:
            break
        fair = left / len(open_columns)
        fitting = [k for k in open_columns if maxima[k] <= min(fair, NARROW * total)]
        if not fitting:
            break
        for k in fitting:
            widths[k] = maxima[k]
            left -= maxima[k]
    open_columns = [k for k in range(count) if widths[k] is None]
    if not open_columns:
        extra = left / count  # everything fits: share the spare width evenly
        return [float(w or 0.0) + extra for w in widths]
    floors = {k: minima[k] for k in open_columns}
    fair = left / len(open_columns)
    for k in open_columns:  # step 2: short labels on at most two lines
        if maxima[k] / 2 <= fair:
            floors[k] = max(minima[k], min(maxima[k], maxima[k] / 2 * 1.1))
    low = sum(floors.values())
    high = sum(maxima[k] for k in open_columns)
    for k in open_columns:  # step 3: the automatic table layout rule
        if low >= left:
            widths[k] = left * floors[k] / low if low else left / len(open_columns)
        elif high <= left:
            widths[k] = maxima[k] + (left - high) * maxima[k] / high
        else:
            widths[k] = floors[k] + (left - low) * (maxima[k] - floors[k]) / (high - low)
    return [float(w or 0.0) for w in widths]


def _style_font(style: Any) -> tuple[float, bool]:
    size: float | None = None
    bold: bool | None = None
    while style is not None and (size is None or bold is None):
        font = style.font
        if size is None and font.size is not None:
            size = font.size.pt
        if bold is None and font.bold is not None:
            bold = bool(font.bold)
        style = style.base_style
    return size or DEFAULT_PT, bool(bold)


def _cell_measure(cell: Any, fonts: dict[str, tuple[float, bool]]) -> tuple[float, float]:
    """(minimum, maximum) content width of one cell, in twips."""
    from docx.oxml.ns import qn

    low = high = 0.0
    for paragraph in cell.findall(qn("w:p")):
        style_id = None
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:pStyle")) is not None:
            style_id = ppr.find(qn("w:pStyle")).get(qn("w:val"))
        size, bold = fonts.get(style_id or "", (DEFAULT_PT, False))
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        if not text.strip():
            continue
        run_bold = bold or paragraph.find(f".//{qn('w:b')}") is not None
        high = max(high, text_width_twips(text, size, run_bold))
        for piece in pieces(text):
            low = max(low, text_width_twips(piece, size, run_bold))
    return low, high


@dataclass
class _Measured:
    """One table's columns as measured: what :func:`share` needs, and where to write widths."""

    columns: list[Any]  # the w:gridCol elements
    total: float
    minima: list[float]
    maxima: list[float]  # body rows only
    headed: list[float]  # header rows included
    spans: list[list[tuple[Any, int, int]]]  # per row: (w:tc, first column, span)
    header: tuple[str, ...]  # the visible text of the header rows' cells: the table's family


def _measure(table: Any, fonts: dict[str, tuple[float, bool]]) -> _Measured | None:
    from docx.oxml.ns import qn

    grid = table.find(qn("w:tblGrid"))
    if grid is None:
        return None
    columns = grid.findall(qn("w:gridCol"))
    total = sum(float(c.get(qn("w:w")) or 0) for c in columns)
    if len(columns) < 2 or total <= 0:
        return None
    minima = [0.0] * len(columns)
    maxima = [0.0] * len(columns)
    headed = [0.0] * len(columns)
    spans: list[list[tuple[Any, int, int]]] = []
    header_text: list[str] = []
    for row in table.findall(qn("w:tr")):
        header = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        position, cells = 0, []
        for cell in row.findall(qn("w:tc")):
            span_el = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            cells.append((cell, position, span))
            if header:
                header_text.append(visible("".join(t.text or "" for t in cell.iter(qn("w:t")))))
            if span == 1 and position < len(columns):
                low, high = _cell_measure(cell, fonts)
                minima[position] = max(minima[position], low + CELL_MARGIN_TWIPS)
                headed[position] = max(headed[position], high + CELL_MARGIN_TWIPS)
                if not header:
                    maxima[position] = max(maxima[position], high + CELL_MARGIN_TWIPS)
            position += span
        spans.append(cells)
    return _Measured(columns, total, minima, maxima, headed, spans, tuple(header_text))


def _widths(measured: list[_Measured]) -> list[int]:
    """The widths shared out for tables measured alike: each column as wide as it needs to be
    in the most demanding of them."""
    first = measured[0]

    def widest(lists: Iterable[list[float]]) -> list[float]:
        return [max(values) for values in zip(*lists, strict=True)]

    minima = widest(m.minima for m in measured)
    maxima = widest(m.maxima for m in measured)
    headed = widest(m.headed for m in measured)
    if sum(headed) * SAFETY <= first.total:
        maxima = headed
    shared = share(first.total, [m * SAFETY for m in minima], [m * SAFETY for m in maxima])
    new = [round(w) for w in shared]
    new[-1] += round(first.total) - sum(new)
    return new


def _apply(measured: _Measured, new: list[int]) -> None:
    from docx.oxml.ns import qn

    for column, width in zip(measured.columns, new, strict=True):
        column.set(qn("w:w"), str(width))
    for cells in measured.spans:
        for cell, position, span in cells:
            tcpr = cell.find(qn("w:tcPr"))
            width_el = tcpr.find(qn("w:tcW")) if tcpr is not None else None
            if width_el is not None:
                width_el.set(qn("w:w"), str(sum(new[position : position + span])))
                width_el.set(qn("w:type"), "dxa")


def paragraph_fonts(document: Any) -> dict[str, tuple[float, bool]]:
    """Size (pt) and boldness of every paragraph style, by style id."""
    from docx.enum.style import WD_STYLE_TYPE

    return {
        s.style_id: _style_font(s) for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH
    }


def fit_columns(document: Any, tables: Iterable[Any] | None = None) -> None:
    """Column widths from content for every table of the rendered ``document``'s body.

    Tables of one family — the same header row, column count and total width, such as the
    progress report's table per indicator or the appendix's two score tables — get the same
    widths, measured over all their rows, so their columns line up from one table to the next.
    Tables without a header row are fitted each on its own.
    """
    from docx.oxml.ns import qn

    fonts = paragraph_fonts(document)
    families: dict[tuple[object, ...], list[_Measured]] = {}
    for table in tables if tables is not None else document.element.body.iter(qn("w:tbl")):
        measured = _measure(table, fonts)
        if measured is None or not any(measured.maxima):
            continue
        if not measured.header:
            _apply(measured, _widths([measured]))
            continue
        key = (measured.header, len(measured.columns), round(measured.total))
        families.setdefault(key, []).append(measured)
    for family in families.values():
        widths = _widths(family)
        for measured in family:
            _apply(measured, widths)
