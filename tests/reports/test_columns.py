"""Column widths from content (reports.columns): measured text, the three-step sharing rule."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from openita.reports.columns import CELL_MARGIN_TWIPS, pieces, share, text_width_twips
from openita.reports.thaibreak import BREAK, mark_breaks, readable, visible
from tests.reports.conftest import Rendered, RenderedPdf, needs_pdf_tools

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


def test_a_phrase_joined_by_no_break_spaces_is_one_piece() -> None:
    # "ส่วนที่" is two PyThaiNLP words: without the rule, a break mark between them let the
    # score column be measured (and LibreOffice break the line) at "ส่วน|ที่ 1: 99.51".
    assert BREAK in mark_breaks("ส่วนที่ 1: 99.51")
    label = mark_breaks("ส่วนที่\u00a01:\u00a099.51")
    assert BREAK not in label and visible(label) == "ส่วนที่\u00a01:\u00a099.51"
    assert [visible(p) for p in pieces(label)] == ["ส่วนที่\u00a01:\u00a099.51"]
    # only the joined run is kept whole: the words around it may still break
    marked = mark_breaks("การให้บริการ ส่วนที่\u00a01 ผู้รับบริการ")
    assert [visible(p) for p in pieces(marked)] == [
        "การ", "ให้บริการ", "ส่วนที่\u00a01", "ผู้รับ", "บริการ"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("เมื่อเทียบกับปีงบประมาณ พ.ศ. 2567 ซึ่งได้ 99.00 คะแนน", "พ.ศ. 2567"),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๙", "พ.ศ. ๒๕๖๙"),  # Thai digits (--digits thai)
        ("(ข้อมูลปี พ.ศ. 2567)", "พ.ศ. 2567)"),
    ],
)
def test_a_year_stays_on_the_line_of_its_era(text: str, kept: str) -> None:
    """The seed report's PDF had "พ.ศ." alone at a line end five times. The text reads the
    same (a no-break space is read as a space); the column fitting measures one piece."""
    marked = mark_breaks(text)
    assert readable(marked) == text
    assert kept in [visible(p).replace("\u00a0", " ") for p in pieces(marked)]


def test_only_the_era_binds_a_number_next_to_thai_words_stays_breakable() -> None:
    """A no-break space beside a Thai letter let LibreOffice break the Thai word itself when
    the unit did not fit ("(ร้อย|ละ 4.94)", "1 ค|รั้ง"): those spaces stay ordinary."""
    marked = mark_breaks("ลดลง 4.89 คะแนน (ร้อยละ 4.94) ข้อ O12 ปีละ 1 ครั้ง พ.ศ. 25689")
    assert "\u00a0" not in marked  # 25689 is no year


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


def _appendix_lines(text: str) -> list[str]:
    start = text.rindex("ภาคผนวก คะแนนรายข้อ")  # the heading itself, not its TOC entry
    return [line.strip() for line in text[start:].splitlines()]


@needs_pdf_tools
def test_no_score_cell_of_the_appendix_wraps(seed_pdf: RenderedPdf) -> None:
    """Each EIT part's score reads on one line ("ส่วนที่ 1: 99.51"), never "ส่วนที่ 1:" / "99.51"
    (the text layer of the rendered PDF: one line per typeset line)."""
    lines = _appendix_lines(seed_pdf.text)
    labels = [line for line in lines if re.search(r"ส่วนที่ \d+:", line)]
    assert len(labels) == 10  # e1, e6, e7, e8, e9: two parts each
    for line in labels:
        assert re.search(r"ส่วนที่ \d+: \d+\.\d\d$", line), line
    # and no line of the appendix is a score alone that was cut from its label
    for before, line in itertools.pairwise(lines):
        assert not (before.endswith(":") and re.fullmatch(r"\d+\.\d\d", line)), (before, line)


def test_the_appendix_score_column_holds_each_score_on_one_line(seed_docx: Rendered) -> None:
    """The same with the Sarabun metrics: the score column is at least as wide as its widest
    line plus the cell margins."""
    document = Document(io.BytesIO(seed_docx.docx))
    table = next(
        t
        for t in document.element.body.iter(qn("w:tbl"))
        if "ส่วนที่\u00a01:" in visible("".join(x.text or "" for x in t.iter(qn("w:t"))))
    )
    score_column = _grid(table)[2] * CM
    widest = max(
        text_width_twips(visible("".join(x.text or "" for x in p.iter(qn("w:t")))), 14)
        for row in table.findall(qn("w:tr"))[1:]
        for cell in row.findall(qn("w:tc"))[2:3]
        for p in cell.findall(qn("w:p"))
    )
    assert widest > text_width_twips("100.00", 14)
    assert score_column >= widest + CELL_MARGIN_TWIPS


def _headed_table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=0, cols=len(header))
    for texts, is_header in [(header, True), *((r, False) for r in rows)]:
        row = table.add_row()
        if is_header:
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    return table._tbl


def test_tables_with_the_same_header_share_their_widths_and_others_keep_their_own() -> None:
    """The progress report has one table per indicator: with widths fitted table by table the
    columns jumped from one table to the next ("-" in a column made it narrow in one table
    only). Tables of one family are measured together, so every column fits its widest cell in
    any of them; a table with another header is fitted on its own."""
    from openita.reports.columns import fit_columns

    document = Document()
    header = ["มาตรการ", "ผู้รับผิดชอบ", "ร้อยละ", "ผลการดำเนินงาน"]
    long_unit = "งานประชาสัมพันธ์"  # one piece: it never wraps
    long_done = mark_breaks("ประชุมชี้แจงแนวทางการปฏิบัติงานให้บุคลากรทุกคนรับทราบและถือปฏิบัติ " * 3)
    first = _headed_table(document, header, [["ทบทวนคู่มือ", long_unit, "100", "-"]])
    second = _headed_table(document, header, [["เผยแพร่รายงาน", "กองคลัง", "7", long_done]])
    other = _headed_table(document, ["ข้อ", "คะแนน"], [["O1", "100.00"]])
    alone = _headed_table(Document(), header, [["เผยแพร่รายงาน", "กองคลัง", "7", long_done]])
    width = sum(_grid(first))  # the template's total width, which fitting keeps
    fit_columns(document)
    fit_columns(document, [alone])  # the same styles; fitted on its own
    assert _grid(first) == _grid(second)
    assert _grid(first) != _grid(alone)  # alone, its unit column would be narrower
    assert _grid(first)[1] * CM >= text_width_twips(long_unit, 14) + CELL_MARGIN_TWIPS
    assert _grid(first)[3] > _grid(first)[1]  # the prose column still takes the rest
    assert sum(_grid(first)) == pytest.approx(width, abs=0.01)
    assert len(_grid(other)) == 2 and sum(_grid(other)) == pytest.approx(width, abs=0.01)


def test_the_progress_reports_tables_per_indicator_line_up(tmp_path) -> None:
    from openita.analysis.progress import report_round
    from openita.reports.progress import render_progress
    from tests.reports.test_progress import tracked_plan

    plan = tracked_plan()
    _, data = render_progress(plan, report_round(plan.fiscal_year, months=12))
    grids = [
        _grid(t)
        for t in Document(io.BytesIO(data)).element.body.iter(qn("w:tbl"))
        if len(_grid(t)) == 6  # มาตรการ, ผู้รับผิดชอบ, สถานะ, ร้อยละ, ผลการดำเนินงาน, หลักฐาน
    ]
    assert len(grids) == len(plan.sections) >= 10
    assert all(grid == grids[0] for grid in grids)
