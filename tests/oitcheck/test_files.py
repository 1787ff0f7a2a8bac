"""An uploaded file gets the verdict a fetched copy of it would get (oitcheck.files)."""

from __future__ import annotations

import pytest

from openita.oitcheck import CheckPolicy, Target, Verdict
from openita.oitcheck.files import check_file
from tests.oitcheck.site import docx, pdf, xlsx, zip_bomb

O7 = Target("O7", (), 2567, title="รายงานผลการดำเนินงานประจำปี", keywords=("รายงานผลการดำเนินงาน",))


@pytest.mark.parametrize(
    ("name", "body", "verdict", "reason"),
    [
        ("o7.pdf", pdf("รายงานผลการดำเนินงานประจำปี พ.ศ. 2567"), Verdict.OK, "year_found"),
        ("o7.pdf", pdf("รายงานผลการดำเนินงานประจำปี พ.ศ. 2566"), Verdict.WRONG_YEAR, "other_years"),
        ("o7.docx", docx("รายงานผลการดำเนินงาน ปีงบประมาณ ๒๕๖๗"), Verdict.OK, "year_found"),
        ("o7.xlsx", xlsx([["รายงานผลการดำเนินงาน"], [1, 2]]), Verdict.NO_YEAR, "no_year"),
        ("o7.docx", zip_bomb(), Verdict.UNREADABLE, "zip_bomb"),
        ("o7.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, Verdict.UNREADABLE, "unsupported_type"),
    ],
)
def test_an_uploaded_file_is_judged_by_the_fetched_documents_rules(name, body, verdict, reason):
    check = check_file(O7, name, body)
    assert check.verdict == verdict
    assert check.reasons[0].code == reason
    assert check.url == name and check.status == 200 and check.size == len(body)
    assert check.last_modified is None  # an upload date says nothing about the period


def test_a_file_over_the_byte_limit_is_not_parsed():
    body = pdf("รายงานผลการดำเนินงานประจำปี พ.ศ. 2567")
    check = check_file(O7, "o7.pdf", body, CheckPolicy(max_bytes=len(body) - 1))
    assert check.verdict == Verdict.UNREADABLE
    assert check.reasons[0].code == "too_large"


def test_keyword_misses_are_reasons_as_for_a_link():
    check = check_file(O7, "o7.pdf", pdf("ประกาศ ปีงบประมาณ พ.ศ. 2567"))
    assert check.verdict == Verdict.OK
    assert check.keyword_misses == ("รายงานผลการดำเนินงาน",)
