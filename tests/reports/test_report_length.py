"""A typical agency's report body stays within about 20 pages (issue 11, deliver 4).

The body is everything before the appendix; the appendix holds the full item tables. Counted on
the rendered PDF of the seed agency (with last year) and of the synthetic FY2569 agency (a
result with OIT items and indicator scores only for IIT and EIT).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from openita.ingest import read_result
from openita.reports.job import ReportJob, render_job_docx
from openita.reports.pdf import convert_files
from tests.reports.conftest import EXAMPLES, RenderedPdf, flatten, needs_pdf_tools

pytestmark = needs_pdf_tools

BODY_PAGES = 20
APPENDIX = "ภาคผนวก คะแนนรายข้อของผลการประเมิน ITA"


def _pages(text: str) -> list[str]:
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _body_pages(pages: list[str]) -> int:
    """Pages before the one the appendix starts on."""
    # the table of contents (page 2) names the appendix too
    starts = [
        n
        for n, page in enumerate(pages)
        if flatten(APPENDIX) in flatten(page) and flatten("สารบัญ") not in flatten(page)
    ]
    assert starts, "no appendix in the PDF"
    return starts[0]


@pytest.fixture(scope="module")
def synthetic_pdf(tmp_path_factory: pytest.TempPathFactory) -> RenderedPdf:
    tmp = tmp_path_factory.mktemp("synthetic")
    job = ReportJob(result=read_result(EXAMPLES / "synthetic-2569.json").result, name="synthetic")
    _, docx = render_job_docx(job)
    source = tmp / "synthetic-2569.docx"
    source.write_bytes(docx)
    (pdf,) = convert_files([source], tmp / "out")
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return RenderedPdf(Path(pdf), text)


def test_the_seed_report_body_stays_within_20_pages(seed_pdf: RenderedPdf) -> None:
    pages = _pages(seed_pdf.text)
    body = _body_pages(pages)
    assert 8 <= body <= BODY_PAGES, body  # not empty either: Part 1 and Part 2 are there
    appendix = flatten("".join(pages[body:]))
    for n in range(1, 29):
        assert f"O{n}" in appendix, n
    for item in ("i1", "i10", "i12", "i13", "i14", "e1", "e6", "e7", "e8", "e9"):
        assert item in appendix, item


def test_the_synthetic_report_body_stays_within_20_pages(synthetic_pdf: RenderedPdf) -> None:
    pages = _pages(synthetic_pdf.text)
    body = _body_pages(pages)
    assert 6 <= body <= BODY_PAGES, body
    flat = flatten(synthetic_pdf.text)
    # Part 2 gives every indicator measures: the IIT/EIT ones come from indicator guidance.
    for n in range(1, 11):
        assert flatten(f"ตัวชี้วัดที่ {n} ") in flat, n
    assert flatten("รักษามาตรฐาน") in flat
