"""Which digits a report prints: Arabic (the default) or Thai, converted at one point.

Every number of a report is formatted with Arabic digits (the context, the tables, the chart
data); ``--digits thai`` converts them when the document is rendered: the DOCX text in
:func:`openita.reports.docx.finish_text` and every text of a chart in
:mod:`openita.reports.charts`, both through :func:`convert_digits`. Digits that are part of a
code written with Latin letters (O8, i12, e1) stay Arabic: they are identifiers the ITA
manual prints that way, not numbers.
"""

from __future__ import annotations

import re
from typing import Literal

from openita.thaidate import thai_digits

Digits = Literal["arabic", "thai"]

_NUMBER = re.compile(r"(?<![A-Za-z0-9])[0-9]+")


def convert_digits(text: str, digits: Digits) -> str:
    """``text`` with its numbers in ``digits`` ("2568 ข้อ O8" → "๒๕๖๘ ข้อ O8" for Thai)."""
    if digits == "arabic":
        return text
    return _NUMBER.sub(lambda m: thai_digits(m.group()), text)
