"""Buddhist Era years, Thai fiscal years and Thai date formatting: the one place for them.

Dates in OpenITA are Python ``date`` values (Common Era). A fiscal year (ปีงบประมาณ) is the
Buddhist Era integer the domain uses; FY2568 runs from 1 October 2024 to 30 September 2025
(พ.ร.บ.วิธีการงบประมาณ: the fiscal year starts on 1 October and is named by the calendar year in
which it ends). BE = CE + 543.
"""

from __future__ import annotations

from datetime import date

BE_OFFSET = 543

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def be_year(ce: int) -> int:
    return ce + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def fiscal_year_of(d: date) -> int:
    """The fiscal year (BE) that ``d`` falls in: October onwards belongs to the next one."""
    return be_year(d.year + 1 if d.month >= 10 else d.year)


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """First and last day of a fiscal year (BE): 2568 → 2024-10-01 … 2025-09-30."""
    end_ce = ce_year(fiscal_year)
    return date(end_ce - 1, 10, 1), date(end_ce, 9, 30)


def thai_digits(text: str) -> str:
    """Arabic digits to Thai digits (``"2568"`` → ``"๒๕๖๘"``); other characters are kept."""
    return text.translate(_THAI_DIGITS)


def arabic_digits(text: str) -> str:
    """Thai digits to Arabic digits, for reading user input."""
    return text.translate(_ARABIC_DIGITS)


def thai_date(d: date, *, abbreviated: bool = False, thai_numerals: bool = False) -> str:
    """``date(2024, 10, 1)`` → ``"1 ตุลาคม 2567"`` (or ``"1 ต.ค. 2567"``, or Thai digits)."""
    month = (MONTHS_ABBR if abbreviated else MONTHS)[d.month - 1]
    text = f"{d.day} {month} {be_year(d.year)}"
    return thai_digits(text) if thai_numerals else text


def thai_period(
    start: date, end: date, *, abbreviated: bool = False, thai_numerals: bool = False
) -> str:
    """``"1 ตุลาคม 2567 – 30 กันยายน 2568"``: a date range as written in Thai plans."""
    first = thai_date(start, abbreviated=abbreviated, thai_numerals=thai_numerals)
    last = thai_date(end, abbreviated=abbreviated, thai_numerals=thai_numerals)
    return f"{first} – {last}"
