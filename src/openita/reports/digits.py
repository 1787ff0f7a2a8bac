"""Which digits a report prints: Arabic (the default) or Thai, converted at one point.

Every number of a report is formatted with Arabic digits (the context, the tables, the chart
data); ``--digits thai`` converts them when the document is rendered: the DOCX text in
:func:`openita.reports.docx.finish_text` and every text of a chart in
:mod:`openita.reports.charts`, both through :func:`convert_digits`. Digits that are part of a
code written with Latin letters (O8, i12, e1) stay Arabic: they are identifiers the ITA
manual prints that way, not numbers. So do web addresses and e-mail addresses (evidence links
in the plan and the progress report): a converted link would no longer open.

Page numbers are fields that the word processor fills: the DOCX asks for Thai page numbers
(``w:pgNumType w:fmt="thaiNumbers"``, reports.docx.thai_page_numbers), which Word honours.
LibreOffice 7.4 drops that format when it reads a DOCX, so the document also carries the
property ``OpenITADigits`` (reports.docx.mark_digits), on which the conversion macro gives the
page styles LibreOffice's native numbering, drawn in Thai digits by the conversion profile's
Thai locale (reports.pdf): the PDF's footers and table of contents read ๑ ๒ ๓ as well.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from openita.thaidate import thai_digits

Digits = Literal["arabic", "thai"]
DIGITS: tuple[str, ...] = get_args(Digits)

_NUMBER = re.compile(r"(?<![A-Za-z0-9])[0-9]+")
# Left as written: web addresses (with or without a scheme) and e-mail addresses.
_VERBATIM = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|\S+@\S+\.\S+|\S*[A-Za-z0-9-]\.(?:go|ac|or|co)\.th\S*",
    re.IGNORECASE,
)


def convert_digits(text: str, digits: Digits) -> str:
    """``text`` with its numbers in ``digits`` ("2568 ข้อ O8" → "๒๕๖๘ ข้อ O8" for Thai)."""
    if digits == "arabic" or not any("0" <= ch <= "9" for ch in text):
        return text
    out: list[str] = []
    position = 0
    for link in _VERBATIM.finditer(text):
        out.append(_NUMBER.sub(_thai, text[position : link.start()]))
        out.append(link.group())
        position = link.end()
    out.append(_NUMBER.sub(_thai, text[position:]))
    return "".join(out)


def _thai(match: re.Match[str]) -> str:
    return thai_digits(match.group())
