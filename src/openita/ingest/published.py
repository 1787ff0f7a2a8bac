"""Files of a year that has no framework file: only its published figures (e.g. 2564).

OpenITA has frameworks only from FY2567 (ita-notes.md), so :func:`openita.ingest.parse_result`
refuses a 2564 file. The history charts and the web app's earlier years need only the
*published* figures, so such a file is read with the same format readers and the same checks
(the fiscal-year rule, numbers, 0–100, agency name: :mod:`openita.ingest.entries`) and kept as
published: fiscal year, agency, indicators and the official overall, level and tool scores.
Nothing is recomputed.
"""

from __future__ import annotations

from pathlib import Path

from openita.errors import InputError, Problem
from openita.frameworks.loader import available_years
from openita.i18n import _
from openita.ingest.entries import (
    MAIN_TABLE,
    ReadFile,
    _Reader,
    as_problem,
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
    if suffix == ".txt":
        from openita.ingest.paste import read_paste

        return read_paste(data, file)
    return read_xlsx(data, file)


def line_label(file: str) -> str:
    return "row" if Path(file).suffix.lower() == ".xlsx" else "line"


def has_framework(data: bytes, file: str) -> bool:
    """False when the file names a Buddhist-era fiscal year that has no framework (e.g. 2564).

    A file whose year is missing, not a number or a CE year "has" one: the full importer then
    names the problem, exactly as the CLI does.
    """
    try:
        read = read_entries(data, file)
    except InputError:
        return True
    year = fiscal_year(_Reader(file, line_label(file)), read.entries)
    return year is None or year in available_years()


def parse_published(data: bytes, file: str) -> AgencyResult:
    """The published figures of a result file whose fiscal year has no framework."""
    read = read_entries(data, file)
    reader = _Reader(file, line_label(file), problems=list(read.problems))
    year = fiscal_year(reader, read.entries)
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
