"""``--digits``: Arabic digits by default, Thai digits throughout with ``--digits thai``.

Checked where a reader sees them, in the PDF text layer of the main report and the progress
report made by the CLI. What keeps its Arabic digits, by decision (reports/digits.py): codes
written with Latin letters (O12, i3, e1: the ITA manual's identifiers) and web addresses. The
page numbers in the footers and the table of contents follow the option too.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openita.analysis.plan import dump_plan
from openita.cli import app
from openita.reports.charts import render_charts
from openita.reports.digits import Digits, convert_digits
from openita.reports.docx import render_docx
from openita.reports.model import ReportContext
from tests.reports.conftest import EXAMPLES, RenderedPdf, flatten, needs_pdf_tools
from tests.reports.test_progress import tracked_plan

THAI_DIGIT = re.compile("[๐-๙]")
ARABIC_NUMBER = re.compile(r"(?<![A-Za-z0-9])[0-9]+")
TOC_PAGE = re.compile(r"\.{4,}\s*[๐-๙]+$")
LINK = re.compile(r"\S*(?:https?://|www\.|\.go\.th|@)\S*|\S+/\S*")


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def body_lines(text: str, digits: Digits) -> list[str]:
    """The text of every page without its page number in ``digits`` (the last line when it is
    one); a web address broken after a slash is joined again."""
    text = re.sub(r"/\n", "/", text)
    lines: list[str] = []
    for number, page in enumerate(text.split("\f"), start=1):
        page_lines = [line.strip() for line in page.splitlines() if line.strip()]
        if page_lines and page_lines[-1] == convert_digits(str(number), digits):
            page_lines.pop()
        lines.extend(page_lines)
    return lines


def arabic_numbers(text: str) -> list[str]:
    """Lines of a Thai-digit document that hold an Arabic number outside a code or a link: a
    footer's page number in Arabic digits, or one after a table of contents' dot leader, is one."""
    return [line for line in body_lines(text, "thai") if ARABIC_NUMBER.search(LINK.sub(" ", line))]


def thai_numbers(text: str) -> list[str]:
    return [line for line in body_lines(text, "arabic") if THAI_DIGIT.search(line)]


def test_numbers_become_thai_but_codes_and_links_do_not() -> None:
    text = "ข้อ O12 ได้ 94.11 คะแนน ปี 2568 ดู https://khambong.go.th/ita/12 และ i3"
    assert convert_digits(text, "thai") == (
        "ข้อ O12 ได้ ๙๔.๑๑ คะแนน ปี ๒๕๖๘ ดู https://khambong.go.th/ita/12 และ i3"
    )
    assert convert_digits(text, "arabic") == text


def test_bad_digits_option_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["report", str(EXAMPLES / "khambong-2568.json"), "-o", str(tmp_path), "--digits", "x"],
    )
    assert result.exit_code == 2
    assert "--digits" in result.output
    assert list(tmp_path.iterdir()) == []


@needs_pdf_tools
def test_default_report_has_no_thai_digit(seed_pdf: RenderedPdf) -> None:
    assert thai_numbers(seed_pdf.text) == []
    assert "94.11" in seed_pdf.text


@needs_pdf_tools
def test_thai_digits_report_has_no_arabic_number_in_its_body(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "report",
            str(EXAMPLES / "khambong-2568.json"),
            "--previous",
            str(EXAMPLES / "khambong-2567.json"),
            "-o",
            str(tmp_path),
            "--digits",
            "thai",
            "-f",
            "pdf",
        ],
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "khambong-2568.pdf")
    assert arabic_numbers(text) == []
    # The page numbers too (LibreOffice drops the DOCX's Thai number format: the conversion
    # macro gives the page styles native numbering, reports.docx.mark_digits).
    assert len([line for line in text.splitlines() if TOC_PAGE.search(line.strip())]) >= 8
    assert text.split("\f")[2].strip().splitlines()[-1] == "๓"
    for needle in ("๙๔.๑๑", "๙๙.๐๐", "๔.๘๙", "๔.๙๔", "พ.ศ. ๒๕๖๘", "ข้อ O12"):
        assert needle in text, needle


@needs_pdf_tools
@pytest.mark.parametrize("digits", ["arabic", "thai"])
def test_progress_report_follows_the_digits_option(tmp_path: Path, digits: str) -> None:
    source = tmp_path / "plan.yaml"
    source.write_text(dump_plan(tracked_plan()), encoding="utf-8")
    out = tmp_path / "out"
    args = ["report", "progress", str(source), "--round", "12", "-f", "pdf", "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--digits", digits])
    assert result.exit_code == 0, result.output
    (pdf,) = out.glob("*.pdf")
    text = pdf_text(pdf)
    if digits == "thai":
        assert arabic_numbers(text) == []
        assert "พ.ศ. ๒๕๖๙" in text
        assert "https://khambong.go.th/ita/1" in flatten(text)  # links stay as written
    else:
        assert thai_numbers(text) == []
        assert "พ.ศ. 2569" in text


@pytest.mark.parametrize("digits", ["arabic", "thai"])
def test_the_docx_tells_the_pdf_conversion_its_page_number_digits(
    seed_context: ReportContext, digits: Digits
) -> None:
    """LibreOffice drops the DOCX's Thai page-number format; the custom property replaces it."""
    data = render_docx(seed_context, render_charts(seed_context), digits=digits)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        if digits == "arabic":
            assert "docProps/custom.xml" not in names
            return
        custom = package.read("docProps/custom.xml").decode()
        assert 'name="OpenITADigits"' in custom and "<vt:lpwstr>thai</vt:lpwstr>" in custom
        assert "custom-properties" in package.read("_rels/.rels").decode()
        assert "custom-properties+xml" in package.read("[Content_Types].xml").decode()


def test_a_templates_own_document_properties_are_kept_beside_the_digits(
    seed_context: ReportContext,
) -> None:
    """An agency's template may carry document-management fields in docProps/custom.xml; a
    Thai-digits report keeps them and adds its own property once, with a pid of its own."""
    from docx import Document

    from openita.reports.docx import DIGITS_PROPERTY, _with_property

    own = _with_property(_with_property(None, "Department", "กองคลัง"), "Ref", "อด 123")
    marked_before = _with_property(own, DIGITS_PROPERTY, "arabic")  # a report used as template
    doc = Document()
    doc.add_paragraph("{{ agency }}")
    doc.save(raw := io.BytesIO())
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    entries["docProps/custom.xml"] = marked_before
    entries["_rels/.rels"] = entries["_rels/.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
    )
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.custom-properties+xml"/></Types>',
    )
    template = io.BytesIO()
    with zipfile.ZipFile(template, "w") as target:
        for name, data in entries.items():
            target.writestr(name, data)

    data = render_docx(seed_context, {}, template.getvalue(), digits="thai")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        custom = package.read("docProps/custom.xml").decode()
    properties = re.findall(
        r'<property [^>]*pid="(\d+)" name="([^"]+)"><vt:lpwstr>([^<]*)<', custom
    )
    assert [(name, value) for _, name, value in properties] == [
        ("Department", "กองคลัง"),
        ("Ref", "อด 123"),
        (DIGITS_PROPERTY, "thai"),
    ]
    assert (
        len({pid for pid, _, _ in properties}) == 3 and min(int(p) for p, _, _ in properties) >= 2
    )


def test_a_broken_custom_properties_part_is_replaced_not_fatal() -> None:
    from openita.reports.docx import DIGITS_PROPERTY, _with_property

    fixed = _with_property(b"<Properties><unclosed>", DIGITS_PROPERTY, "thai").decode()
    assert 'name="OpenITADigits"' in fixed and "<vt:lpwstr>thai</vt:lpwstr>" in fixed
    assert (
        _with_property(
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            DIGITS_PROPERTY,
            "thai",
        ).count(b"root:")
        == 0
    )
