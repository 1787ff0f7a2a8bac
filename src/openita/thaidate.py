"""Buddhist Era years, Thai fiscal years and Thai date formatting: the one place for them.

Dates in OpenITA are Python ``date`` values (Common Era). A fiscal year (ปีงบประมาณ) is the
Buddhist Era integer the domain uses; FY2568 runs from 1 October 2024 to 30 September 2025
(พ.ร.บ.วิธีการงบประมาณ: the fiscal year starts on 1 October and is named by the calendar year in
which it ends). BE = CE + 543.
"""

from __future__ import annotations

import re
from datetime import date

BE_OFFSET = 543

#: Years in this range are read as Christian-era years typed by mistake (2025 for 2568): no
#: ITA date or fiscal year is that old or that far ahead in the Buddhist era. The ingest rule
#: for a file's fiscal year uses the same bounds.
CE_YEARS = range(1901, 2200)
#: Buddhist-era years a typed date may have (about 1857–2157 CE).
BE_YEARS = range(2400, 2701)

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
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


def english_date(d: date, *, abbreviated: bool = False) -> str:
    """``date(2024, 10, 1)`` → ``"1 October 2567"`` (or ``"1 Oct 2567"``): English month names
    with the Buddhist-era year, the era of the fiscal years printed beside every date."""
    month = MONTHS_EN[d.month - 1]
    return f"{d.day} {month[:3] if abbreviated else month} {be_year(d.year)}"


def looks_like_ce_year(year: int) -> bool:
    """True for a year that is surely Christian era (2025), not Buddhist era (2568)."""
    return year in CE_YEARS


class DateInputError(ValueError):
    """A typed date that cannot be read. ``code`` names the reason (``format``, ``month``,
    ``short_year``, ``ce_year``, ``year``, ``day``) and ``params`` the values a message shows,
    so each interface words it in its reader's language."""

    def __init__(self, code: str, message: str, **params: int | str) -> None:
        super().__init__(message.format(**params))
        self.code = code
        self.params = params


def _month_key(name: str) -> str:
    return name.replace(".", "").replace(" ", "").casefold()


#: Every way a month is written: Thai names and abbreviations (with or without the dots, as
#: people type them: "ต.ค.", "ตค"), English names and their three-letter and "Sept" forms.
_MONTH_NAMES: dict[str, int] = {
    **{_month_key(name): n for n, name in enumerate(MONTHS, 1)},
    **{_month_key(name): n for n, name in enumerate(MONTHS_ABBR, 1)},
    **{_month_key(name): n for n, name in enumerate(MONTHS_EN, 1)},
    **{_month_key(name[:3]): n for n, name in enumerate(MONTHS_EN, 1)},
    "sept": 9,
}
_NUMERIC = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d+)")
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NAMED = re.compile(r"(\d{1,2})\s*([^\W\d_][^\d,]*?)\s*,?\s*(\d+)")
_ERA = re.compile(r"พ\.\s*ศ\.?|(?<![a-z])b\.?\s?e\.?(?![a-z])", re.IGNORECASE)


def parse_date(text: str) -> date:
    """A date as a Thai user types it, with a Buddhist-era year.

    ``"1 ต.ค. 2568"``, ``"1 ตุลาคม 2568"``, ``"1/10/2568"`` (day first, as Thai forms are
    written), ``"๑ ต.ค. ๒๕๖๘"`` (Thai digits), ``"1 Oct 2568"`` and ``"2568-10-01"`` all read as
    1 October 2568 (``date(2025, 10, 1)``). A Christian-era year (``"1/10/2025"``) is refused
    rather than read as 2025 BE, 482 years ago; so are two-digit years (``68`` or ``25``?) and
    days a month does not have (31 ก.พ.). Raises :class:`DateInputError`.
    """
    cleaned = _ERA.sub(" ", arabic_digits(text)).strip()
    cleaned = re.sub(r"^วันที่\s*", "", cleaned)
    cleaned = " ".join(cleaned.split())
    if match := _YEAR_FIRST.fullmatch(cleaned):
        year_text, month_text, day_text = match.groups()
        month = int(month_text)
    elif match := _NUMERIC.fullmatch(cleaned):
        day_text, _sep, month_text, year_text = match.groups()
        month = int(month_text)
    elif match := _NAMED.fullmatch(cleaned):
        day_text, name, year_text = match.groups()
        found = _MONTH_NAMES.get(_month_key(name))
        if found is None:
            raise DateInputError("month", "{name} is not a month", name=name.strip())
        month = found
    else:
        raise DateInputError(
            "format", "{text} is not a date like 1 ต.ค. 2568 or 1/10/2568", text=text.strip()
        )
    day = int(day_text)
    year = _be_year_of(year_text)
    if not 1 <= month <= 12:
        raise DateInputError("month", "{name} is not a month", name=month_text)
    try:
        return date(ce_year(year), month, day)
    except ValueError:
        error = DateInputError("day", "{name} {year} has no day {day}", day=day, year=year,
                               month=month, name=MONTHS_EN[month - 1])  # fmt: skip
        raise error from None


def _be_year_of(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        raise DateInputError(
            "short_year", "write the year in full, e.g. {example}", example=f"25{text:0>2}"
        )
    if looks_like_ce_year(year):
        raise DateInputError(
            "ce_year",
            "{year} looks like a CE year; write the Buddhist-era year, e.g. {be}",
            year=year,
            be=be_year(year),
        )
    if year not in BE_YEARS:
        raise DateInputError("year", "{year} is not a Buddhist-era year", year=year)
    return year
