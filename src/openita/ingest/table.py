"""Results as a two-column table (CSV or XLSX): one row per figure (docs/formats.md).

    item,value,part,table
    fiscal_year,2568
    agency.name,เทศบาลตำบลคำบง
    agency_kind,local_government
    indicator.1,98.70
    i1,96.67
    e1,99.51,1
    O7,0
    official.overall,94.11
    official.level,ผ่านดี

Headers may be English (item, value, part, table) or Thai (รายการ, คะแนน/ค่า, ส่วนที่, ตาราง); item
names have Thai aliases too (ปีงบประมาณ, ชื่อหน่วยงาน, ตัวชี้วัดที่ 1, ข้อ i1, คะแนนรวม, ระดับ).
The optional ``table`` column names the table of the source document a figure was copied
from, so that the same indicator copied from two tables can be compared.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence

from openita import limits
from openita.errors import InputError, Problem
from openita.ingest.entries import MAIN_TABLE, Entry, Kind, ReadFile
from openita.message import Message
from openita.scoring.consistency import Finding
from openita.thaidate import arabic_digits

COLUMNS: dict[str, tuple[str, ...]] = {
    "item": ("item", "field", "รายการ", "หัวข้อ"),
    "value": ("value", "score", "ค่า", "คะแนน"),
    "part": ("part", "ส่วนที่"),
    "table": ("table", "ตาราง"),
}
META_ALIASES = {
    "fiscal_year": "fiscal_year", "ปีงบประมาณ": "fiscal_year",
    "agency": "agency.name", "agency.name": "agency.name", "ชื่อหน่วยงาน": "agency.name",
    "หน่วยงาน": "agency.name", "agency.type": "agency.type", "ประเภทหน่วยงาน": "agency.type",
    "agency.province": "agency.province", "จังหวัด": "agency.province",
    "agency.district": "agency.district", "อำเภอ": "agency.district",
    "agency.code": "agency.code", "รหัสหน่วยงาน": "agency.code",
    "agency_kind": "agency.kind", "agency.kind": "agency.kind",
    "กลุ่มหน่วยงาน": "agency.kind", "ประเภทหน่วยงานตามเกณฑ์": "agency.kind",
}  # fmt: skip
OFFICIAL_ALIASES = {
    "overall": "overall", "official.overall": "overall", "คะแนนรวม": "overall",
    "คะแนนภาพรวม": "overall", "level": "level", "official.level": "level", "ระดับ": "level",
    "ระดับผลการประเมิน": "level", "iit": "IIT", "eit": "EIT", "oit": "OIT",
    "official.iit": "IIT", "official.eit": "EIT", "official.oit": "OIT",
}  # fmt: skip
_INDICATOR = re.compile(r"^(?:indicator[ ._]?|ตัวชี้วัดที่\s*|ตัวชี้วัด\s*)(\d+)$", re.IGNORECASE)
_QUESTION = re.compile(
    r"^(?:question[ ._]?|ข้อ\s*)?([ie]\d+|moit\d+|[oO]\d+)(?:\.part\s*(\d+))?$", re.IGNORECASE
)


def _header(row: Sequence[object], file: str, label: str) -> dict[str, int]:
    names = [str(c).strip().lower() if c is not None else "" for c in row]
    columns: dict[str, int] = {}
    for column, aliases in COLUMNS.items():
        for index, name in enumerate(names):
            if name in aliases:
                columns[column] = index
                break
    missing = [c for c in ("item", "value") if c not in columns]
    if missing:
        raise InputError(
            [
                Problem(
                    file,
                    Message(
                        "the first row must name the columns item,value[,part][,table] "
                        "(or รายการ,คะแนน,ส่วนที่,ตาราง); missing: {missing}",
                        missing=", ".join(missing),
                    ),
                    line=1,
                    line_label=label,
                )
            ]
        )
    return columns


def question_id(ident: str) -> str:
    """``i1``, ``e1``, ``O1`` or ``MOIT1``, whatever the case it was written in."""
    if ident[:4].lower() == "moit":
        return "MOIT" + ident[4:]
    return ident[0].upper() + ident[1:] if ident[0] in "oO" else ident.lower()


def _classify(item: str) -> tuple[Kind, str, int | None] | None:
    key = arabic_digits(item.strip())
    lowered = key.lower()
    if lowered in META_ALIASES:
        return "meta", META_ALIASES[lowered], None
    if key in META_ALIASES:
        return "meta", META_ALIASES[key], None
    if lowered in OFFICIAL_ALIASES:
        return "official", OFFICIAL_ALIASES[lowered], None
    if match := _INDICATOR.match(key):
        return "indicator", str(int(match.group(1))), None
    if match := _QUESTION.match(key):
        part = int(match.group(2)) if match.group(2) else None
        return "question", question_id(match.group(1)), part
    return None


def entries_from_rows(
    rows: Iterable[tuple[int, Sequence[object]]], file: str, label: str
) -> ReadFile:
    """Entries from ``(row number, cells)`` pairs; the first pair is the header."""
    problems: list[Problem] = []
    out: list[Entry] = []
    iterator = iter(rows)
    try:
        _first, header = next(iterator)
    except StopIteration:
        raise InputError([Problem(file, Message("the file is empty"))]) from None
    columns = _header(header, file, label)
    width = len(header)

    def cell(cells: Sequence[object], column: str) -> object:
        index = columns.get(column)
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        return value.strip() if isinstance(value, str) else value

    for number, cells in iterator:
        item = cell(cells, "item")
        value = cell(cells, "value")
        if (item is None or item == "") and (value is None or value == ""):
            continue
        if not isinstance(item, str) or not item:
            problems.append(Problem(file, Message("the item column is empty"), line=number,
                                    field="item", line_label=label))  # fmt: skip
            continue
        kind = _classify(item)
        if kind is None:
            problems.append(Problem(file, Message("unknown item {item}", item=repr(item)),
                                    line=number, field="item", line_label=label))  # fmt: skip
            continue
        part_cell = cell(cells, "part")
        part = kind[2]
        if part_cell not in (None, ""):
            text = arabic_digits(str(part_cell)).strip().removesuffix(".0")
            if not text.isdigit():
                message = Message("part must be a number, got {value}", value=repr(part_cell))
                problems.append(Problem(file, message, line=number, field="part",
                                        line_label=label))  # fmt: skip
                continue
            part = int(text)
        if value is None or value == "":
            problems.append(Problem(file, Message("{item} has no value", item=item), line=number,
                                    field="value", line_label=label))  # fmt: skip
            continue
        extra = [c for c in cells[width:] if c not in (None, "")]
        if extra:
            # "96,85" unquoted in a comma-separated file is two cells: 96 and 85. Reading 96
            # silently would be a wrong score, so the row is refused.
            message = Message(
                "{item}: more cells than the header has columns ({extra} is left over); a "
                "decimal comma? write 96.85, or quote the value",
                item=item,
                extra=repr(extra[0]),
            )
            problems.append(Problem(file, message, line=number, field="value",
                                    line_label=label))  # fmt: skip
            continue
        table = cell(cells, "table")
        out.append(
            Entry(kind[0], kind[1], value, number, item, part=part,
                  table=str(table) if table not in (None, "") else MAIN_TABLE)
        )  # fmt: skip
    return ReadFile(out, problems)


def decode_csv(data: bytes, file: str) -> tuple[str, list[Finding]]:
    """UTF-8 (with or without BOM) or, failing that, Windows-874/TIS-620 Thai."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(file, Message("cannot read the text: neither UTF-8 nor Windows-874/TIS-620 "
                             "(byte {byte}); save the file as CSV UTF-8", byte=exc.start))]
        ) from None  # fmt: skip
    if not re.search("[\u0e00-\u0e7f]", text):
        raise InputError([Problem(file, Message("not UTF-8 text; save the file as CSV UTF-8"))])
    note = Finding("info", "encoding",
                   Message("read as Windows-874 (TIS-620) Thai; UTF-8 is preferred"),
                   location=file)  # fmt: skip
    return text, [note]


def read_csv(data: bytes, file: str) -> ReadFile:
    limits.check_size(len(data), "result.csv", file)
    text, notes = decode_csv(data, file)
    if "\x00" in text:
        raise InputError([Problem(file, Message("not a text file (it contains NUL bytes)"))])
    if not text.strip():
        raise InputError([Problem(file, "the file is empty")])
    first_line = text.lstrip().splitlines()[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterable[tuple[int, Sequence[object]]]:
        try:
            for count, cells in enumerate(reader, 1):
                if count > limits.MAX_ROWS:
                    raise limits.too_many_rows(file, "line")
                limits.check_row(cells, reader.line_num, file)
                yield reader.line_num, cells
        except csv.Error as exc:
            raise InputError(
                [
                    Problem(
                        file,
                        Message("not valid CSV: {reason}", reason=exc),
                        line=reader.line_num,
                    )
                ]
            ) from None

    read = entries_from_rows(rows(), file, "line")
    read.notes[:0] = notes
    return read


def _unreadable_workbook(file: str, exc: Exception) -> Problem:
    return Problem(file, Message("not a readable XLSX workbook ({reason})", reason=exc))


def read_xlsx(data: bytes, file: str) -> ReadFile:
    from openpyxl import load_workbook  # imported lazily: openpyxl is slow to import

    limits.check_size(len(data), "result.xlsx", file)
    limits.check_xlsx_archive(data, file)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError([_unreadable_workbook(file, exc)]) from None
    except Exception as exc:  # openpyxl raises its own types for corrupt parts
        raise InputError([_unreadable_workbook(file, exc)]) from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, Sequence[object]]] = []
        cells_of = sheet.iter_rows(max_col=limits.MAX_COLUMNS + 1, values_only=True)
        for number, cells in enumerate(cells_of, 1):
            if number > limits.MAX_ROWS:
                raise limits.too_many_rows(file, "row")
            values = list(cells)
            while values and values[-1] is None:  # openpyxl pads a row to max_col
                values.pop()
            limits.check_row(values, number, file, "row")
            rows.append((number, values))
    except InputError:
        raise
    except Exception as exc:
        raise InputError([_unreadable_workbook(file, exc)]) from None
    finally:
        workbook.close()
    return entries_from_rows(rows, file, "row")
