"""Build the docxtpl template of the Thai ITA report: src/openita/reports/templates/report.docx.

    uv run python scripts/build_report_template.py [OUT.docx]

The template is generated, not hand-edited, so its Thai typesetting is reproducible and
reviewable: every style sets the complex-script font, size, bold and language (w:rFonts w:cs,
w:szCs, w:bCs, w:lang w:bidi="th-TH"), because Word and LibreOffice take Thai runs from those and
fall back to another font at ~11 pt without them (docs/sources.md, "Thai rendering"). Agencies
may open the result in Word, restyle it and pass it back with ``openita report --template``; the
Jinja tags (docxtpl syntax: ``{%p %}`` paragraph, ``{%tr %}`` table-row tags) must stay. The
output is byte-for-byte reproducible (fixed zip timestamps and document dates), so a test can
check that the committed template is what this script makes.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "openita" / "reports" / "templates" / "report.docx"
FONT = "Sarabun"
BODY_PT = 16
TABLE_PT = 14
FIXED_TIME = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
CELL_MARGIN_TWIPS = 60  # ~0.1 cm: narrow columns keep whole Thai words on a line
TEXT_WIDTH_CM = 16.0  # A4 portrait, 3 cm left and 2 cm right margins
TOC_LEVELS = 3  # Heading 1-3 in the table of contents; item headings (level 5) are left out


# --- Thai-aware styles -------------------------------------------------------------------------


def _set(parent: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    """Get or create ``parent/tag`` and set its ``w:`` attributes."""
    element: BaseOxmlElement | None = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def thai_run_properties(rpr: BaseOxmlElement, size_pt: float, bold: bool | None = None) -> None:
    """Latin and complex-script font, size and bold, and Thai as the complex-script language.

    Element order inside w:rPr matters to Word (CT_RPr sequence): rFonts, b, bCs, …, color,
    sz, szCs, …, lang — so the children are rebuilt in that order.
    """
    for child in list(rpr):
        if child.tag in {qn(t) for t in ("w:rFonts", "w:b", "w:bCs", "w:sz", "w:szCs", "w:lang")}:
            rpr.remove(child)
    fonts = OxmlElement("w:rFonts")
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    ordered: list[BaseOxmlElement] = [fonts]
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), "1" if bold else "0")
            ordered.append(element)
    half_points = str(round(size_pt * 2))
    tail: list[BaseOxmlElement] = []
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), half_points)
        tail.append(element)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")  # Latin runs (IIT, EIT, digits) break by English rules
    lang.set(qn("w:eastAsia"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")
    color = rpr.find(qn("w:color"))
    for element in reversed(ordered):
        rpr.insert(0, element)
    anchor = color if color is not None else ordered[-1]
    for element in reversed(tail):
        anchor.addnext(element)
    rpr.append(lang)


def _style(
    doc: DocumentObject,
    name: str,
    size_pt: float,
    *,
    bold: bool = False,
    base: str | None = "Normal",
    align: WD_ALIGN_PARAGRAPH | None = None,
    before: float = 0,
    after: float = 4,
    keep_next: bool = False,
) -> ParagraphStyle:
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, 1)  # WD_STYLE_TYPE.PARAGRAPH
    assert isinstance(style, ParagraphStyle)
    if base is not None and name != base:
        style.base_style = doc.styles[base]
    style.font.color.rgb = None
    style.font.italic = False
    style.font.cs_italic = False
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):  # the default Title has a blue rule under it
        ppr.remove(border)
    rpr = style.element.get_or_add_rPr()
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)
    thai_run_properties(rpr, size_pt, bold)
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    fmt.keep_with_next = keep_next
    if align is not None:
        fmt.alignment = align
    return style


def define_styles(doc: DocumentObject) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = _set(defaults, "w:rPrDefault")
        thai_run_properties(_set(rpr_default, "w:rPr"), BODY_PT)
    _style(doc, "Normal", BODY_PT, base=None, align=WD_ALIGN_PARAGRAPH.LEFT)
    _style(doc, "Title", 26, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _style(doc, "Subtitle", 20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _style(doc, "Cover Agency", 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _style(doc, "Heading 1", 20, bold=True, before=12, after=6, keep_next=True)
    _style(doc, "Heading 2", 18, bold=True, before=10, after=4, keep_next=True)
    _style(doc, "Heading 3", 17, bold=True, before=8, after=4, keep_next=True)
    _style(doc, "Heading 4", BODY_PT + 1, bold=True, before=10, after=2, keep_next=True)
    item = _style(doc, "Item Heading", BODY_PT, bold=True, before=4, after=2, keep_next=True)
    # Outline level 5 (0-based 4, under Heading 4): item headings show in the navigation pane
    # and the PDF bookmarks like the headings above them.
    _set(item.element.get_or_add_pPr(), "w:outlineLvl", val="4")
    _style(doc, "Caption", BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    _style(doc, "Figure", BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, after=8)
    _style(doc, "Body", BODY_PT, after=6).paragraph_format.first_line_indent = Cm(1.25)
    _style(doc, "Evidence", TABLE_PT, after=2).paragraph_format.left_indent = Cm(1.0)
    bullet = _style(doc, "Bullet", BODY_PT, after=2).paragraph_format
    bullet.left_indent, bullet.first_line_indent = Cm(1.75), Cm(-0.5)
    _style(doc, "Table Text", TABLE_PT, after=0)
    _style(doc, "Table Number", TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _style(doc, "Table Head", TABLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _style(doc, "Table Total", TABLE_PT, bold=True, after=0)
    # A group row of the appendix tables stays with the first item row under it.
    _style(doc, "Table Group", TABLE_PT, bold=True, after=0, keep_next=True)
    _style(doc, "Footer", TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _style(doc, "TOC Heading", 20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    for level in range(1, TOC_LEVELS + 1):  # Word's built-in "toc N" (LibreOffice: Contents N)
        entry = _style(doc, f"toc {level}", BODY_PT, bold=level == 1, after=2)
        entry.element.set(qn("w:styleId"), f"TOC{level}")
        entry.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        entry.paragraph_format.tab_stops.add_tab_stop(
            Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )


# --- page --------------------------------------------------------------------------------------


def page_setup(doc: DocumentObject) -> None:
    """A4 with Thai official-document margins; page numbers in the footer, none on the cover."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.footer_distance = Cm(1.0)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)


# --- content helpers ---------------------------------------------------------------------------


def para(doc: DocumentObject | _Cell, text: str, style: str = "Normal") -> Paragraph:
    return doc.add_paragraph(text, style=style)


def tag(doc: DocumentObject | _Cell, text: str) -> Paragraph:
    """A docxtpl paragraph tag (``{%p … %}``): the whole paragraph is replaced by Jinja."""
    return doc.add_paragraph(text, style="Normal")


def page_break(doc: DocumentObject) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


TOC_PLACEHOLDER = "สารบัญจะแสดงเมื่อปรับปรุงเขตข้อมูล (ใน Word: คลิกขวาที่ข้อความนี้ แล้วเลือก ปรับปรุงเขตข้อมูล)"


def table_of_contents(doc: DocumentObject, title: str = "สารบัญ") -> None:
    """A Word TOC field over the heading outline levels 1-3, on a page of its own.

    The field's result is a placeholder: the PDF converter updates it (reports/pdf.py runs
    LibreOffice's index update before exporting), and ``w:updateFields`` in the settings asks
    Word to update the fields when the DOCX is opened (Word shows a prompt: the documented
    behaviour of that setting).
    """
    para(doc, title, "TOC Heading")
    paragraph = para(doc, "", "Normal")

    def run_with(element: BaseOxmlElement) -> None:
        run = OxmlElement("w:r")
        run.append(element)
        paragraph._p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # Word: this field's result is stale
    run_with(begin)
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f' TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u '
    run_with(instruction)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    placeholder = OxmlElement("w:t")
    placeholder.text = TOC_PLACEHOLDER
    run_with(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)
    page_break(doc)


def update_fields_on_open(doc: DocumentObject) -> None:
    """``<w:updateFields w:val="true"/>``: Word updates the TOC (and every field) on open."""
    settings = doc.settings.element
    _set(settings, "w:updateFields", val="true")


def _cell_text(cell: _Cell, lines: list[tuple[str, str]]) -> None:
    """Fill a cell: its first paragraph exists already; add the rest."""
    first = True
    for text, style in lines:
        if first:
            paragraph = cell.paragraphs[0]
            paragraph.text = text
            paragraph.style = style
            first = False
        else:
            cell.add_paragraph(text, style=style)


def table(
    doc: DocumentObject,
    headers: list[str],
    widths_cm: list[float],
    body: list[list[list[tuple[str, str]]]],
    *,
    rows_split: bool = False,
) -> Table:
    """A grid table whose first row repeats on every page (w:tblHeader).

    ``body`` rows are lists of cells, each a list of (text, style) paragraphs; docxtpl row tags
    (``{%tr for … %}``) go in rows of their own. Rows are kept on one page (w:cantSplit) unless
    ``rows_split``: the plan's long rows may run over a page, under the repeated header, rather
    than leave half of each page empty.
    """
    t: Table = doc.add_table(rows=1 + len(body), cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    margins = _set(t._tbl.tblPr, "w:tblCellMar")
    for side in ("left", "right"):
        _set(margins, f"w:{side}", w=str(CELL_MARGIN_TWIPS), type="dxa")
    for row in t.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    for cell, text in zip(t.rows[0].cells, headers, strict=True):
        _cell_text(cell, [(text, "Table Head")])
    header_pr = t.rows[0]._tr.get_or_add_trPr()
    _set(header_pr, "w:tblHeader", val="1")
    for row, cells in zip(t.rows[1:], body, strict=True):
        # Keep a short row on one page: a finding read across a page break, with the repeated
        # header in between, is hard to follow (and to copy from the PDF).
        if not rows_split:
            _set(row._tr.get_or_add_trPr(), "w:cantSplit", val="1")
        if len(cells) == 1:  # a row tag: one merged cell
            merged = row.cells[0].merge(row.cells[-1])
            _cell_text(merged, cells[0])
            continue
        for cell, lines in zip(row.cells, cells, strict=True):
            _cell_text(cell, lines)
    grid = t._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(width * 567)))
    return t


def row_tag(text: str) -> list[list[tuple[str, str]]]:
    return [[(text, "Table Text")]]


def text(value: str, style: str = "Table Text") -> list[tuple[str, str]]:
    return [(value, style)]


# --- the report ---------------------------------------------------------------------------------


def cover(doc: DocumentObject) -> None:
    for _ in range(6):
        para(doc, "")
    para(doc, "{{ cover.title }}", "Title")
    para(doc, "{{ cover.subtitle }}", "Subtitle")
    para(doc, "{{ cover.year_line }}", "Subtitle")
    for _ in range(8):
        para(doc, "")
    para(doc, "{{ cover.agency }}", "Cover Agency")
    para(doc, "{{ cover.location }}", "Cover Agency")
    page_break(doc)


def results(doc: DocumentObject) -> None:
    para(doc, "ส่วนที่ 1 ผลการประเมินและการวิเคราะห์ผลการประเมิน ITA {{ year_text }}", "Heading 1")
    para(doc, "1. ผลการประเมินในภาพรวม", "Heading 2")
    para(doc, "{{ statement }}", "Body")
    table(
        doc,
        ["เครื่องมือการประเมิน", "คะแนน"],
        [12.0, 4.0],
        [
            row_tag("{%tr for t in tools %}"),
            [
                [
                    ("{{ t.id }} {{ t.name_th }}", "Table Text"),
                    ("{%p for p in t.parts %}", "Table Text"),
                    ("{{ p }}", "Evidence"),
                    ("{%p endfor %}", "Table Text"),
                ],
                text("{{ t.score }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
            [text("คะแนนภาพรวม ({{ level }})", "Table Total"), text("{{ overall }}", "Table Head")],
        ],
    )
    para(doc, "{{ target }}", "Body").paragraph_format.space_before = Pt(6)

    para(doc, "2. แผนภูมิผลการประเมิน", "Heading 2")
    tag(doc, "{%p for c in chart_images %}")
    para(doc, "แผนภูมิที่ {{ loop.index }} {{ c.title }}", "Caption")
    para(doc, "{{ c.image }}", "Figure")
    tag(doc, "{%p endfor %}")

    para(doc, "3. สรุปผลการประเมินรายตัวชี้วัด", "Heading 2")
    tag(doc, "{%p if indicator_table.years|length == 2 %}")
    rows = "indicator_table.rows"
    table(
        doc,
        [
            "แบบวัด",
            "ตัวชี้วัด",
            "พ.ศ. {{ indicator_table.years[0] }}",
            "พ.ศ. {{ indicator_table.years[1] }}",
            "ผลต่าง",
            "ทิศทาง",
        ],
        [2.0, 4.6, 2.5, 2.5, 2.0, 2.4],
        [
            row_tag(f"{{%tr for r in {rows} %}}"),
            [
                text("{{ r.tool }}", "Table Number"),
                text("{{ r.indicator }} {{ r.name }}"),
                text("{{ r.scores[0] }}", "Table Number"),
                text("{{ r.scores[1] }}", "Table Number"),
                text("{{ r.change }}", "Table Number"),
                text("{{ r.direction }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
            row_tag("{%tr for r in indicator_table.totals %}"),
            [
                text("{{ r.tool }}", "Table Head"),
                text("{{ r.name }}", "Table Total"),
                text("{{ r.scores[0] }}", "Table Number"),
                text("{{ r.scores[1] }}", "Table Number"),
                text("{{ r.change }}", "Table Number"),
                text("{{ r.direction }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
        ],
    )
    tag(doc, "{%p else %}")
    table(
        doc,
        ["แบบวัด", "ตัวชี้วัด", "คะแนน พ.ศ. {{ indicator_table.years[0] }}"],
        [2.5, 9.5, 4.0],
        [
            row_tag(f"{{%tr for r in {rows} %}}"),
            [
                text("{{ r.tool }}", "Table Number"),
                text("{{ r.indicator }} {{ r.name }}"),
                text("{{ r.scores[0] }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
            row_tag("{%tr for r in indicator_table.totals %}"),
            [
                text("{{ r.tool }}", "Table Head"),
                text("{{ r.name }}", "Table Total"),
                text("{{ r.scores[0] }}", "Table Head"),
            ],
            row_tag("{%tr endfor %}"),
        ],
    )
    tag(doc, "{%p endif %}")

    para(doc, "4. การวิเคราะห์ผลการประเมิน", "Heading 2")
    tag(doc, "{%p for a in analysis %}")
    para(doc, "{{ loop.index }}) {{ a.text }}", "Body")
    tag(doc, "{%p for b in a.bullets %}")
    para(doc, "• {{ b }}", "Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p if peers %}")
    para(doc, "5. เปรียบเทียบกับค่าเฉลี่ย", "Heading 2")
    table(
        doc,
        ["กลุ่มที่เปรียบเทียบ", "คะแนนเฉลี่ย", "คะแนนของหน่วยงาน"],
        [7.0, 3.5, 5.5],
        [
            row_tag("{%tr for p in peers %}"),
            [
                text("{{ p.label }}"),
                text("{{ p.score }}", "Table Number"),
                text("{{ overall }} ({{ p.difference }})"),
            ],
            row_tag("{%tr endfor %}"),
        ],
    )
    tag(doc, "{%p endif %}")


def recommendations(doc: DocumentObject) -> None:
    para(doc, "{{ recommendations_heading }}", "Heading 2")
    tag(doc, "{%p for t in recommendations %}")
    para(doc, "{{ t.heading }}", "Heading 3")
    para(doc, "{{ t.intro }}", "Body")
    tag(doc, "{%p for s in t.sections %}")
    tag(doc, "{%p if s.heading %}")
    para(doc, "{{ s.heading }}", "Heading 4")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for g in s.groups %}")
    tag(doc, "{%p if g.heading %}")
    para(doc, "{{ g.heading }}", "Heading 4")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if g.note %}")
    para(doc, "{{ g.note }}", "Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for it in g.entries %}")
    para(doc, "{{ it.label }}", "Item Heading")
    tag(doc, "{%p if it.issue %}")
    para(doc, "{{ it.issue }}", "Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if it.action %}")
    para(doc, "{{ it.action }}", "Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if it.evidence %}")
    evidence = para(doc, "หลักฐานที่เกี่ยวข้องในแบบวัด OIT", "Evidence")
    evidence.runs[0].bold = True
    evidence.paragraph_format.keep_with_next = True  # never alone at a page foot
    tag(doc, "{%p for e in it.evidence %}")
    para(doc, "• {{ e }}", "Evidence")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if g.after %}")
    para(doc, "{{ g.after }}", "Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")


def landscape_section(doc: DocumentObject) -> None:
    """Part 2 is a wide table: a landscape A4 section gives its five columns room."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.different_first_page_header_footer = False


def action_plan(doc: DocumentObject) -> None:
    landscape_section(doc)
    tag(doc, "{%p if plan %}")
    para(doc, "{{ plan.heading }}", "Heading 1")
    para(doc, "{{ plan.intro }}", "Body")
    table(
        doc,
        ["ประเด็น", "มาตรการ / โครงการ / กิจกรรม", "ผู้รับผิดชอบ", "ขั้นตอน / วิธีปฏิบัติ", "ระยะเวลา"],
        [4.2, 6.2, 3.2, 8.6, 3.0],
        [
            row_tag("{%tr for r in plan.rows %}"),
            [
                [
                    ("{%p for line in r.issue %}", "Table Text"),
                    ("{{ line }}", "Table Text"),
                    ("{%p endfor %}", "Table Text"),
                ],
                [("{{ r.measure }}", "Table Text"), ("ตัวชี้วัดความสำเร็จ: {{ r.kpi }}", "Table Text")],
                text("{{ r.unit }}"),
                [
                    ("{%p for s in r.steps %}", "Table Text"),
                    ("{{ s }}", "Table Text"),
                    ("{%p endfor %}", "Table Text"),
                ],
                text("{{ r.period }}"),
            ],
            row_tag("{%tr endfor %}"),
        ],
        rows_split=True,
    )
    tag(doc, "{%p else %}")
    para(doc, "ส่วนที่ 2 การนำผลการวิเคราะห์ไปสู่การปฏิบัติ", "Heading 1")
    para(doc, "ยังไม่มีแผนปฏิบัติการสำหรับรายงานฉบับนี้", "Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if notes %}")
    para(doc, "หมายเหตุเกี่ยวกับข้อมูล", "Heading 2")
    tag(doc, "{%p for n in notes %}")
    para(doc, "• {{ n }}", "Normal")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def portrait_section(doc: DocumentObject) -> None:
    """Back to portrait A4 (the first section's margins) after the landscape Part 2."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.different_first_page_header_footer = False


def appendix(doc: DocumentObject) -> None:
    """The appendix: every question and OIT item with its score (the seed's full tables), and
    which of them Part 1 gives a recommendation of its own (issue 11, deliver 4)."""
    portrait_section(doc)
    para(doc, "{{ appendix.heading }}", "Heading 1")
    para(doc, "{{ appendix.intro }}", "Body")
    tag(doc, "{%p for tb in appendix.tables %}")
    para(doc, "{{ tb.heading }}", "Heading 2")
    table(
        doc,
        ["ข้อ", "ประเด็น / รายการ", "คะแนน", "ข้อเสนอแนะ"],
        [1.3, 7.9, 3.9, 2.9],  # Sarabun 14 pt: "ส่วนที่ 2: 100.00" is 3.3 cm, bold "ข้อเสนอแนะ" 2.6
        [
            row_tag("{%tr for r in tb.rows %}"),
            row_tag("{%tr if r.group %}"),
            [[("{{ r.group }}", "Table Group")]],  # the indicator or sub-indicator, whole width
            row_tag("{%tr endif %}"),
            [
                text("{{ r.item }}", "Table Number"),
                text("{{ r.title }}"),
                [
                    ("{%p for s in r.scores %}", "Table Text"),
                    ("{{ s }}", "Table Number"),
                    ("{%p endfor %}", "Table Text"),
                ],
                text("{{ r.mark }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
        ],
    )
    tag(doc, "{%p endfor %}")


def build() -> bytes:
    doc = Document()
    define_styles(doc)
    page_setup(doc)
    # python-docx's default document starts with no paragraph; keep it that way.
    cover(doc)
    table_of_contents(doc)
    results(doc)
    recommendations(doc)
    action_plan(doc)
    appendix(doc)
    update_fields_on_open(doc)
    props = doc.core_properties
    props.title = "รายงานการนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    props.author = "OpenITA"
    props.last_modified_by = "OpenITA"
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    return _reproducible_zip(raw.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry timestamps so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build())
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
