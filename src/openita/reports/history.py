"""Older years for the history charts, including years that have no framework file.

The report shows the overall score of every year given (issue 5: "e.g. 2564–2568"), but OpenITA
has frameworks only from FY2567 (ita-notes.md), so :func:`openita.ingest.read_result` refuses a
2564 file. For the charts only the *published* figures are needed, so such a file is read with
the same format readers (same file formats, same line-numbered errors) and kept as published:
fiscal year, agency, indicators and the official overall, level and tool scores. Nothing is
recomputed and nothing of it reaches the tables or the analysis.
"""

from __future__ import annotations

from pathlib import Path

from openita.errors import InputError, Problem
from openita.frameworks.loader import available_years
from openita.i18n import _
from openita.ingest import parse_result, read_result
from openita.ingest.entries import ReadFile
from openita.scoring.model import Agency, AgencyResult


def _read_entries(data: bytes, file: str) -> ReadFile:
    from openita.ingest.jsonfile import read_json
    from openita.ingest.table import read_csv, read_xlsx

    suffix = Path(file).suffix.lower()
    if suffix == ".json":
        return read_json(data, file)
    if suffix == ".csv":
        return read_csv(data, file)
    return read_xlsx(data, file)


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def published_result(path: Path) -> AgencyResult:
    """The published figures of a result file whose fiscal year has no framework."""
    return parse_published(path.read_bytes(), str(path))


def parse_published(data: bytes, file: str) -> AgencyResult:
    """:func:`published_result` for the bytes of a file (``file`` names it, e.g. an upload)."""
    read = _read_entries(data, file)
    if read.problems:
        raise InputError(read.problems)
    meta: dict[str, str] = {}
    indicators: dict[str, float] = {}
    official: dict[str, float] = {}
    level: str | None = None
    for entry in read.entries:
        if entry.table != "main":
            continue
        if entry.kind == "meta":
            meta[entry.id] = str(entry.value).strip()
        elif entry.kind == "indicator" and (value := _number(entry.value)) is not None:
            indicators[entry.id] = value
        elif entry.kind == "official" and entry.id == "level":
            level = str(entry.value).strip()
        elif entry.kind == "official" and (value := _number(entry.value)) is not None:
            official[entry.id] = value
    problems = []
    year = _number(meta.get("fiscal_year"))
    if year is None:
        problems.append(Problem(file, _("no fiscal_year")))
    if not meta.get("agency.name"):
        problems.append(Problem(file, _("no agency name")))
    if "overall" not in official:
        problems.append(
            Problem(file, _("a year without a framework needs its published overall score"))
        )
    if problems or year is None:
        raise InputError(problems)
    agency = Agency(
        meta["agency.name"],
        type=meta.get("agency.type"),
        province=meta.get("agency.province"),
        district=meta.get("agency.district"),
        code=meta.get("agency.code"),
    )
    return AgencyResult.build(
        int(year),
        agency,
        indicators=indicators,
        official_overall=official["overall"],
        official_level=level,
        official_tools={k: v for k, v in official.items() if k != "overall"},
        source=file,
    )


def read_history(path: Path) -> AgencyResult:
    """A history file: read normally, or as published figures when its year has no framework."""
    try:
        data = path.read_bytes()
    except OSError:
        return read_result(path).result  # names the file and the reason
    return parse_history(data, str(path))


def has_framework(data: bytes, file: str) -> bool:
    """False when the file names a fiscal year that has no framework file (e.g. 2564)."""
    try:
        read = _read_entries(data, file)
    except InputError:
        return True
    years = [_number(e.value) for e in read.entries if e.kind == "meta" and e.id == "fiscal_year"]
    return not (years and years[0] is not None and int(years[0]) not in available_years())


def parse_history(data: bytes, file: str) -> AgencyResult:
    """:func:`read_history` for the bytes of a file."""
    if not has_framework(data, file):
        return parse_published(data, file)
    return parse_result(data, file).result
