"""The table of contents: a Word TOC field in both templates, filled by the PDF conversion.

LibreOffice does not update a TOC field when it loads a DOCX, so reports/pdf.py converts with a
macro that updates every index first; Word updates it on open (``w:updateFields``). Checked on
the PDF: every entry names a heading that is on the page the entry gives.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from openita.reports.docx import default_template
from openita.reports.progress import default_template as progress_template
from openita.reports.thaibreak import visible
from tests.reports.conftest import RenderedPdf, flatten, needs_pdf_tools

ENTRY = re.compile(r"^(?P<text>.*?)\.{4,}\s*(?P<page>[0-9]+)$")
PLACEHOLDER = "สารบัญจะแสดงเมื่อปรับปรุงเขตข้อมูล"


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def toc_entries(page: str) -> list[tuple[str, int]]:
    """(heading, page) of every entry; an entry may run over several lines."""
    entries, pending = [], ""
    for line in page.splitlines()[1:]:  # the first line is the title สารบัญ
        pending += line.strip()
        match = ENTRY.match(pending)
        if match:
            entries.append((match["text"], int(match["page"])))
            pending = ""
    return entries


@pytest.mark.parametrize("template", [default_template, progress_template])
def test_both_templates_hold_a_toc_field_that_word_updates_on_open(template) -> None:
    with zipfile.ZipFile(io.BytesIO(template())) as docx:
        body = docx.read("word/document.xml").decode()
        settings = docx.read("word/settings.xml").decode()
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-3" \\h \\z \\u </w:instrText>', body)
    assert '<w:updateFields w:val="true"/>' in settings
    assert "สารบัญ" in visible(body)


def check_toc(pdf: Path, expected: list[str]) -> None:
    every = pages(pdf)
    toc = every[1]
    assert toc.strip().startswith("สารบัญ")
    assert PLACEHOLDER not in "".join(every)  # the field was filled
    entries = toc_entries(toc)
    for heading in expected:
        assert any(flatten(heading) in flatten(text) for text, _ in entries), heading
    for text, page in entries:
        assert 2 < page <= len(every), (text, page)
        assert flatten(text) in flatten(every[page - 1]), (text, page)


@needs_pdf_tools
def test_the_report_pdf_has_its_table_of_contents_with_right_pages(seed_pdf: RenderedPdf) -> None:
    check_toc(
        seed_pdf.path,
        [
            "ส่วนที่ 1 ผลการประเมินและการวิเคราะห์ผลการประเมิน ITA",
            "3. สรุปผลการประเมินรายตัวชี้วัด",
            "ส่วนที่ 2 การนำผลการวิเคราะห์แต่ละประเด็นไปสู่การปฏิบัติ",
        ],
    )


@needs_pdf_tools
def test_the_progress_pdf_has_its_table_of_contents(tmp_path: Path) -> None:
    from openita.analysis.progress import report_round
    from openita.reports.pdf import convert_files
    from openita.reports.progress import render_progress
    from tests.reports.test_progress import tracked_plan

    plan = tracked_plan()
    source = tmp_path / "progress.docx"
    source.write_bytes(render_progress(plan, report_round(plan.fiscal_year, months=12))[1])
    (pdf,) = convert_files([source], tmp_path / "out")
    check_toc(pdf, ["1. สรุปผลการดำเนินงาน", "2. ผลการดำเนินงานรายมาตรการ", "การรับรองรายงาน"])
