"""The result template: Thai headers, the year's ids, and back through the importer unchanged."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from openita.errors import InputError
from openita.frameworks import load_framework
from openita.ingest import LoadedResult, parse_result, usable_result
from openita.ingest.template import HEADER, template_csv, template_rows, template_xlsx

NAME, CODE = "เทศบาลตำบลคำบง", "5410302"


def _filled_csv(data: bytes, score: str = "100") -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    for row in rows[1:]:
        if not row[1]:
            row[1] = "ผ่านดีเยี่ยม" if row[0] == "ระดับ" else score
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _filled_xlsx(data: bytes, score: float = 100) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for item, value, *_rest in sheet.iter_rows(min_row=2):
        if value.value is None:
            value.value = "ผ่านดีเยี่ยม" if item.value == "ระดับ" else score
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("year", [2567, 2568])
@pytest.mark.parametrize(
    ("suffix", "make", "fill"),
    [(".csv", template_csv, _filled_csv), (".xlsx", template_xlsx, _filled_xlsx)],
)
def test_a_filled_in_template_imports_with_every_id_of_its_year(year, suffix, make, fill) -> None:
    framework = load_framework(year)
    data = make(template_rows(framework, NAME, CODE))
    loaded = usable_result(fill(data), f"template{suffix}")
    assert isinstance(loaded, LoadedResult)  # a year with a framework: scored, not published
    result = loaded.result
    assert (result.fiscal_year, result.agency.name, result.agency.code) == (year, NAME, CODE)
    assert set(result.indicators) == set(framework.indicators)
    assert set(result.questions) == set(framework.questions) | set(framework.oit_items)
    assert result.official_overall == 100


@pytest.mark.parametrize(("suffix", "make"), [(".csv", template_csv), (".xlsx", template_xlsx)])
def test_the_blank_template_is_read_item_by_item_only_its_scores_are_missing(suffix, make) -> None:
    framework = load_framework(2568)
    rows = template_rows(framework, NAME)
    with pytest.raises(InputError) as caught:
        parse_result(make(rows), f"template{suffix}")
    blank = [row for row in rows if not row.value]
    assert [p.field for p in caught.value.problems] == ["value"] * len(blank)
    assert all("has no value" in p.message for p in caught.value.problems)


def test_the_template_has_thai_headers_and_the_years_ids() -> None:
    framework = load_framework(2568)
    text = template_csv(template_rows(framework, NAME, CODE)).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == ",".join(HEADER) == "รายการ,คะแนน,ชื่อ"
    assert lines[1:4] == ["ปีงบประมาณ,2568,", f"ชื่อหน่วยงาน,{NAME},", f"รหัสหน่วยงาน,{CODE},"]
    assert any(line.startswith("ตัวชี้วัดที่ 1,,") for line in lines)
    assert any(line.startswith("ข้อ O1,,") for line in lines)
    assert text.encode("utf-8-sig").startswith(b"\xef\xbb\xbf")
