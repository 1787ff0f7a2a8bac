"""The report's prose, read in the rendered DOCX text (issue 11, deliver 6).

The seed agency's report and a synthetic agency's (FY2569, indicator scores and OIT items, no
previous year) are rendered whole; the checks read what a clerk would publish.
"""

from __future__ import annotations

import re

import pytest

from openita.analysis.recommendations import library_files, load_recommendations
from openita.ingest import read_result
from openita.reports import wording as w
from openita.reports.job import ReportJob, render_job_docx
from tests.reports.conftest import EXAMPLES, Rendered
from tests.reports.test_docx import docx_text

SHORTFALL = "ไม่เพียงพอ"


@pytest.fixture(scope="module")
def synthetic_text() -> str:
    job = ReportJob(result=read_result(EXAMPLES / "synthetic-2569.json").result, name="synthetic")
    return docx_text(render_job_docx(job)[1])


@pytest.fixture(scope="module")
def seed_text(seed_docx: Rendered) -> str:
    return docx_text(seed_docx.docx)


@pytest.fixture(params=["seed", "synthetic"])
def text(request: pytest.FixtureRequest, seed_text: str, synthetic_text: str) -> str:
    return seed_text if request.param == "seed" else synthetic_text


def test_the_same_shortfall_phrase_is_not_repeated_from_issue_to_issue(text: str) -> None:
    """The example repeated "ไม่เพียงพอ" seven times. An issue's text may be quoted again (the
    detailed table restates it), but two different issues do not end on the same phrase."""
    issues = {line[: line.index(SHORTFALL)] for line in text.splitlines() if SHORTFALL in line}
    assert len(issues) <= 1, issues


def test_the_library_words_its_shortfalls_differently() -> None:
    for year in library_files():
        library = load_recommendations(year)
        texts = [r.issue_th for r in library.items.values()]
        assert sum(t.count(SHORTFALL) for t in texts) <= 1, year


def test_the_target_sentence_names_the_national_master_plan(text: str) -> None:
    [target] = [line for line in text.splitlines() if "ค่าเป้าหมาย" in line]
    assert "ค่าเป้าหมายตามแผนแม่บทภายใต้ยุทธศาสตร์ชาติ ประเด็นการต่อต้านการทุจริตและประพฤติมิชอบ" in (target)


def test_no_bracket_follows_a_bracket(text: str) -> None:
    """ "(ข้อมูลปี พ.ศ. 2567) (0.00 คะแนน)": two brackets in a row read as a form, not prose."""
    assert re.findall(r"\([^()]*\) \([^()]*\)", text) == []


def test_latin_words_are_joined_with_a_hyphen_not_an_en_dash(text: str) -> None:
    assert re.findall(r"[A-Za-z]–[A-Za-z]", text) == []
    assert "E–Service" not in text


def test_estimated_gains_are_labelled_and_explained_once(seed_text: str) -> None:
    lines = seed_text.splitlines()
    gains = [line for line in lines if "คาดว่าคะแนนภาพรวมจะเพิ่มขึ้นประมาณ" in line]
    assert gains
    for line in gains:
        assert (w.ESTIMATE_MARK in line) == line.startswith("• ข้อ O"), line
    assert sum("เป็นการอนุมาน" in line for line in lines) == 1  # the reason, once, in the heading


def test_no_framework_or_library_file_joins_latin_words_with_an_en_dash() -> None:
    from pathlib import Path

    import openita

    data = Path(openita.__file__).parent
    files = [*data.glob("frameworks/data/*.yaml"), *data.glob("analysis/data/*.yaml")]
    assert files
    found = [
        f"{path.name}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"[A-Za-z]–[A-Za-z]", line)
    ]
    assert found == []
