# ruff: noqa: E501
"""A corpus of hostile input files, made on demand (issue 10 point 2; docs/formats.md "Limits").

Used by tests/ingest/test_hostile.py (each file through every importer in a subprocess with a
memory and time ceiling) and by bench/hostile.py (each file posted to the upload page and the
API of a production server). Every file is one a user could send: zip bombs, billion laughs,
deep nesting, huge lines, NUL bytes, wrong encodings. ``importer`` says which importer reads
it: ``result`` (a result file: JSON, CSV or XLSX), ``plan`` or ``framework`` (YAML).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Importer = Literal["result", "plan", "framework"]

GOOD_RESULT = {
    "fiscal_year": 2568,
    "agency": {"name": "เทศบาลตำบลทดสอบ (ข้อมูลสมมติ)"},
    "indicators": {str(n): 90 for n in range(1, 11)},
}


@dataclass(frozen=True)
class Hostile:
    name: str
    importer: Importer
    path: Path


def _write_text(path: Path, chunks: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(chunk)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)  # fmt: skip
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)  # fmt: skip
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)  # fmt: skip
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _xlsx(
    path: Path,
    rows: Callable[[], Iterator[str]],
    dimension: str | None = None,
    shared: Callable[[], Iterator[str]] | None = None,
    extra_members: int = 0,
) -> None:
    """A minimal workbook written part by part, so a huge sheet never sits in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for chunk in shared() if shared else iter(()):
                part.write(chunk.encode())
            part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(_SHEET_HEAD.encode())
            if dimension:
                part.write(f'<dimension ref="{dimension}"/>'.encode())
            part.write(b"<sheetData>")
            for chunk in rows():
                part.write(chunk.encode())
            part.write(b"</sheetData></worksheet>")
        for n in range(extra_members):
            archive.writestr(f"customXml/item{n}.xml", "<a/>")


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_rows() -> str:
    return f'<row r="1">{_inline("A1", "item")}{_inline("B1", "value")}</row>'


def _many_rows(count: int, numbered: bool = True) -> Callable[[], Iterator[str]]:
    def rows() -> Iterator[str]:
        yield _header_rows()
        batch = []
        for n in range(2, count + 2):
            if numbered:
                batch.append(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>')
            else:
                batch.append("<row><c><v>1</v></c></row>")
            if len(batch) == 10_000:
                yield "".join(batch)
                batch = []
        yield "".join(batch)

    return rows


def _one_row(cells: int) -> Callable[[], Iterator[str]]:
    def rows() -> Iterator[str]:
        yield _header_rows()
        yield '<row r="2">' + "".join("<c><v>1</v></c>" for _ in range(cells)) + "</row>"

    return rows


def _bomb_strings() -> Iterator[str]:
    text = "x" * 1000
    chunk = f"<si><t>{text}</t></si>" * 1000
    for _ in range(300):  # 300 MB of shared strings, a few hundred KB packed
        yield chunk


def _one_string(text: str) -> Callable[[], Iterator[str]]:
    def rows() -> Iterator[str]:
        yield _header_rows()
        yield f'<row r="2">{_inline("A2", "agency.name")}{_inline("B2", text)}</row>'

    return rows


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        refs = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{refs}]")
    return "\n".join(lines) + "\n"


def _deep_block_yaml(depth: int) -> Iterator[str]:
    for n in range(depth):
        yield " " * n + "k:\n"
    yield " " * depth + "v\n"


def write_corpus(directory: Path) -> list[Hostile]:
    """Write every hostile file into ``directory`` (about 40 MB) and list them."""
    directory.mkdir(parents=True, exist_ok=True)
    files: list[Hostile] = []

    def add(name: str, importer: Importer, data: bytes | str | None = None) -> Path:
        path = directory / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        elif data is not None:
            path.write_bytes(data)
        files.append(Hostile(name, importer, path))
        return path

    good = json.dumps(GOOD_RESULT, ensure_ascii=False)
    # --- result JSON
    keys = ",".join(f'"k{n}":{n}' for n in range(900_000))
    add("json-900000-keys.json", "result", '{"fiscal_year":2568,"notes":{' + keys + "}}")
    small_keys = ",".join(f'"{n}":1' for n in range(60_000))
    add("json-60000-keys-under-size.json", "result", '{"indicators":{' + small_keys + "}}")
    add("json-deep-2000-lists.json", "result", "[" * 2000 + "]" * 2000)
    add("json-deep-2000-objects.json", "result", '{"a":' * 2000 + "1" + "}" * 2000)
    add("json-deep-in-string.json", "result", good[:-1] + ',"notes":"' + "[{" * 20_000 + '"}')
    add("json-100000-digit-number.json", "result", good[:-1] + ',"notes":' + "9" * 100_000 + "}")
    add("json-fiscal-year-huge.json", "result", '{"fiscal_year":' + "9" * 5000 + "}")
    add("json-nul-bytes.json", "result", good.encode()[:20] + b"\x00" * 1000 + good.encode()[20:])
    add("json-utf16.json", "result", good.encode("utf-16"))
    add("json-cp874.json", "result", good.encode("cp874"))
    add("json-huge-name.json", "result",
        json.dumps({**GOOD_RESULT, "agency": {"name": "ก" * 300_000}}))  # fmt: skip
    add("json-one-huge-line-of-spaces.json", "result", " " * 900_000 + good)
    add("json-random-bytes.json", "result", bytes(range(256)) * 2000)
    add("json-empty.json", "result", b"")
    # --- result CSV
    _write_text(
        add("csv-2000000-rows.csv", "result"),
        iter(["item,value\n", *("indicator 1,90\n" for _ in range(2_000_000))]),
    )
    add("csv-20000-rows-under-size.csv", "result",
        "item,value\n" + "".join(f"O{n},1\n" for n in range(20_000)))  # fmt: skip
    add("csv-10000-columns.csv", "result", "item,value\nfiscal_year,2568" + "," * 10_000 + "\n")
    add("csv-huge-cell.csv", "result", 'item,value\nagency.name,"' + "ก" * 300_000 + '"\n')
    add("csv-huge-unquoted-line.csv", "result", "item,value\n" + "x" * 1_000_000 + "\n")
    add("csv-unclosed-quote.csv", "result", 'item,value\nagency.name,"' + "x" * 900_000)
    add("csv-nul-bytes.csv", "result", b"item,value\nfiscal_year,25\x0068\n")
    add("csv-utf16.csv", "result", "item,value\nfiscal_year,2568\n".encode("utf-16"))
    add("csv-random-bytes.csv", "result", bytes(range(128, 256)) * 4000)
    add("csv-only-newlines.csv", "result", "\n" * 900_000)
    # --- result XLSX
    _xlsx(add("xlsx-2000000-rows-dimension.xlsx", "result"), _many_rows(2_000_000, False),
          dimension="A1:B2000001")  # fmt: skip
    _xlsx(add("xlsx-2000000-rows-no-dimension.xlsx", "result"), _many_rows(2_000_000, False))
    _xlsx(add("xlsx-20000-rows-under-size.xlsx", "result"), _many_rows(20_000))
    _xlsx(add("xlsx-shared-strings-bomb.xlsx", "result"), _many_rows(1), shared=_bomb_strings)
    _xlsx(add("xlsx-wide-dimension.xlsx", "result"), _one_row(10), dimension="A1:XFD2")
    _xlsx(add("xlsx-20000-cells-in-a-row.xlsx", "result"), _one_row(20_000))
    _xlsx(add("xlsx-huge-cell.xlsx", "result"), _one_string("ก" * 300_000))
    _xlsx(add("xlsx-1000-parts.xlsx", "result"), _many_rows(1), extra_members=1000)
    add("xlsx-not-a-zip.xlsx", "result", b"PK\x03\x04" + bytes(range(256)) * 100)
    tiny = directory / "tiny.zip"
    _xlsx(tiny, _many_rows(5))
    add("xlsx-truncated.xlsx", "result", tiny.read_bytes()[:-200])
    tiny.unlink()
    # --- plan YAML
    add("plan-billion-laughs.yaml", "plan", _billion_laughs())
    add("plan-one-alias.yaml", "plan", "fiscal_year: &y 2569\nbased_on_year: *y\n")
    add("plan-deep-5000-flow.yaml", "plan", "[" * 5000 + "]" * 5000)
    _write_text(add("plan-deep-5000-block.yaml", "plan"), _deep_block_yaml(5000))
    add("plan-3-mb.yaml", "plan", "notes: |\n" + "  บรรทัด\n" * 300_000)
    add("plan-300000-items-under-size.yaml", "plan", "[" + "1," * 300_000 + "1]")
    add("plan-5000-digit-number.yaml", "plan", "fiscal_year: " + "9" * 5000 + "\n")
    add("plan-nul-bytes.yaml", "plan", b"fiscal_year: 2569\x00\n")
    add("plan-utf16.yaml", "plan", "fiscal_year: 2569\n".encode("utf-16"))
    add("plan-huge-key.yaml", "plan", "k" * 900_000 + ": 1\n")
    # --- framework YAML
    add("framework-billion-laughs.yaml", "framework", _billion_laughs())
    add("framework-deep-5000.yaml", "framework", "{a: " * 5000 + "1" + "}" * 5000)
    add("framework-3-mb.yaml", "framework", "# " + "x" * 3_000_000 + "\n")
    add("framework-random-bytes.yaml", "framework", bytes(range(256)) * 100)
    return files


def import_one(importer: Importer, path: Path) -> dict[str, object]:
    """Read ``path`` with its importer, as the CLI and the web app do; refused or accepted."""
    from openita.errors import InputError

    try:
        if importer == "result":
            from openita.ingest import read_result
            from openita.reports.history import parse_history

            read_result(path)  # the CLI: the file's size is checked before it is read
        elif importer == "plan":
            from openita.analysis.plan import load_plan

            load_plan(path)
        else:
            from openita.frameworks import load_framework_file

            load_framework_file(path)
    except InputError as exc:
        return {
            "outcome": "refused",
            "codes": sorted({p.code or "" for p in exc.problems}),
            "message": str(exc.problems[0])[:200],
        }
    if importer == "result":
        try:
            parse_history(path.read_bytes(), path.name)  # the web app: the bytes of an upload
        except InputError as exc:
            return {"outcome": "refused", "codes": sorted({p.code or "" for p in exc.problems}),
                    "message": str(exc.problems[0])[:200]}  # fmt: skip
    return {"outcome": "accepted", "codes": [], "message": ""}


def _peak_rss_kb() -> int:
    """This process's own peak resident memory (``VmHWM``), in KB.

    Not ``ru_maxrss``: a child forked from a large pytest process starts with the parent's
    peak (Linux keeps it across fork and exec), so a full suite at 550 MB made every file look
    like 550 MB. ``main`` clears the high-water mark once the child runs (``clear_refs`` 5).
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _clear_peak() -> None:
    import contextlib

    # Not Linux, or not allowed: VmHWM then counts from the start of the process.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


class _TimeUp(Exception):
    pass


def _time_up(signum: int, frame: object) -> None:
    raise _TimeUp


def main(argv: list[str]) -> int:
    """``python -m tests.hostile MEMORY_MB SECONDS IMPORTER:PATH...``: each file under limits.

    The process's address space is capped at MEMORY_MB (``RLIMIT_AS``) and each file gets
    SECONDS of CPU time (a profiling timer); one JSON line per file tells its outcome.
    """
    import resource
    import signal
    import sys

    memory_mb, seconds, *files = argv
    limit = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGPROF, _time_up)
    import openita.ingest  # noqa: F401  (imported before the first timer starts)

    _clear_peak()

    for spec in files:
        importer, _colon, path = spec.partition(":")
        signal.setitimer(signal.ITIMER_PROF, float(seconds))
        try:
            outcome = import_one(importer, Path(path))  # type: ignore[arg-type]
        except _TimeUp:
            outcome = {"outcome": "timeout", "codes": [], "message": ""}
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        outcome["file"] = Path(path).name
        outcome["peak_rss_kb"] = _peak_rss_kb()
        sys.stdout.write(json.dumps(outcome) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
