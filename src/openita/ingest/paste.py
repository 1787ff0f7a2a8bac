"""A results table pasted as text: copied from the ITAS results page or last year's report.

Browsers (Chrome, Firefox, Edge) and Word put a copied table on the clipboard as text with
one line per row and a tab between cells; Word writes a line break inside a cell as a
vertical tab (``\\v``) and adds non-breaking spaces; Excel quotes cells that hold a tab or a
line break. A report copied as plain text (a PDF, a paragraph) has no tabs: the score is the
number at the end of the line. This reader understands all of these::

    ตัวชี้วัด\tชื่อตัวชี้วัด\tคะแนน          (a header row: optional, Thai or English)
    ตัวชี้วัดที่ 1\tการปฏิบัติหน้าที่\t๙๘,๗๐   (Thai digits, a decimal comma)
    i1\tท่านปฏิบัติงาน … \t96.67
    ข้อ O12 รายการการจัดซื้อจัดจ้าง …  100     (no tab: the last number of the line)
    e1\tส่วนที่ 1\t99.51                    (an EIT question in parts)
    คะแนนรวม\t94.11 ; ระดับผลการประเมิน\tผ่านดี ; IIT\t98.89

Each row is named by the first cell that is an item (``ตัวชี้วัดที่ 1``, ``indicator 1``,
``i1``, ``O12``, ``ข้อ O12``, ``คะแนนรวม``, ``ระดับ``, ``IIT``, ``ปีงบประมาณ`` …, the same
aliases as the CSV reader, :mod:`openita.ingest.table`), also when the item's name follows
it in the same cell; its value is the header's score column, else the first number after the
item. Rows without an item (titles, column sums, blank lines) are skipped, and a skipped row
that holds a number is reported as a note so nothing disappears silently. Every value then
goes through the same checks as a file (:func:`openita.ingest.entries.build_result`), with
the line number of the pasted text.

A table copied with two score columns side by side (``2567`` and ``2568`` from a report that
compares years, or ``คะแนน 2567``/``คะแนน 2568``) is never read by guessing: when the columns are
named by years and the paste's fiscal year (a line, a title, or the year :func:`complete`
adds from the form) is one of them, that column is read and a note says which; otherwise the
paste is refused with the header's line number and the columns' names. A table without a
header whose rows carry two scores is refused too, at the first such line.

The stored document of a paste is the pasted text itself (``….txt``), with the fiscal year
and the agency added as lines at its end when the paste does not give them
(:func:`complete`), so it reads back on its own and the pasted lines keep their numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from openita import limits
from openita.errors import InputError, Problem
from openita.i18n import _
from openita.ingest.entries import MAIN_TABLE, Entry, Kind, ReadFile
from openita.ingest.table import _classify, question_id
from openita.scoring.consistency import Finding
from openita.thaidate import arabic_digits

#: Spaces a copy brings along: no-break, thin, zero-width, byte-order mark, Word's tab leader.
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff\u200c\u200d]")
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_TRAILING_NUMBER = re.compile(
    r"^(?P<label>.*?\S)\s+(?P<value>[-+]?[\d๐-๙]+(?:\s*[.,]\s*[\d๐-๙]+)?)\s*%?$"
)
_YEAR_IN_TEXT = re.compile(
    r"ปีงบประมาณ\s*(?:พ\.\s*ศ\.\s*)?([12][0-9]{3})|fiscal year\s+([12][0-9]{3})", re.I
)

_INDICATOR_PREFIX = re.compile(r"^(?:ตัวชี้วัดที่|ตัวชี้วัด|indicator)\s*\.?\s*(\d{1,2})(?!\d)", re.I)
_QUESTION_PREFIX = re.compile(
    r"^(?:ข้อ\s*|question\s*)?([ie]\d{1,2}|moit\d{1,2}|o\d{1,2})(?!\d)"
    r"(?:\s*[.(]?\s*(?:ส่วนที่|part)\s*(\d))?",
    re.I,
)
_OFFICIAL_PREFIX = (
    (re.compile(r"^(?:คะแนนรวม|คะแนนภาพรวม|คะแนน\s*ita|ผลคะแนน\s*ita|overall(?:\s+score)?)"
                r"(?![a-z])", re.I), "overall"),
    (re.compile(r"^(?:ระดับผลการประเมิน|ระดับ|level)(?![a-z])", re.I), "level"),
    (re.compile(r"^(?:แบบวัด\s*)?(IIT|EIT|OIT)(?![a-z0-9])", re.I), None),
)  # fmt: skip
_PART_CELL = re.compile(r"^(?:ส่วนที่|part)\s*(\d)$", re.I)
#: A header cell naming a year's score column: "2568", "ปี 2568", "คะแนน 2568", "FY2568".
_YEAR_COLUMN = re.compile(
    r"^(?:(?:คะแนน|ผลคะแนน|score|ปีงบประมาณ|ปี|fy|พ\.\s*ศ\.)\s*)*(?P<year>2[45]\d\d)"
    r"(?:\s*(?:คะแนน|score))?$",
    re.I,
)

HEADER_WORDS = {
    "item": ("รายการ", "หัวข้อ", "ตัวชี้วัด", "ข้อ", "ข้อคำถาม", "ประเด็น", "item", "indicator",
             "question", "field", "รหัส", "id"),
    "value": ("คะแนน", "ค่า", "ผลคะแนน", "คะแนนที่ได้", "score", "value", "points"),
    "part": ("ส่วนที่", "part"),
    "name": ("ชื่อ", "ชื่อตัวชี้วัด", "รายละเอียด", "name", "title", "description"),
    "level": ("ระดับ", "ระดับผลการประเมิน", "level"),
}  # fmt: skip
#: Item column headers under which a bare number is an indicator's number.
NUMBERED = ("ตัวชี้วัด", "ตัวชี้วัดที่", "indicator", "ที่", "no.", "ลำดับ")
Named = tuple[str, str, int | None, str]


def _clean(cell: str) -> str:
    cell = _ODD_SPACES.sub(" ", cell.replace("\v", " "))
    cell = re.sub(r"\s+", " ", cell).strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        cell = cell[1:-1].replace('""', '"').strip()
    return cell


def number_text(cell: str) -> str | None:
    """``"๙๘,๗๐"`` → ``"98.70"``; ``" 96 .50 %"`` → ``"96.50"``; None when not a number."""
    text = arabic_digits(cell).replace(" ", "").removesuffix("%")
    if _THOUSANDS.match(text) and not re.match(r"^\d{1,3},\d{3}$", text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return None
    return text.replace(",", ".")


def _split_lines(text: str) -> list[str]:
    """Lines as the clipboard has them; a quoted cell may hold line breaks (Excel)."""
    lines: list[str] = []
    pending: str | None = None
    for raw in re.split(r"\r\n|\r|\n", text):
        if pending is not None:
            pending += "\n" + raw
            if pending.count('"') % 2 == 0:
                lines.append(pending)
                pending = None
        elif raw.count('"') % 2 == 1 and re.search(r'(^|\t)"', raw):
            pending = raw
        else:
            lines.append(raw)
    if pending is not None:  # never closed: not a quoted cell after all
        lines.extend(pending.split("\n"))
    return lines


def _cells(line: str) -> list[str]:
    if "\t" in line:
        return [_clean(c) for c in line.split("\t")]
    if line.count("|") >= 2:  # a table pasted from a Markdown or wiki page
        return [_clean(c) for c in line.strip().strip("|").split("|")]
    cell = _clean(line)
    match = _TRAILING_NUMBER.match(cell)
    if match and (_item(match["label"]) is not None or _item(cell) is None):
        return [match["label"], match["value"]]
    return [cell] if cell else []


def _item(cell: str) -> Named | None:
    """(kind, id, part, the rest of the cell) of a cell that names an item, else None."""
    if not cell:
        return None
    exact = _classify(cell)
    if exact is not None:
        return exact[0], exact[1], exact[2], ""
    text = arabic_digits(cell)
    if match := _INDICATOR_PREFIX.match(text):
        return "indicator", str(int(match[1])), None, text[match.end() :].strip()
    if match := _QUESTION_PREFIX.match(text):
        ident = question_id(match[1])
        part = int(match[2]) if match[2] else None
        return "question", ident, part, text[match.end() :].strip()
    for pattern, official in _OFFICIAL_PREFIX:
        if match := pattern.match(text):
            return "official", official or match[1].upper(), None, text[match.end() :].strip()
    if text.startswith("ปีงบประมาณ") and (year := _YEAR_IN_TEXT.search(text)):
        return "meta", "fiscal_year", None, year[1] or year[2]
    return None


def _year_column(cell: str) -> int | None:
    """The year a header cell names as a score column ("2568", "คะแนน ปี ๒๕๖๘"), else None."""
    match = _YEAR_COLUMN.match(arabic_digits(cell))
    return int(match["year"]) if match else None


#: Header words of number columns that are not the score: full marks, weight.
NOT_SCORES = ("คะแนนเต็ม", "เต็ม", "น้ำหนัก", "ร้อยละน้ำหนัก", "full", "max", "weight")


def _is_value_word(word: str) -> bool:
    if any(w in word for w in NOT_SCORES):
        return False
    return word in HEADER_WORDS["value"] or any(
        word.startswith(w) and len(word) <= len(w) + 12 for w in HEADER_WORDS["value"] if len(w) > 3
    )


def _header(cells: Sequence[str]) -> tuple[dict[str, int], list[int]] | None:
    """The columns of a header row (no cell is a number but a year naming a score column, and
    one cell names the score column), and every cell that names a score column."""
    if any(number_text(c) is not None and _year_column(c) is None for c in cells if c):
        return None
    columns: dict[str, int] = {}
    scores = [i for i, c in enumerate(cells) if _year_column(c) is not None]
    for index, cell in enumerate(cells):
        word = cell.lower()
        if index in scores:
            continue
        for column, words in HEADER_WORDS.items():
            if column == "value" and _is_value_word(word):
                scores.append(index)
                break
            if column not in columns and column != "value" and (word in words or any(
                word.startswith(w) and len(word) <= len(w) + 12 for w in words if len(w) > 3
            )):  # fmt: skip
                columns[column] = index
                break
    years = [i for i in scores if _year_column(cells[i]) is not None]
    if len(years) == 1 and not ({"item", "name"} & columns.keys()):
        # one year and no column header beside it: a title or a fiscal-year row, not a header
        scores.remove(years[0])
    if not scores:
        return None
    scores.sort()
    columns["value"] = scores[0]
    if "item" in columns and cells[columns["item"]].lower() in NUMBERED:
        columns["numbered"] = 1
    elif "item" not in columns and cells and cells[0].lower() in NUMBERED:
        columns["item"], columns["numbered"] = 0, 1
    return columns, scores


def _paste_year(lines: Sequence[str]) -> int | None:
    """The fiscal year the paste names (a ``ปีงบประมาณ`` row or a title), read ahead of the rows
    so that it can choose between score columns."""
    for line in lines:
        cells = _cells(line)
        found = _named(cells, None)
        if found is not None and found[0][:2] == ("meta", "fiscal_year"):
            (_kind, _ident, _part, rest), at = found
            value = rest or next((c for c in cells[at + 1 :] if c), "")
            digits = arabic_digits(value)
            if digits.isdigit():
                return int(digits)
        elif found is None and (year := _YEAR_IN_TEXT.search(arabic_digits(" ".join(cells)))):
            return int(year[1] or year[2])
    return None


def _choose_column(
    cells: Sequence[str],
    columns: dict[str, int],
    scores: list[int],
    year: int | None,
    number: int,
    file: str,
) -> tuple[Problem | None, Finding | None]:
    """With two or more score columns: the column of the paste's year, or a problem."""
    names = [cells[i] for i in scores]
    years = [_year_column(n) for n in names]
    shown = ", ".join(f"“{n}”" for n in names)
    if year is not None and years.count(year) == 1:
        columns["value"] = scores[years.index(year)]
        others = ", ".join(f"“{n}”" for n, y in zip(names, years, strict=True) if y != year)
        note = Finding(
            "info",
            "pasted_column_chosen",
            _("the pasted table has {count} score columns ({columns}): the scores of column "
              "“{chosen}” were read, for fiscal year {year}; {others} not").format(
                count=len(scores), columns=shown, chosen=cells[columns["value"]], year=year,
                others=others,
            ),
            location=f"{file}, line {number}",
        )  # fmt: skip
        return None, note
    if all(y is not None for y in years) and len(set(years)) == len(years):
        hint = _("choose the fiscal year of the column to read, or delete the other columns")
    else:
        hint = _("delete all but one score column before pasting")
    message = _("the pasted table has {count} score columns ({columns}): {hint}").format(
        count=len(scores), columns=shown, hint=hint
    )
    return Problem(file, message, line=number, field=" | ".join(names)), None


def read_paste(data: bytes, file: str) -> ReadFile:
    """Entries from a pasted table (see the module text); line numbers are the paste's."""
    limits.check_size(len(data), "result.txt", file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = _("cannot read the pasted text: not UTF-8 (byte {byte})").format(byte=exc.start)
        raise InputError([Problem(file, message)]) from None
    if "\x00" in text:
        raise InputError([Problem(file, _("not a text file (it contains NUL bytes)"))])
    if not text.strip():
        raise InputError([Problem(file, _("nothing was pasted"))])
    lines = _split_lines(text)
    if len(lines) > limits.MAX_ROWS:
        raise limits.too_many_rows(file, "line")
    out: list[Entry] = []
    problems: list[Problem] = []
    notes: list[Finding] = []
    columns: dict[str, int] | None = None
    several_scores: tuple[int, list[str]] | None = None  # the first row with two scores
    line_number = 0
    for line in lines:
        line_number += 1
        cells = _cells(line)
        number = line_number
        line_number += line.count("\n")  # a quoted cell's line breaks
        if not any(cells):
            continue
        limits.check_row(cells, number, file)
        started = any(e.kind != "meta" for e in out)
        if columns is None and not started and (header := _header(cells)) is not None:
            columns, scores = header
            if len(scores) > 1:
                problem, note = _choose_column(
                    cells, columns, scores, _paste_year(lines), number, file
                )
                if problem is not None:
                    raise InputError([problem])
                if note is not None:
                    notes.append(note)
            continue
        made = _entries(cells, columns, number, file, problems)
        if made and columns is None and several_scores is None and len(_scores_after(cells)) > 1:
            several_scores = (number, _scores_after(cells))
        title = arabic_digits(" ".join(cells))
        if (
            not made
            and (year := _YEAR_IN_TEXT.search(title))
            and not any(e.id == "fiscal_year" for e in out)
        ):  # a title such as "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
            made = [Entry("meta", "fiscal_year", year[1] or year[2], number, "ปีงบประมาณ")]
        if made:
            out.extend(made)
        elif any(number_text(c) is not None for c in cells):
            shown = " | ".join(c for c in cells if c)[:80]
            notes.append(
                Finding(
                    "info",
                    "pasted_row_skipped",
                    _("line {line} was skipped: no indicator, question or OIT item named in "
                      "it ({text})").format(line=number, text=shown),
                    location=f"{file}, line {number}",
                )
            )  # fmt: skip
    if several_scores is not None:
        at_line, two_scores = several_scores
        message = _(
            "line {line} has {count} scores ({scores}), as a table copied with several score "
            "columns has: paste one score column, or copy the table's header row too so the "
            "columns are named"
        ).format(line=at_line, count=len(two_scores), scores=", ".join(two_scores))
        problems.insert(0, Problem(file, message, line=at_line))
    return ReadFile(out, problems, notes)


def _scores_after(cells: list[str]) -> list[str]:
    """The numbers after the item a row names (not a part cell such as ส่วนที่ 2)."""
    found = _named(cells, None)
    if found is None or found[0][0] == "meta":
        return []
    _named_item, at = found
    return [c for c in cells[at + 1 :] if number_text(c) is not None and not _PART_CELL.match(c)]


def _named(cells: list[str], columns: dict[str, int] | None) -> tuple[Named, int] | None:
    """The item a row names and the index of its cell: the header's item column first."""
    item_at = columns.get("item") if columns else None
    if item_at is not None and item_at < len(cells) and (named := _item(cells[item_at])):
        return named, item_at
    for index, cell in enumerate(cells):
        if (named := _item(cell)) is not None:
            return named, index
    if item_at is not None and item_at < len(cells) and columns and columns.get("numbered"):
        digits = arabic_digits(cells[item_at])
        if digits.isdigit() and len(digits) <= 2:  # "1" under a ตัวชี้วัด column
            return ("indicator", str(int(digits)), None, ""), item_at
    return None


def _entries(
    cells: list[str],
    columns: dict[str, int] | None,
    number: int,
    file: str,
    problems: list[Problem],
) -> list[Entry]:
    found = _named(cells, columns)
    if found is None:
        return []
    (kind, ident, part, rest), at = found
    after = cells[at + 1 :]
    part_at = columns.get("part") if columns else None
    if part_at is not None and part_at < len(cells) and cells[part_at]:
        text = arabic_digits(cells[part_at]).removeprefix("ส่วนที่").strip()
        part = int(text) if text.isdigit() else part
    if part is None and kind == "question":
        for cell in after:
            if match := _PART_CELL.match(arabic_digits(cell)):
                part = int(match[1])
                break
    value: str | None = None
    value_at = columns.get("value") if columns else None
    level_at = columns.get("level") if columns else None
    if kind == "official" and ident == "level":
        texts = [c for c in after if c and number_text(c) is None]
        value = cells[level_at] if level_at is not None and level_at < len(cells) else None
        value = value or (texts[0] if texts else rest or None)
    elif value_at is not None and value_at < len(cells) and value_at != at:
        value = cells[value_at]
    elif kind == "meta" and rest:
        value = rest
    else:
        scores = [c for c in after if number_text(c) is not None and not _PART_CELL.match(c)]
        value = scores[0] if scores else next((c for c in reversed(after) if c), None)
    label = cells[at]
    if value is None or value in ("", "-", "–", "—"):
        message = _("{item} has no value").format(item=label)
        problems.append(Problem(file, message, line=number, field=label))
        return []
    textual = (kind, ident) == ("official", "level") or (kind == "meta" and ident != "fiscal_year")
    figure: object = value if textual else (number_text(value) or value)
    made = [Entry(cast(Kind, kind), ident, figure, number, label, part=part, table=MAIN_TABLE)]
    if (kind, ident) == ("official", "overall"):
        # "คะแนนรวม  94.11  ผ่านดี": the level beside the overall score
        level = cells[level_at] if level_at is not None and level_at < len(cells) else ""
        level = level or next((c for c in after if c and number_text(c) is None), "")
        if level:
            made.append(Entry("official", "level", level, number, label, table=MAIN_TABLE))
    return made


def given_meta(data: bytes, file: str) -> set[str]:
    """Which of fiscal_year, agency.name, agency.code the paste gives itself."""
    try:
        read = read_paste(data, file)
    except InputError:
        return set()
    return {e.id for e in read.entries if e.kind == "meta"}


def complete(
    text: str, fiscal_year: int | None, agency_name: str | None, agency_code: str = ""
) -> bytes:
    """The document stored for a paste: the text, then the year and agency it lacks (those
    given here; None adds nothing).

    The added lines go at the end so that the pasted lines keep their numbers in problems.
    """
    body = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    data = body.encode("utf-8")
    present = given_meta(data, "pasted.txt")
    extra = []
    if fiscal_year is not None and "fiscal_year" not in present:
        extra.append(f"ปีงบประมาณ\t{fiscal_year}")
    if agency_name and "agency.name" not in present:
        extra.append(f"ชื่อหน่วยงาน\t{agency_name}")
    if agency_code and "agency.code" not in present:
        extra.append(f"รหัสหน่วยงาน\t{agency_code}")
    return ("\n".join([body, *extra]) + "\n").encode("utf-8")
