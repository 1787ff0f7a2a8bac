"""Files kept as their published figures only: years without a framework file (e.g. 2560),
and incomplete files of years whose framework lists no questions (2563–2566).

OpenITA has frameworks from FY2563 (docs/frameworks.md); :func:`openita.ingest.parse_result`
scores a file of a year without one with the nearest year's rules, and refuses a file that
does not score completely. The history charts and the web app's earlier years need only the
*published* figures, so such a file is read with the same format readers and the same checks
(the fiscal-year rule, numbers, 0–100, agency name: :mod:`openita.ingest.entries`) and kept as
published: fiscal year, agency, indicators and the official overall, level and tool scores.
Nothing is recomputed.
"""

from __future__ import annotations

from pathlib import Path

from openita.errors import InputError, Problem
from openita.frameworks.kinds import DEFAULT_KIND
from openita.frameworks.loader import available_years, load_framework
from openita.i18n import _
from openita.ingest.entries import (
    MAIN_TABLE,
    ReadFile,
    _Reader,
    as_problem,
    file_kind,
    fiscal_year,
    out_of_range,
)
from openita.scoring.model import Agency, AgencyResult


def read_entries(data: bytes, file: str) -> ReadFile:
    """What the format reader of ``file``'s extension gets out of its bytes."""
    from openita.ingest.jsonfile import read_json
    from openita.ingest.table import read_csv, read_xlsx

    suffix = Path(file).suffix.lower()
    if suffix == ".json":
        return read_json(data, file)
    if suffix == ".csv":
        return read_csv(data, file)
    return read_xlsx(data, file)


def line_label(file: str) -> str:
    return "row" if Path(file).suffix.lower() == ".xlsx" else "line"


def _year(data: bytes, file: str) -> int | None:
    """The Buddhist-era fiscal year a file names; None when missing, bad or unreadable."""
    try:
        read = read_entries(data, file)
    except InputError:
        return None
    return fiscal_year(_Reader(file, line_label(file)), read.entries)


def has_framework(data: bytes, file: str) -> bool:
    """False when the file names a Buddhist-era fiscal year that has no framework (e.g. 2560).

    A file whose year is missing, not a number or a CE year "has" one: the full importer then
    names the problem, exactly as the CLI does.
    """
    year = _year(data, file)
    return year is None or year in available_years()


def keeps_published(data: bytes, file: str) -> bool:
    """True when a file that does not score completely is kept as published figures.

    So it is for a year without a framework file, and for a year whose framework lists no
    IIT/EIT questions (FY2563–2566: their questions are not known, so their results are the
    published figures; docs/frameworks.md). A complete file of such a year is still scored.
    """
    year = _year(data, file)
    if year is None:
        return False
    if year not in available_years():
        return True
    try:
        return not load_framework(year).questions
    except InputError:
        return False


def parse_published(data: bytes, file: str) -> AgencyResult:
    """The published figures of a result file whose fiscal year has no framework."""
    read = read_entries(data, file)
    reader = _Reader(file, line_label(file), problems=list(read.problems))
    year = fiscal_year(reader, read.entries)
    kind = file_kind(reader, read.entries) or DEFAULT_KIND
    meta: dict[str, str] = {}
    indicators: dict[str, float] = {}
    official: dict[str, float] = {}
    level: str | None = None
    blocking: list[Problem] = []
    for entry in read.entries:
        if entry.table != MAIN_TABLE or entry.id == "fiscal_year":
            continue
        if entry.kind == "meta" or (entry.kind == "official" and entry.id == "level"):
            text = reader.text(entry)
            if text is not None and entry.kind == "meta":
                meta[entry.id] = text
            elif text is not None:
                level = text
            continue
        if entry.kind not in ("indicator", "official"):
            continue
        value = reader.number(entry)
        if value is None:
            continue
        if (finding := out_of_range(reader, entry, value)) is not None:
            blocking.append(as_problem(file, finding))
            continue
        if entry.kind == "indicator":
            indicators[entry.id] = value
        else:
            official[entry.id] = value
    if not meta.get("agency.name"):
        reader.problem(None, _("no agency name (agency.name / ชื่อหน่วยงาน) given"))
    if "overall" not in official and year is not None:
        reader.problem(
            None,
            _("fiscal year {year} has no framework file, so its published overall score is needed")
            .format(year=year),
        )  # fmt: skip
    if reader.problems or blocking or year is None:
        raise InputError(reader.problems + blocking)
    agency = Agency(
        meta["agency.name"],
        type=meta.get("agency.type"),
        province=meta.get("agency.province"),
        district=meta.get("agency.district"),
        code=meta.get("agency.code"),
        kind=kind,
    )
    return AgencyResult.build(
        year,
        agency,
        indicators=indicators,
        official_overall=official["overall"],
        official_level=level,
        official_tools={k: v for k, v in official.items() if k != "overall"},
        source=file,
    )
