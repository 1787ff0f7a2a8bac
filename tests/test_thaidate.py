from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from openita import thaidate as td


def test_fiscal_year_2568_runs_from_1_october_2024_to_30_september_2025() -> None:
    assert td.fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))
    assert td.fiscal_year_of(date(2024, 10, 1)) == 2568
    assert td.fiscal_year_of(date(2024, 9, 30)) == 2567
    assert td.fiscal_year_of(date(2025, 9, 30)) == 2568


def test_buddhist_era_is_common_era_plus_543() -> None:
    assert td.be_year(2025) == 2568
    assert td.ce_year(2568) == 2025


def test_thai_dates_and_periods_as_written_in_plans() -> None:
    start, end = td.fiscal_year_bounds(2569)
    assert td.thai_period(start, end) == "1 ตุลาคม 2568 – 30 กันยายน 2569"
    assert td.thai_date(date(2025, 2, 14), abbreviated=True) == "14 ก.พ. 2568"
    assert td.thai_date(date(2025, 9, 30), thai_numerals=True) == "๓๐ กันยายน ๒๕๖๘"


def test_thai_digits_round_trip() -> None:
    assert td.thai_digits("พ.ศ. 2568") == "พ.ศ. ๒๕๖๘"
    assert td.arabic_digits("๙๔.๑๑") == "94.11"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_date_lies_inside_its_fiscal_year(d: date) -> None:
    start, end = td.fiscal_year_bounds(td.fiscal_year_of(d))
    assert start <= d <= end
    assert (end - start) in (timedelta(days=364), timedelta(days=365))


# --- reading typed dates -------------------------------------------------------------------

import pytest  # noqa: E402


@pytest.mark.parametrize(
    "typed",
    [
        "1 ต.ค. 2568",
        "1 ตุลาคม 2568",
        "1/10/2568",
        "01/10/2568",
        "1-10-2568",
        "1.10.2568",
        "๑ ต.ค. ๒๕๖๘",
        "๑/๑๐/๒๕๖๘",
        "1 ตค 2568",
        "1ต.ค.2568",
        "วันที่ 1 ต.ค. พ.ศ. 2568",
        "  1   ต.ค.   2568 ",
        "1 Oct 2568",
        "1 October, 2568",
        "1 oct 2568 BE",
        "2568-10-01",
    ],
)
def test_a_date_typed_as_thai_users_write_it_reads_as_1_october_2568(typed: str) -> None:
    assert td.parse_date(typed) == date(2025, 10, 1)


def test_day_comes_before_month_as_on_thai_forms() -> None:
    assert td.parse_date("2/1/2569") == date(2026, 1, 2)
    assert td.parse_date("31 ธ.ค. 2568") == date(2025, 12, 31)
    assert td.parse_date("29 ก.พ. 2567") == date(2024, 2, 29)  # 2024 is a leap year


@pytest.mark.parametrize(
    ("typed", "code", "params"),
    [
        ("1/10/2025", "ce_year", {"year": 2025, "be": 2568}),
        ("1 ต.ค. 2025", "ce_year", {"year": 2025, "be": 2568}),
        ("2025-10-01", "ce_year", {"year": 2025, "be": 2568}),
        ("๑/๑๐/๒๐๒๕", "ce_year", {"year": 2025, "be": 2568}),
        ("31 ก.พ. 2568", "day", {"day": 31, "month": 2, "year": 2568}),
        ("29 ก.พ. 2568", "day", {"day": 29, "month": 2, "year": 2568}),
        ("31/4/2568", "day", {"day": 31, "month": 4, "year": 2568}),
        ("0/10/2568", "day", {"day": 0, "month": 10, "year": 2568}),
        ("1/13/2568", "month", {"name": "13"}),
        ("1 ตุลา 2568", "month", {"name": "ตุลา"}),
        ("1 ต.ค. 68", "short_year", {"example": "2568"}),
        ("1/10/1000", "year", {"year": 1000}),
        ("เมื่อวาน", "format", {"text": "เมื่อวาน"}),
        ("10/2568", "format", {"text": "10/2568"}),
    ],
)
def test_a_date_that_cannot_be_meant_is_refused_with_its_reason(
    typed: str, code: str, params: dict[str, object]
) -> None:
    with pytest.raises(td.DateInputError) as refused:
        td.parse_date(typed)
    assert refused.value.code == code
    assert params.items() <= refused.value.params.items()


def test_the_ce_refusal_says_which_buddhist_era_year_was_meant() -> None:
    with pytest.raises(td.DateInputError, match=r"2025 looks like a CE year.*2568"):
        td.parse_date("1/10/2025")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 12, 31)))
def test_every_date_written_in_thai_or_english_reads_back_as_itself(d: date) -> None:
    assert td.parse_date(td.thai_date(d, abbreviated=True)) == d
    assert td.parse_date(td.thai_date(d, thai_numerals=True)) == d
    assert td.parse_date(td.english_date(d, abbreviated=True)) == d
    assert td.parse_date(f"{d.day}/{d.month}/{td.be_year(d.year)}") == d


def test_english_dates_keep_the_buddhist_era_year() -> None:
    assert td.english_date(date(2025, 12, 2)) == "2 December 2568"
    assert td.english_date(date(2025, 12, 2), abbreviated=True) == "2 Dec 2568"
