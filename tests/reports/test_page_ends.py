"""No heading ends a page (issue 11, "keep-with-next on headings").

A heading at the foot of a page, its text on the next one, is what the seed's "หมายเหตุ
เกี่ยวกับข้อมูล" after the plan table risked. The template's headings keep with the next
paragraph; LibreOffice 7.4 still left a chain of two (a sub-indicator heading, then an item
heading) at a page foot of the long synthetic report, so the conversion macro moves such a chain
to the next page (reports/lo_basic/Convert.xba, KeepChains).

Checked on the rendered PDF's text layer: the last lines of no page (the page number aside)
are a whole heading, caption or appendix group row of the DOCX, for the seed agency's report
and a long synthetic one.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from openita.ingest import read_result
from openita.reports.job import ReportJob, render_job_docx
from openita.reports.pdf import convert_files
from openita.reports.thaibreak import visible
from tests.reports.conftest import (
    EXAMPLES,
    Rendered,
    RenderedPdf,
    flatten,
    long_result,
    needs_pdf_tools,
)

pytestmark = needs_pdf_tools

# Styles that must stay with what follows them (the template's keep-with-next styles).
KEPT = {"Heading1", "Heading2", "Heading3", "Heading4", "ItemHeading", "TableGroup"}
CAPTION = "Caption"  # above its chart: the chart is an image, absent from the text layer
PAGE_NUMBER = re.compile(r"[0-9๐-๙]+")


def kept_texts(docx: bytes) -> dict[str, str]:
    """The flattened text of every paragraph in a keep-with-next style, with its style."""
    document = Document(io.BytesIO(docx))
    out = {}
    for paragraph in document.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = style.get(qn("w:val")) if style is not None else None
        if name not in KEPT | {CAPTION}:
            continue
        text = flatten(visible("".join(t.text or "" for t in paragraph.iter(qn("w:t")))))
        if text:
            out[text] = name
    return out


def images_per_page(pdf: Path) -> Counter[int]:
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    return Counter(int(row[0]) for row in rows if len(row) > 2 and row[2] == "image")


def headings_ending_a_page(
    pdf_text: str, kept: dict[str, str], images: Counter[int] | None = None
) -> list[tuple[int, str]]:
    """(page number, heading) for every page whose last lines are a whole kept paragraph.

    A caption may end a page's text when its chart is drawn on that page: the page holds at
    least as many images as captions.
    """
    found = []
    pages = pdf_text.split("\f")
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        while lines and PAGE_NUMBER.fullmatch(lines[-1]):
            lines.pop()
        if not lines or number == len(pages):
            continue
        for count in range(1, min(3, len(lines)) + 1):  # a heading wraps to 3 lines at most
            tail = flatten("".join(lines[-count:]))
            if tail not in kept:
                continue
            if kept[tail] == CAPTION:
                flat = flatten(page)
                captions = sum(1 for t, style in kept.items() if style == CAPTION and t in flat)
                if (images or Counter())[number] >= captions:
                    break
            found.append((number, tail))
            break
    return found


def test_the_checker_finds_a_heading_at_a_page_foot() -> None:
    kept = {
        flatten("หมายเหตุเกี่ยวกับข้อมูล"): "Heading2",
        flatten("ภาคผนวก คะแนนรายข้อ ปี 2568"): "Heading1",
        flatten("แผนภูมิที่ 1 ผลการประเมิน"): CAPTION,
    }
    text = "แผน\nหมายเหตุเกี่ยวกับข้อมูล\n16\n\f• ข้อ O2\n17\n\fภาคผนวก คะแนนรายข้อ\nปี 2568\n\fท้าย"
    assert headings_ending_a_page(text, kept) == [
        (1, flatten("หมายเหตุเกี่ยวกับข้อมูล")),
        (3, flatten("ภาคผนวก คะแนนรายข้อ ปี 2568")),
    ]
    assert headings_ending_a_page("หมายเหตุเกี่ยวกับข้อมูล\n• ข้อ O2\n16\n\f", kept) == []
    chart = "ผล\nแผนภูมิที่ 1\nผลการประเมิน\n3\n\fต่อ\n"
    assert headings_ending_a_page(chart, kept, Counter({1: 1})) == []  # its chart is below it
    assert headings_ending_a_page(chart, kept, Counter()) == [(1, flatten("แผนภูมิที่ 1 ผลการประเมิน"))]


def test_no_heading_ends_a_page_of_the_seed_report(
    seed_docx: Rendered, seed_pdf: RenderedPdf
) -> None:
    kept = kept_texts(seed_docx.docx)
    assert flatten("หมายเหตุเกี่ยวกับข้อมูล") in kept  # the seed has notes: the heading is there
    assert headings_ending_a_page(seed_pdf.text, kept, images_per_page(seed_pdf.path)) == []


@pytest.fixture(scope="module")
def long_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str, Path]:
    tmp = tmp_path_factory.mktemp("long")
    result = read_result(long_result(tmp)).result
    previous = read_result(EXAMPLES / "khambong-2567.json").result
    _, docx = render_job_docx(ReportJob(result=result, previous=previous, name="long"))
    source = tmp / "long.docx"
    source.write_bytes(docx)
    (pdf,) = convert_files([source], tmp / "out")
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return docx, text, Path(pdf)


def test_no_heading_ends_a_page_of_a_long_synthetic_report(
    long_report: tuple[bytes, str, Path],
) -> None:
    docx, text, pdf = long_report
    assert text.count("\f") >= 15
    assert headings_ending_a_page(text, kept_texts(docx), images_per_page(pdf)) == []
