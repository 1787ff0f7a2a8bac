"""CSV and XLSX results: documented columns, Thai headers, encodings, row-numbered errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from openita.errors import InputError
from openita.ingest import parse_result, read_result
from openita.scoring import score

SEED_CSV = """item,value,part,table
fiscal_year,2568
agency.name,เทศบาลตำบลคำบง
agency.type,เทศบาลตำบล
agency.district,บ้านผือ
agency.province,อุดรธานี
indicator.1,98.70
indicator.2,99.63
indicator.3,99.63
indicator.4,96.85
indicator.5,99.63
indicator.6,99.92
indicator.7,99.80
indicator.8,99.71
indicator.9,82.50
indicator.10,90.00
i1,96.67
e1,99.51,1
e1,100,2
O7,0
O23,50
official.overall,94.11
official.level,ผ่านดี
"""

THAI_CSV = """รายการ,คะแนน,ส่วนที่
ปีงบประมาณ,๒๕๖๘
ชื่อหน่วยงาน,เทศบาลตำบลคำบง
จังหวัด,อุดรธานี
ตัวชี้วัดที่ 1,98.70
ตัวชี้วัดที่ 2,99.63
ตัวชี้วัดที่ 3,99.63
ตัวชี้วัดที่ 4,96.85
ตัวชี้วัดที่ 5,99.63
ตัวชี้วัดที่ 6,99.92
ตัวชี้วัดที่ 7,99.80
ตัวชี้วัดที่ 8,99.71
ตัวชี้วัดที่ 9,82.50
ตัวชี้วัดที่ 10,90.00
ข้อ i1,96.67
ข้อ e1,99.51,1
ข้อ o7,0
คะแนนรวม,94.11
ระดับผลการประเมิน,ผ่านดี
"""


def csv_problems(text: str, encoding: str = "utf-8") -> list[str]:
    with pytest.raises(InputError) as err:
        parse_result(text.encode(encoding), "r.csv")
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize("text", [SEED_CSV, THAI_CSV], ids=["english", "thai"])
def test_csv_with_english_or_thai_headers_scores_94_11(text: str) -> None:
    loaded = parse_result(text.encode("utf-8"), "r.csv")
    assert loaded.findings == []
    s = score(loaded.framework, loaded.result)
    assert (s.overall, s.level) == (94.11, "ผ่านดี")
    assert loaded.result.question_parts["e1"][1] == 99.51
    assert loaded.result.questions["O7"] == 0


def test_windows_874_csv_is_read_with_a_note() -> None:
    loaded = parse_result(THAI_CSV.encode("cp874"), "r.csv")
    assert [f.code for f in loaded.findings] == ["encoding"]
    assert loaded.result.agency.name == "เทศบาลตำบลคำบง"


def test_semicolon_and_bom_csv() -> None:
    text = "\ufeff" + SEED_CSV.replace(",", ";")
    assert parse_result(text.encode("utf-8"), "r.csv").result.indicators["10"] == 90.0


def test_binary_garbage_is_rejected_clearly() -> None:
    with pytest.raises(InputError, match="UTF-8"):
        parse_result(bytes(range(0x80, 0x100)) * 4, "r.csv")


def test_errors_name_line_and_field() -> None:
    text = SEED_CSV.replace("indicator.3,99.63", "indicator.3,abc").replace("O7,0", "Q7,0")
    found = csv_problems(text)
    assert "r.csv, line 9, field 'indicator 3': expected a number, got 'abc'" in found
    assert "r.csv, line 20, field 'item': unknown item 'Q7'" in found


def test_duplicate_row_in_one_table_is_bad_input() -> None:
    found = csv_problems(SEED_CSV + "indicator.8,99.81\n")
    assert found == [
        "r.csv, line 24, field 'indicator 8': indicator 8 is given twice (first at line 14)"
    ]


def test_same_indicator_from_two_tables_is_a_conflict_finding() -> None:
    loaded = parse_result((SEED_CSV + "indicator.8,99.81,,comparison\n").encode(), "r.csv")
    [finding] = loaded.findings
    assert finding.code == "conflicting_values"
    assert "only 99.71 reproduces" in finding.message
    assert "line 24, table 'comparison'" in finding.message


def test_missing_header_and_empty_file() -> None:
    assert "must name the columns" in csv_problems("fiscal_year,2568\n")[0]
    assert "empty" in csv_problems("")[0]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for line in SEED_CSV.strip().splitlines():
        cells: list[object] = line.split(",")
        if len(cells) > 1 and cells[0] not in ("item",) and cells[0] not in {
            "agency.name", "agency.type", "agency.district", "agency.province", "official.level",
        }:  # fmt: skip
            cells[1] = float(str(cells[1]))
        rows.append(cells)
    return rows


def test_xlsx_with_numeric_cells_scores_94_11(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(_xlsx(_rows()))
    loaded = read_result(path)
    assert score(loaded.framework, loaded.result).overall == 94.11


def test_xlsx_errors_name_the_row() -> None:
    rows = _rows()
    rows[8][1] = "n/a"
    with pytest.raises(InputError) as err:
        parse_result(_xlsx(rows), "r.xlsx")
    assert "r.xlsx, row 9, field 'indicator 3': expected a number" in str(err.value)


def test_corrupt_xlsx_and_unknown_suffix() -> None:
    with pytest.raises(InputError, match="not a readable XLSX"):
        parse_result(b"PK\x03\x04 not really a zip", "r.xlsx")
    with pytest.raises(InputError, match="unknown file type"):
        parse_result(b"{}", "r.doc")


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the file"):
        read_result(tmp_path / "nope.json")


def test_a_decimal_comma_in_an_unquoted_cell_is_refused_not_read_as_a_whole_number() -> None:
    two_columns = "item,value\n" + "\n".join(SEED_CSV.splitlines()[1:]).replace(",1\n", "\n")
    text = two_columns.replace("indicator.4,96.85", "indicator.4,96,85")
    found = csv_problems(text.replace("e1,100,2\n", ""))
    assert any("line 10, field 'value'" in p and "decimal comma" in p for p in found), found
