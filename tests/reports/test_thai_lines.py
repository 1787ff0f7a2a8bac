"""Thai line breaks in the rendered PDF fall between words (issue 11, deliver 2).

Each pair of consecutive text-layer lines that joins Thai to Thai is a place where LibreOffice
broke a line. The break must not split a syllable (a line starting with a following vowel or
mark, or ending with a leading vowel) nor a word: the text around the break, segmented by
PyThaiNLP, must have a word boundary there (or the break splits a compound into two dictionary
words, such as ขั้น|ตอน).
"""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import pytest

from openita.ingest import read_result
from openita.reports.job import ReportJob, render_job_docx
from openita.reports.pdf import convert_files
from openita.reports.thaibreak import (
    BREAK,
    FOLLOWING,
    NO_BREAK,
    bad_line_end,
    bad_line_start,
    is_thai,
    is_word_boundary,
    mark_breaks,
    readable,
)
from tests.reports.conftest import EXAMPLES, RenderedPdf, flatten, long_result, needs_pdf_tools

CONTEXT = 14  # characters each side of a break given to the segmenter


def bad_joins(text: str) -> list[str]:
    """Every Thai|Thai line join of a ``pdftotext -raw`` text that is not between words."""
    lines = [line.strip() for line in text.splitlines()]
    bad = []
    for before, after in itertools.pairwise(lines):
        if not before or not after or not is_thai(before[-1]) or not is_thai(after[0]):
            continue
        head = before.split(" ")[-1][-CONTEXT:]
        tail = after.split(" ")[0][:CONTEXT]
        if bad_line_start(after) or bad_line_end(before) or not is_word_boundary(head, tail):
            bad.append(f"{head}|{tail}")
    return bad


def bad_brackets(text: str) -> list[str]:
    """Every text-layer line that ends with an opening bracket or starts with a closing one."""
    lines = [line.strip() for line in text.splitlines()]
    return [
        line for line in lines if line.endswith(("(", "[", "“")) or line.startswith((")", "]", "”"))
    ]


def test_the_bracket_checker_finds_a_bracket_cut_from_its_word() -> None:
    assert bad_brackets("ในปีงบประมาณ พ.ศ. 2569 (\nอ้างอิงข้อ O23)") == ["ในปีงบประมาณ พ.ศ. 2569 ("]
    assert bad_brackets("(อ้างอิงข้อ O23\n) โดย") == [") โดย"]
    assert bad_brackets("พ.ศ. 2569\n(อ้างอิงข้อ O23)") == []


def test_the_checker_finds_what_libreoffice_did_before() -> None:
    assert bad_joins("(อ้\nางอิงข้อ O8)") == ["(อ้|างอิงข้อ"]
    assert bad_joins("ประสิทธิภา\nพการสื่อสาร") == ["ประสิทธิภา|พการสื่อสาร"]
    assert bad_joins("ผ่านช่องทางอิเล็กทรอนิก\nส์ ตรวจสอบ") != []
    assert bad_joins("จัดทำแผนแล\nะ") != []  # a line starting with ะ
    assert bad_joins("ข้อมูลเ\nกี่ยวกับ") != []  # a line ending with เ
    assert bad_joins("จัดทำขั้น\nตอนการให้บริการ") == []  # a compound's seam
    assert bad_joins("หน่วยงานควรเผยแพร่\nข้อมูลเกี่ยวกับการดำเนินงาน") == []
    assert bad_joins("คะแนน 94.11\nผ่านดี") == []  # not Thai|Thai


def test_marks_are_invisible_and_keep_the_text() -> None:
    text = "ขั้นตอนการดำเนินงาน (อ้างอิงข้อ O8) ปีงบประมาณ พ.ศ. 2568"
    marked = mark_breaks(text)
    assert readable(marked) == text  # the marks, and a no-break space for a space
    assert marked != text
    assert mark_breaks("IIT 94.11") == "IIT 94.11"  # no Thai, nothing to mark


def _pdf_text(job: ReportJob, tmp: Path) -> str:
    _, docx = render_job_docx(job)
    source = tmp / f"{job.name}.docx"
    source.write_bytes(docx)
    (pdf,) = convert_files([source], tmp / "out")
    return subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@needs_pdf_tools
def test_every_thai_line_of_the_example_report_breaks_between_words(
    seed_pdf: RenderedPdf,
) -> None:
    assert seed_pdf.text.count("\n") > 300
    assert bad_joins(seed_pdf.text) == []
    assert flatten("(อ้างอิงข้อ O23)") in seed_pdf.flat  # the sentence whose "(" once ended a line
    assert bad_brackets(seed_pdf.text) == []
    # a year stays with its era: "พ.ศ." once ended five lines of this report
    assert [line for line in seed_pdf.text.splitlines() if line.strip().endswith("พ.ศ.")] == []


@needs_pdf_tools
def test_every_thai_line_of_a_long_synthetic_report_breaks_between_words(
    tmp_path: Path,
) -> None:
    result = read_result(long_result(tmp_path)).result
    previous = read_result(EXAMPLES / "khambong-2567.json").result
    text = _pdf_text(ReportJob(result=result, previous=previous, name="synthetic"), tmp_path)
    assert text.count("\f") >= 15  # long: many pages
    assert bad_joins(text) == []
    assert bad_brackets(text) == []


@needs_pdf_tools
def test_no_break_mark_reaches_the_pdf_text_layer(seed_pdf: RenderedPdf) -> None:
    assert not any(mark in seed_pdf.text for mark in ("\u200b", "\ufeff", "\u2060"))


@pytest.mark.parametrize("text", ["เทศบาลตำบลคำบง", "ผ่านดีเยี่ยม", "น้ำ ปี่ สำนักงาน"])
def test_marks_never_separate_a_combining_mark_from_its_consonant(text: str) -> None:
    marked = mark_breaks(text)
    assert readable(marked) == text
    for k, ch in enumerate(marked[:-1]):
        if ch in (BREAK, NO_BREAK):
            assert marked[k + 1] not in FOLLOWING, marked
