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
