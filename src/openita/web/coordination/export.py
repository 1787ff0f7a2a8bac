"""The coordinator table as an XLSX workbook: the same rows as on screen, all pages.

Coordinators pass the table on to provincial meetings and fill in their own columns, so the
workbook is plain data: Thai headers (the people reading it work in Thai), scores as numbers
with two decimals (not text), a frozen header row and an autofilter. openpyxl's write-only
mode streams the rows, so 8,317 agencies take about a second (bench/web.py measures the page).
Every row goes through :func:`openita.spreadsheet.xlsx_row`, so a name beginning with ``=`` is
shown as text, never evaluated as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from openita.spreadsheet import xlsx_row
from openita.web.coordination.rows import Row

#: (header, width in characters); Thai like the report's own tables.
HEADERS: tuple[tuple[str, int], ...] = (
    ("รหัส", 14),
    ("หน่วยงาน", 40),
    ("ประเภท", 20),
    ("จังหวัด", 14),
    ("อำเภอ", 16),
    ("กระทรวง", 18),
    ("ปีงบประมาณ", 11),
    ("คะแนนรวม", 11),
    ("ระดับผลการประเมิน", 20),
    ("IIT", 9),
    ("EIT", 9),
    ("OIT", 9),
    ("คะแนนปีก่อน", 12),
    ("เปลี่ยนแปลง (คะแนน)", 12),
    ("ส่งผลการประเมินแล้ว", 12),
    ("มีแผนปฏิบัติการ", 12),
    ("มาตรการ", 9),
    ("เสร็จแล้ว", 9),
    ("ความคืบหน้าเฉลี่ย (%)", 12),
)
SCORE_COLUMNS = range(8, 15)  # 1-based: overall … change
YES, NO = "ใช่", "ไม่"


def _cells(row: Row, year: int | None) -> list[object]:
    change = row.change
    progress = row.progress
    return [
        row.code,
        row.name,
        row.agency_type,
        row.province,
        row.district,
        row.ministry,
        year,
        row.overall,
        row.level or None,
        row.iit,
        row.eit,
        row.oit,
        row.previous,
        change.points if change is not None else None,
        YES if row.uploaded else NO,
        YES if row.has_plan else NO,
        progress.measures if progress is not None else None,
        progress.done if progress is not None else None,
        round(progress.percent, 1) if progress is not None else None,
    ]


def workbook(rows: Iterable[Row], year: int | None) -> bytes:
    """The rows as an .xlsx file (one sheet, header row frozen, autofilter over the data)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"ITA {year}" if year else "ITA")
    for index, (_header, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([header for header, _width in HEADERS])
    count = 0
    for row in rows:
        sheet.append(xlsx_row(sheet, _cells(row, year)))
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{count + 1}"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
