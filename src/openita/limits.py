"""The limits on every file a user gives us, checked before the file is parsed.

One home for every bound (docs/formats.md, "Limits"): the CLI, the web upload page and the API
all read files through :mod:`openita.ingest`, :mod:`openita.yamldoc` and the plan and framework
loaders, which call the checks here. A file over a limit is refused with
:class:`LimitExceeded`, an :class:`~openita.errors.InputError` whose problem carries the
limit's ``code`` and a message naming the limit; nothing is parsed further and nothing is
written. The bounds are far above any real ITA file (a full result is a few kilobytes, a
framework file about 20 KB) and far below what could exhaust a worker's memory or time.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from openita.errors import InputError, Problem
from openita.message import Message, Text

Kind = Literal[
    "result.json",
    "result.csv",
    "result.xlsx",
    "result.txt",
    "plan.yaml",
    "framework.yaml",
    "links.csv",
]

KB = 1024
MB = 1024 * KB

#: The largest file accepted per kind, in bytes, checked before anything is read from it.
MAX_BYTES: dict[Kind, int] = {
    "result.json": 1 * MB,
    "result.csv": 1 * MB,
    "result.xlsx": 5 * MB,
    "result.txt": 1 * MB,  # a pasted table (openita.ingest.paste)
    "plan.yaml": 1 * MB,
    "framework.yaml": 2 * MB,
    "links.csv": 1 * MB,
}
#: JSON and YAML: how deep objects/lists may nest, and how many values a document may hold.
MAX_DEPTH = 32
MAX_JSON_VALUES = 10_000
MAX_YAML_NODES = 20_000
#: The digits of one integer (Python refuses to read more than 4,300 anyway).
MAX_DIGITS = 40
#: CSV and XLSX: rows, columns and the characters of one cell.
MAX_ROWS = 10_000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 10_000
#: XLSX, read from the zip archive's directory before openpyxl opens it.
MAX_ZIP_MEMBERS = 200
MAX_UNCOMPRESSED = 16 * MB
MAX_COMPRESSION_RATIO = 100


class LimitExceeded(InputError):
    """A file over one of the limits; ``code`` names the limit (e.g. ``"too_large"``)."""

    def __init__(
        self,
        file: str,
        code: str,
        message: Text,
        line: int | None = None,
        line_label: str = "line",
    ) -> None:
        self.code = code
        super().__init__([Problem(file, message, line=line, line_label=line_label, code=code)])

    @property
    def status(self) -> int:
        """413 for a file too large to read at all, 422 for any other limit."""
        return 413 if self.code == "too_large" else 422


def size_text(size: int) -> str:
    """``1 MB``, ``640 KB``, ``12 bytes``: a size as people read it."""
    if size >= MB and size % MB == 0:
        return f"{size // MB} MB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= KB:
        return f"{size // KB} KB"
    return f"{size} bytes"


def result_kind(file: str) -> Kind | None:
    """The kind of a result file by its extension, or None for an unknown one."""
    suffix = file.rsplit(".", 1)[-1].lower() if "." in file else ""
    kinds: dict[str, Kind] = {
        "json": "result.json",
        "csv": "result.csv",
        "xlsx": "result.xlsx",
        "txt": "result.txt",
    }
    return kinds.get(suffix)


def check_size(size: int, kind: Kind, file: str) -> None:
    """Refuse a file of ``size`` bytes that is larger than the limit of its kind."""
    limit = MAX_BYTES[kind]
    if size > limit:
        raise LimitExceeded(
            file,
            "too_large",
            Message(
                "the file is {size}; a {kind} file may be at most {limit}",
                size=size_text(size),
                kind=kind,
                limit=size_text(limit),
            ),
        )


def check_file(path: Path, kind: Kind) -> None:
    """:func:`check_size` for a file on disk, from its size alone (nothing is read).

    A file that cannot be stat'ed passes: reading it then says why it cannot be read.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return
    check_size(size, kind, str(path))


def too_deep(file: str, line: int | None = None) -> LimitExceeded:
    return LimitExceeded(
        file,
        "too_deep",
        Message("values are nested more than {limit} levels deep", limit=MAX_DEPTH),
        line=line,
    )


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_STRUCTURE = re.compile(r"[\[\]{}]")


def check_json_text(text: str, file: str) -> None:
    """Depth and value count of JSON ``text``, measured without parsing it.

    Strings are blanked first, so a bracket or comma inside one does not count; then the
    brackets give the depth and the commas and colons bound the number of values.
    """
    bare = _JSON_STRING.sub('""', text)
    values = bare.count(",") + bare.count(":")
    if values > MAX_JSON_VALUES:
        raise LimitExceeded(
            file,
            "too_many_values",
            Message("the file holds more than {limit} keys and values", limit=MAX_JSON_VALUES),
        )
    depth = 0
    for match in _JSON_STRUCTURE.finditer(bare):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise too_deep(file, line=bare.count("\n", 0, match.start()) + 1)
        else:
            depth -= 1


def yaml_alias(file: str, line: int) -> LimitExceeded:
    return LimitExceeded(
        file,
        "yaml_alias",
        Message("YAML anchors and aliases (&name, *name) are not accepted; write the values out"),
        line=line,
    )


def too_many_nodes(file: str, line: int) -> LimitExceeded:
    return LimitExceeded(
        file,
        "too_many_values",
        Message("the file holds more than {limit} keys and values", limit=MAX_YAML_NODES),
        line=line,
    )


def too_many_rows(file: str, label: str) -> LimitExceeded:
    return LimitExceeded(
        file,
        "too_many_rows",
        Message("the file has more than {limit} rows", limit=MAX_ROWS),
        line=MAX_ROWS + 1,
        line_label=label,
    )


def check_digits(text: str, file: str) -> int:
    """An integer of at most :data:`MAX_DIGITS` digits (a JSON ``parse_int`` hook)."""
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise LimitExceeded(
            file,
            "number_too_long",
            Message(
                "a number of {digits} digits; at most {limit}",
                digits=len(text.lstrip("-")),
                limit=MAX_DIGITS,
            ),
        )
    return int(text)


def check_row(cells: Sequence[object], number: int, file: str, label: str = "line") -> None:
    """Refuse a row of more than :data:`MAX_COLUMNS` cells or a cell over :data:`MAX_CELL_CHARS`."""
    if len(cells) > MAX_COLUMNS:
        raise LimitExceeded(
            file,
            "too_many_columns",
            Message("more than {limit} columns", limit=MAX_COLUMNS),
            line=number,
            line_label=label,
        )
    for cell in cells:
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise LimitExceeded(
                file,
                "cell_too_long",
                Message(
                    "a cell of {length} characters; at most {limit}",
                    length=len(cell),
                    limit=MAX_CELL_CHARS,
                ),
                line=number,
                line_label=label,
            )


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def check_xlsx_archive(data: bytes, file: str) -> None:
    """Check an XLSX (a zip archive) from its directory, before openpyxl reads any part of it.

    Bounds the number of members, their total uncompressed size, each member's compression
    ratio (a zip bomb packs hundreds of megabytes of shared strings in a few hundred KB) and
    the dimension the first sheet declares. A member whose data holds more than its directory
    entry says fails its checksum when openpyxl reads it, so the directory can be trusted.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(
            [Problem(file, Message("not a readable XLSX workbook ({reason})", reason=exc))]
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise LimitExceeded(
                file,
                "xlsx_members",
                Message(
                    "the workbook has {count} parts; at most {limit} are read",
                    count=len(members),
                    limit=MAX_ZIP_MEMBERS,
                ),
            )
        total = sum(m.file_size for m in members)
        if total > MAX_UNCOMPRESSED:
            raise LimitExceeded(
                file,
                "xlsx_uncompressed",
                Message(
                    "the workbook unpacks to {size}; at most {limit}",
                    size=size_text(total),
                    limit=size_text(MAX_UNCOMPRESSED),
                ),
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > MB and ratio > MAX_COMPRESSION_RATIO:
                raise LimitExceeded(
                    file,
                    "xlsx_ratio",
                    Message(
                        "the workbook part {part} is compressed {ratio} times; at most "
                        "{limit} times (a zip bomb?)",
                        part=member.filename,
                        ratio=int(ratio),
                        limit=MAX_COMPRESSION_RATIO,
                    ),
                )
        sheets = sorted(
            m.filename
            for m in members
            if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")
        )
        if not sheets:
            return
        try:
            with archive.open(sheets[0]) as part:
                head = part.read(4 * KB)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as exc:
            raise InputError(
                [Problem(file, Message("not a readable XLSX workbook ({reason})", reason=exc))]
            ) from None
    match = _DIMENSION.search(head)
    if match is None:
        return
    last_column, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
    rows = int(last_row) if last_row else 1
    columns = _column_number(last_column.decode("ascii")) if last_column else 1
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise LimitExceeded(
            file,
            "xlsx_dimension",
            Message(
                "the first sheet declares {rows} rows and {columns} columns; at most {max_rows} "
                "rows and {max_columns} columns are read",
                rows=rows,
                columns=columns,
                max_rows=MAX_ROWS,
                max_columns=MAX_COLUMNS,
            ),
        )
