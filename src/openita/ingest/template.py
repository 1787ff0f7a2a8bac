"""A blank result file to fill in: the two-column table of :mod:`openita.ingest.table`.

The upload page offers it as CSV and XLSX (docs/formats.md, "Template"). Its headers and item
names are the Thai ones the table reader understands (รายการ, คะแนน; ปีงบประมาณ, ตัวชี้วัดที่ 1,
ข้อ i1, ข้อ O1, คะแนนรวม, ระดับ); the fiscal year, the agency's name, code and kind
(กลุ่มหน่วยงาน, which chooses the item list) and every id of the year's framework are filled
in, the scores are left for the clerk. A third column, ชื่อ, names each figure and is ignored
by the reader. Filled in and saved without any other edit,
the file imports as it is (tests/ingest/test_template.py).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openita.frameworks import Framework
from openita.frameworks.kinds import kind_label
from openita.i18n import use_language

HEADER = ("รายการ", "คะแนน", "ชื่อ")


@dataclass(frozen=True, slots=True)
class TemplateRow:
    item: str
    value: str = ""
    name: str = ""


def template_rows(
    framework: Framework, agency_name: str, agency_code: str = ""
) -> list[TemplateRow]:
    """Every figure a result of ``framework``'s year can give, in the order ITAS shows them."""
    rows = [
        TemplateRow("ปีงบประมาณ", str(framework.fiscal_year)),
        TemplateRow("ชื่อหน่วยงาน", agency_name),
    ]
    if agency_code:
        rows.append(TemplateRow("รหัสหน่วยงาน", agency_code))
    with use_language("th"):
        kind_name = kind_label(framework.agency_kind)
    rows.append(TemplateRow("กลุ่มหน่วยงาน", framework.agency_kind, kind_name))
    rows += [
        TemplateRow(f"ตัวชี้วัดที่ {ind.id}", "", ind.name_th) for ind in framework.indicators.values()
    ]
    rows += [
        TemplateRow(f"ข้อ {item_id}", "", framework.title_of(item_id) or "")
        for item_id in [*framework.questions, *framework.oit_items]
    ]
    rows += [TemplateRow("คะแนนรวม", "", "คะแนนรวมที่ประกาศ"), TemplateRow("ระดับ", "", "")]
    return rows


def template_csv(rows: list[TemplateRow]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Thai text as Thai."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows((row.item, row.value, row.name) for row in rows)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(rows: list[TemplateRow]) -> bytes:
    from openpyxl import Workbook  # imported lazily: openpyxl is slow to import

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "ผลการประเมิน"
    sheet.append(HEADER)
    for row in rows:
        # The year is a number cell; every other value is left as text or empty.
        value: object = int(row.value) if row.item == "ปีงบประมาณ" else (row.value or None)
        sheet.append((row.item, value, row.name or None))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 70
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
