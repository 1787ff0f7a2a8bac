"""The DOCX: the template renders every section, sets Thai typesetting, and stays sandboxed."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from openita.reports.docx import TemplateRefused, default_template, render_docx
from openita.reports.model import ReportContext
from openita.reports.thaibreak import readable
from tests.conftest import SEED_2567, SEED_2568
from tests.reports.conftest import Rendered, flatten

ROOT = Path(__file__).resolve().parents[2]
INJECTION = "{{ ''.__class__.__mro__[1].__subclasses__() }}"


def docx_text(data: bytes) -> str:
    """All text of the document body, tables included, in document order, without the
    invisible Thai line-break marks and with no-break spaces read as spaces
    (reports.thaibreak.readable)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    text = "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)
    return readable(text.replace("&amp;", "&"))


def _template_with(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_docx_holds_every_number_name_and_section_of_the_seed(seed_docx: Rendered) -> None:
    text = docx_text(seed_docx.docx)
    flat = flatten(text)
    for needle in (
        "รายงานการนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
        "ประจำปีงบประมาณ พ.ศ. 2568",
        "เทศบาลตำบลคำบง",
        "อำเภอบ้านผือ จังหวัดอุดรธานี",
        "94.11",
        "ผ่านดีเยี่ยม",
        "ลดลง 4.89 คะแนน (ร้อยละ 4.94) เมื่อเทียบกับปีงบประมาณ พ.ศ. 2567 ซึ่งได้ 99.00 คะแนน",
        "สรุปผลการประเมินรายตัวชี้วัด",
        "การวิเคราะห์ผลการประเมิน",
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
        "ส่วนที่ 1 ผู้รับบริการหรือติดต่อราชการเข้าตอบด้วยตนเอง",
        "ส่วนที่ 1: 99.51",
        "ตัวชี้วัดย่อย 9.2 การบริหารงานและการใช้จ่ายงบประมาณ",
        "ภาคผนวก คะแนนรายข้อของผลการประเมิน ITA",
        "ส่วนที่ 2 การนำผลการวิเคราะห์แต่ละประเด็นไปสู่การปฏิบัติ",
        "1 ต.ค. 2568 – 30 ก.ย. 2569",
    ):
        assert flatten(needle) in flat, needle
    for year in (SEED_2567, SEED_2568):
        for value in year.values():
            assert f"{value:.2f}" in text
    for item in (
        "i1",
        "i10",
        "i12",
        "i13",
        "i14",
        "e1",
        "e6",
        "e7",
        "e8",
        "e9",
        "O7",
        "O12",
        "O23",
    ):
        assert re.search(rf"\b{item}\b", text), item


def test_every_thai_string_of_the_context_is_in_the_docx(seed_docx: Rendered) -> None:
    flat = flatten(docx_text(seed_docx.docx))
    missing = [s for s in seed_docx.context.thai_strings() if flatten(s) not in flat]
    assert not missing


def test_no_template_tag_is_left_in_the_output(seed_docx: Rendered) -> None:
    text = docx_text(seed_docx.docx)
    assert "{{" not in text and "{%" not in text


def test_styles_set_the_thai_complex_script_font_size_and_language() -> None:
    """Word and LibreOffice take Thai runs from w:cs / w:szCs / w:bCs / w:lang w:bidi."""
    doc = Document(io.BytesIO(default_template()))
    for name in ("Normal", "Heading 1", "Table Text", "Table Head"):
        rpr = doc.styles[name].element.rPr
        assert rpr is not None, name
        assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "Sarabun", name
        assert rpr.find(qn("w:szCs")) is not None, name
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH", name
    assert doc.styles["Normal"].element.rPr.find(qn("w:szCs")).get(qn("w:val")) == "32"  # 16 pt
    assert doc.styles["Heading 1"].element.rPr.find(qn("w:bCs")).get(qn("w:val")) == "1"


def test_template_is_a4_with_page_numbers_and_repeated_table_headers() -> None:
    doc = Document(io.BytesIO(default_template()))
    first = doc.sections[0]
    assert (round(first.page_width.cm, 1), round(first.page_height.cm, 1)) == (21.0, 29.7)
    assert 'w:instr="PAGE"' in first.footer._element.xml
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in doc.tables)


def test_committed_template_is_what_the_build_script_makes(tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_report_template.py"), str(out)],
        check=True,
        capture_output=True,
    )
    assert _members(out.read_bytes()) == _members(default_template()), (
        "run: uv run python scripts/build_report_template.py"
    )


def _members(docx: bytes) -> dict[str, bytes]:
    """Package parts, uncompressed: zlib builds may deflate the same bytes differently."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_the_kept_template_work_writes_the_parts_docxtpl_itself_writes(
    seed_context: ReportContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docx._template_class keeps patch_xml's result and passes over resolve_listing when a
    part has nothing for it: the same bytes as docxtpl's own DocxTemplate, for the report
    (twice: the second render takes the kept work) and for text with a newline and a tab."""
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    from openita.reports import docx
    from openita.reports.charts import render_charts

    charts = render_charts(seed_context)  # their drawings hold newlines between tags, not text
    listing = _template_with("{{ text }}")
    values = {"text": "บรรทัดแรก\nบรรทัดสอง\tแท็บ"}
    ours = [render_docx(seed_context, charts) for _ in range(2)]
    ours_listing = docx.fill_template(listing, values, [], {}, "t.docx")
    monkeypatch.setattr(docx, "_template_class", lambda: DocxTemplate)
    theirs = render_docx(seed_context, charts)
    theirs_listing = docx.fill_template(listing, values, [], {}, "t.docx")
    assert _members(ours[0]) == _members(theirs) == _members(ours[1])
    assert _members(ours_listing) == _members(theirs_listing)
    body = _members(ours_listing)["word/document.xml"].decode()
    assert "<w:br/>" in body and "<w:tab/>" in body  # docxtpl's listing still ran here


def _table_styles(docx: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
    return set(re.findall(r'<w:style w:type="table"[^>]*w:styleId="([^"]+)"', styles))


def test_the_report_keeps_only_the_table_styles_its_tables_use(seed_docx: Rendered) -> None:
    """The template's ~100 unused built-in table styles cost LibreOffice a third of its load
    time; every style a table names is still there."""
    assert len(_table_styles(default_template())) > 50
    with zipfile.ZipFile(io.BytesIO(seed_docx.docx)) as package:
        document = package.read("word/document.xml").decode("utf-8")
    named = set(re.findall(r'<w:tblStyle w:val="([^"]+)"', document))
    assert named == {"TableGrid"}
    assert _table_styles(seed_docx.docx) == {"TableGrid", "TableNormal"}  # + the default


def test_a_table_style_a_template_uses_is_kept_with_the_style_it_is_based_on(
    seed_context: ReportContext,
) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    doc = Document()
    derived = doc.styles.add_style("Agency Table", WD_STYLE_TYPE.TABLE)
    derived.base_style = doc.styles["Light Grid Accent 1"]
    doc.add_table(rows=1, cols=1, style="Agency Table").cell(0, 0).text = "{{ agency }}"
    out = io.BytesIO()
    doc.save(out)
    rendered = render_docx(seed_context, {}, out.getvalue())
    assert _table_styles(rendered) == {"AgencyTable", "LightGrid-Accent1", "TableNormal"}
    assert "เทศบาลตำบลคำบง" in docx_text(rendered)


def test_template_injection_is_refused(seed_context: ReportContext) -> None:
    with pytest.raises(TemplateRefused, match="sandbox"):
        render_docx(seed_context, {}, _template_with(INJECTION), "evil.docx")


def test_a_restyled_template_renders_with_the_same_context(seed_context: ReportContext) -> None:
    template = _template_with("{{ agency }}: {{ overall }} {{ level }}")
    text = docx_text(render_docx(seed_context, {}, template))
    assert "เทศบาลตำบลคำบง: 94.11 ผ่านดี" in text


def test_a_report_carries_no_preview_picture_or_second_style_copy_of_its_template(
    seed_context: ReportContext,
) -> None:
    """python-docx's default template (what an agency's template made with it starts from)
    carries a blank-page thumbnail, which file managers would show as the report's preview,
    and Word 2010's stylesWithEffects.xml; neither reaches the rendered report."""
    template = _template_with("{{ agency }}")
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        assert "docProps/thumbnail.jpeg" in package.namelist()
        assert "word/stylesWithEffects.xml" in package.namelist()
    rendered = render_docx(seed_context, {}, template)
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        names = package.namelist()
        package_rels = package.read("_rels/.rels").decode("utf-8")
    assert "docProps/thumbnail.jpeg" not in names and "thumbnail" not in package_rels
    assert "word/stylesWithEffects.xml" not in names
    assert "docProps/core.xml" in names and "เทศบาลตำบลคำบง" in docx_text(rendered)
    Document(io.BytesIO(rendered))  # still a package python-docx opens


def test_a_template_naming_an_unknown_field_is_refused(seed_context: ReportContext) -> None:
    with pytest.raises(TemplateRefused, match="does not render"):
        render_docx(seed_context, {}, _template_with("{{ no_such_field }}"))


def test_markup_in_an_agency_name_is_escaped(seed_context: ReportContext) -> None:
    from dataclasses import replace

    context = replace(seed_context, agency="อบต. A & B <ทดสอบ>")
    text = docx_text(render_docx(context, {}, _template_with("{{ agency }}")))
    assert "อบต. A & B <ทดสอบ>" in text.replace("&lt;", "<").replace("&gt;", ">")


def test_a_first_year_report_with_averages_renders_the_one_year_table_and_the_comparison() -> None:
    from openita.reports.job import ReportJob, render_job_docx
    from openita.reports.model import PeerAverage
    from tests.reports.conftest import seed_result

    job = ReportJob(result=seed_result(2568), peers=[PeerAverage("ค่าเฉลี่ยระดับประเทศ", 93.82)])
    _, docx = render_job_docx(job)
    text = docx_text(docx)
    assert "คะแนน พ.ศ. 2568" in text and "ผลต่าง" not in text  # the one-year table
    assert "เปรียบเทียบกับค่าเฉลี่ย" in text
    assert "94.11 (สูงกว่าค่าเฉลี่ย 0.29 คะแนน)" in text
    assert "{{" not in text and "{%" not in text
