"""The canonical JSON result format (docs/formats.md).

```json
{"fiscal_year": 2568,
 "agency": {"name": "เทศบาลตำบลคำบง", "type": "เทศบาลตำบล", "province": "อุดรธานี"},
 "agency_kind": "local_government",
 "indicators": {"1": 98.70, "...": 0, "10": 90.00},
 "questions": {"i1": 96.67, "e1": {"part1": 99.51, "part2": 100}, "O7": 0},
 "official": {"overall": 94.11, "level": "ผ่านดี", "tools": {"IIT": 98.89}},
 "other_tables": [{"name": "comparison table", "indicators": {"8": 99.81}, "overall": 94.11}]}
```
"""

from __future__ import annotations

import json
import re
from typing import Any

from openita import limits
from openita.errors import InputError, Problem
from openita.i18n import _
from openita.ingest.entries import MAIN_TABLE, Entry, ReadFile
from openita.yamldoc import Path, load_yaml

TOP_LEVEL = {"fiscal_year", "agency", "agency_kind", "indicators", "questions", "official",
             "other_tables", "notes", "schema"}  # fmt: skip
AGENCY_FIELDS = {"name", "type", "province", "district", "code", "kind"}
_PART = re.compile(r"^(?:part)?\s*([0-9]+)$", re.IGNORECASE)


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _line_map(text: str, file: str) -> dict[Path, int]:
    try:
        return load_yaml(text, file).lines
    except InputError:
        return {}


def read_json(data: bytes, file: str) -> ReadFile:
    """Entries of a canonical JSON result; InputError for anything that is not one."""
    limits.check_size(len(data), "result.json", file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    file,
                    _("not UTF-8 text (byte {byte}); JSON files must be UTF-8").format(
                        byte=exc.start
                    ),
                )
            ]
        ) from None
    if not text.strip():
        raise InputError([Problem(file, _("the file is empty"))])
    limits.check_json_text(text, file)
    try:
        doc = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_int=lambda digits: limits.check_digits(digits, file),
        )
    except json.JSONDecodeError as exc:
        raise InputError(
            [
                Problem(
                    file,
                    _("not valid JSON: {reason} (column {column})").format(
                        reason=exc.msg, column=exc.colno
                    ),
                    line=exc.lineno,
                )
            ]
        ) from None
    except _DuplicateKey as exc:
        # The YAML reader (JSON is YAML) rejects the same duplicate and knows its line.
        load_yaml(text, file)
        message = _("key {key} appears twice in one object").format(key=exc)
        raise InputError([Problem(file, message)]) from None
    lines = _line_map(text, file)
    return _entries(doc, file, lines)


def _entries(doc: object, file: str, lines: dict[Path, int]) -> ReadFile:
    problems: list[Problem] = []

    def line(path: Path) -> int | None:
        for end in range(len(path), -1, -1):
            if tuple(path[:end]) in lines:
                return lines[tuple(path[:end])]
        return None

    def bad(path: Path, message: str) -> None:
        problems.append(Problem(file, message, line=line(path),
                                field=".".join(str(p) for p in path) or None))  # fmt: skip

    def mapping(path: Path, value: object) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        bad(path, _("expected an object ({{...}}), got {type}").format(type=type(value).__name__))
        return None

    out: list[Entry] = []
    if not isinstance(doc, dict):
        raise InputError(
            [Problem(file, _("a result must be a JSON object ({{...}})").format(), line=1)]
        )
    for key in doc:
        if key not in TOP_LEVEL:
            bad(
                (key,),
                _("unknown field {field} (known: {known})").format(
                    field=repr(key), known=", ".join(sorted(TOP_LEVEL))
                ),
            )
    if "fiscal_year" in doc:
        out.append(Entry("meta", "fiscal_year", doc["fiscal_year"], line(("fiscal_year",)),
                         "fiscal_year"))  # fmt: skip
    if "agency_kind" in doc:
        out.append(Entry("meta", "agency.kind", doc["agency_kind"], line(("agency_kind",)),
                         "agency_kind"))  # fmt: skip
    agency = doc.get("agency")
    if isinstance(agency, str):
        out.append(Entry("meta", "agency.name", agency, line(("agency",)), "agency"))
    elif agency is not None and (fields := mapping(("agency",), agency)) is not None:
        for key, value in fields.items():
            if key not in AGENCY_FIELDS:
                bad(("agency", key), _("unknown agency field {field}").format(field=repr(key)))
            elif value is not None:
                out.append(Entry("meta", f"agency.{key}", value, line(("agency", key)),
                                 f"agency.{key}"))  # fmt: skip

    def scores(path: Path, table: str, kind: str) -> None:
        value = _get(doc, path)
        if value is None:
            return
        block = mapping(path, value)
        for key, score in (block or {}).items():
            where = (*path, key)
            field = ".".join(str(p) for p in where)
            if kind == "question" and isinstance(score, dict):
                for part_key, part_score in score.items():
                    match = _PART.match(str(part_key))
                    if not match:
                        bad((*where, part_key), _("EIT parts are 'part1', 'part2', ... not "
                            "{part}").format(part=repr(part_key)))  # fmt: skip
                        continue
                    out.append(Entry("question", str(key), part_score,
                                     line((*where, part_key)), f"{field}.{part_key}",
                                     part=int(match.group(1)), table=table))  # fmt: skip
                continue
            out.append(Entry("indicator" if kind == "indicator" else "question", str(key),
                             score, line(where), field, table=table))  # fmt: skip

    scores(("indicators",), MAIN_TABLE, "indicator")
    scores(("questions",), MAIN_TABLE, "question")
    official = doc.get("official")
    if official is not None and (block := mapping(("official",), official)) is not None:
        for key, value in block.items():
            if key == "tools" and (tools := mapping(("official", "tools"), value)) is not None:
                for tool, score in tools.items():
                    out.append(Entry("official", str(tool), score,
                                     line(("official", "tools", tool)),
                                     f"official.tools.{tool}"))  # fmt: skip
            elif key != "tools":
                out.append(Entry("official", str(key), value, line(("official", key)),
                                 f"official.{key}"))  # fmt: skip
    tables = doc.get("other_tables")
    if tables is not None:
        if not isinstance(tables, list):
            bad(("other_tables",), _("expected a list of tables"))
        else:
            for n, table in enumerate(tables):
                block = mapping(("other_tables", n), table)
                if block is None:
                    continue
                name = str(block.get("name") or _("table {number}").format(number=n + 2))
                for key in block:
                    if key not in {"name", "indicators", "overall"}:
                        bad(
                            ("other_tables", n, key),
                            _("unknown table field {field}").format(field=repr(key)),
                        )
                scores(("other_tables", n, "indicators"), name, "indicator")
                if "overall" in block:
                    out.append(Entry("official", "overall", block["overall"],
                                     line(("other_tables", n, "overall")),
                                     f"other_tables.{n}.overall", table=name))  # fmt: skip
    return ReadFile(out, problems)


def _get(doc: dict[str, Any], path: Path) -> object:
    node: object = doc
    for key in path:
        if isinstance(node, dict):
            node = node.get(str(key))
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    return node
