"""Column widths from content (reports.columns): measured text, the three-step sharing rule."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from openita.reports.columns import pieces, share, text_width_twips
from openita.reports.thaibreak import BREAK, mark_breaks, visible
from tests.reports.conftest import Rendered

CM = 567  # twips


def test_widths_always_sum_to_the_table_width() -> None:
    for minima, maxima in (
        ([100, 200, 300], [150, 5000, 400]),
        ([4000, 4000], [9000, 9000]),  # even the minima do not fit
        ([100, 100], [200, 300]),  # everything fits
    ):
        widths = share(6000, minima, maxima)
        assert sum(widths) == pytest.approx(6000)


def test_narrow_columns_stay_on_one_line_and_prose_takes_the_rest() -> None:
    total = 16 * CM
    # a code, a number, a short label, a long text
    minima = [0.8 * CM, 1.2 * CM, 2.0 * CM, 2.5 * CM]
    maxima = [0.8 * CM, 1.2 * CM, 5.5 * CM, 60 * CM]
    code, number, label, prose = share(total, minima, maxima)
    assert code == pytest.approx(0.8 * CM) and number == pytest.approx(1.2 * CM)
    assert label >= 5.5 * CM / 2  # at most two lines
    assert prose > label > code


def test_no_column_gets_less_than_its_longest_word_when_the_words_fit() -> None:
    minima = [3 * CM, 2 * CM, 4 * CM]
    widths = share(10 * CM, minima, [20 * CM, 3 * CM, 40 * CM])
    assert all(w >= m - 1 for w, m in zip(widths, minima, strict=True))


def test_thai_text_breaks_only_at_the_marks_between_words() -> None:
    marked = mark_breaks("การใช้ทรัพย์สินของราชการ")
    assert BREAK in marked
    assert [visible(p) for p in pieces(marked)] == ["การ", "ใช้", "ทรัพย์สิน", "ของ", "ราชการ"]
    assert pieces("1\u00a0ต.ค.\u00a02568 – 30\u00a0ก.ย.\u00a02569") == [
        "1\u00a0ต.ค.\u00a02568",
        "–",
        "30\u00a0ก.ย.\u00a02569",
    ]


def test_measured_widths_follow_the_font() -> None:
    assert text_width_twips("", 14) == 0
    assert text_width_twips("กก", 14) == pytest.approx(2 * text_width_twips("ก", 14))
    assert text_width_twips("ก\u0e34", 14) == text_width_twips("ก", 14)  # a mark has no advance
    assert text_width_twips("ก", 16) > text_width_twips("ก", 14)
    assert text_width_twips("ราชการ", 14, bold=True) > text_width_twips("ราชการ", 14)


def _grid(table) -> list[float]:
    columns = table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    return [int(c.get(qn("w:w"))) / CM for c in columns]


def test_the_rendered_report_fits_indicator_names_and_numbers(seed_docx: Rendered) -> None:
    document = Document(io.BytesIO(seed_docx.docx))
    tables = list(document.element.body.iter(qn("w:tbl")))
    indicator_table = next(t for t in tables if len(_grid(t)) == 6)
    widths = _grid(indicator_table)
    assert sum(widths) == pytest.approx(16.0, abs=0.01)  # the template's total width is kept
    name = "4 การใช้ทรัพย์สินของราชการ"
    assert widths[1] * CM >= text_width_twips(name, 14)  # the longest name on one line
    for column in (0, 2, 3, 4, 5):  # codes, scores, signed changes, directions: one line
        assert widths[column] * CM >= text_width_twips("99.07", 14)
    # every table keeps its template width: the widths are shared out, never added
    for table in tables:
        assert sum(_grid(table)) <= 25.5
