"""From raw values read out of a file to a checked :class:`AgencyResult`.

Every result format (JSON, CSV, XLSX) is read into a list of :class:`Entry` values, each
remembering where it came from. :func:`build_result` then checks them all in one place, so
the formats share one set of rules and one wording of errors:

- bad input (wrong types, unknown fiscal year, duplicate ids within one table, no agency name,
  empty file) → :class:`~openita.errors.InputError`: nothing is used, the CLI exits 2;
- suspicious but usable input (unknown ids for the year, scores outside 0–100, two tables that
  disagree, an official overall the indicators do not reproduce) → findings shown to the user.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

from openita.errors import InputError, Problem
from openita.frameworks import Framework, UnknownFiscalYear, load_framework
from openita.scoring.consistency import Finding, check, resolve_conflicts
from openita.scoring.model import Agency, AgencyResult, Reported
from openita.thaidate import arabic_digits

Kind = Literal["meta", "indicator", "question", "official"]
MAIN_TABLE = "main"

META_FIELDS = ("fiscal_year", "agency.name", "agency.type", "agency.province",
               "agency.district", "agency.code")  # fmt: skip
OFFICIAL_FIELDS = ("overall", "level", "IIT", "EIT", "OIT")


@dataclass(frozen=True, slots=True)
class Entry:
    kind: Kind
    id: str
    value: object
    line: int | None
    field: str
    part: int | None = None
    table: str = MAIN_TABLE


@dataclass
class LoadedResult:
    """A result read from a file, with every finding about it."""

    file: str
    result: AgencyResult
    framework: Framework
    findings: list[Finding] = field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]


@dataclass
class _Reader:
    file: str
    line_label: str
    problems: list[Problem] = field(default_factory=list)

    def problem(self, entry: Entry | None, message: str) -> None:
        self.problems.append(
            Problem(
                self.file,
                message,
                line=entry.line if entry else None,
                field=entry.field if entry else None,
                line_label=self.line_label,
            )
        )

    def where(self, entry: Entry) -> str:
        text = self.file if entry.line is None else f"{self.file}, {self.line_label} {entry.line}"
        return text if entry.table == MAIN_TABLE else f"{text}, table {entry.table!r}"

    def number(self, entry: Entry) -> float | None:
        value = entry.value
        if isinstance(value, bool):
            self.problem(entry, f"expected a number, got {value!r}")
            return None
        if isinstance(value, str):
            text = arabic_digits(value.strip()).replace(",", "")
            if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
                self.problem(entry, f"expected a number, got {value!r}")
                return None
            value = float(text)
        if not isinstance(value, int | float):
            self.problem(entry, f"expected a number, got {type(value).__name__}")
            return None
        number = float(value)
        if not math.isfinite(number):
            self.problem(entry, f"expected a finite number, got {value!r}")
            return None
        return number

    def text(self, entry: Entry) -> str | None:
        if isinstance(entry.value, str) and entry.value.strip():
            return entry.value.strip()
        if isinstance(entry.value, int | float) and not isinstance(entry.value, bool):
            return str(entry.value)
        self.problem(entry, "expected text")
        return None


def _fiscal_year(reader: _Reader, entries: list[Entry]) -> Framework | None:
    found = [e for e in entries if e.kind == "meta" and e.id == "fiscal_year"]
    if not found:
        reader.problem(None, "no fiscal_year (ปีงบประมาณ) given")
        return None
    entry = found[0]
    number = reader.number(entry)
    if number is None:
        return None
    if number != int(number):
        reader.problem(entry, f"fiscal year must be a whole number, got {entry.value!r}")
        return None
    year = int(number)
    if 1900 < year < 2200:
        reader.problem(
            entry,
            f"fiscal year {year} looks like a CE year; ITA years are Buddhist Era "
            f"(e.g. {year + 543})",
        )
        return None
    try:
        return load_framework(year)
    except UnknownFiscalYear as exc:
        reader.problem(entry, str(exc))
        return None


@dataclass
class ReadFile:
    """What a format reader got out of a file, before any domain check."""

    entries: list[Entry]
    problems: list[Problem] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)


def build_result(file: str, read: ReadFile, line_label: str = "line") -> LoadedResult:
    """Check what was read from ``file`` and build the result; raise InputError if bad.

    Problems the format reader found are reported together with the domain problems, so a
    user sees every problem of the file at once.
    """
    reader = _Reader(file, line_label, problems=list(read.problems))
    entries = read.entries
    if not entries and not reader.problems:
        raise InputError([Problem(file, "the file holds no result (it is empty)")])
    framework = _fiscal_year(reader, entries)
    findings: list[Finding] = list(read.notes)
    meta: dict[str, str] = {}
    indicators: dict[str, float] = {}
    questions: dict[str, float] = {}
    parts: dict[str, dict[int, float]] = {}
    official: dict[str, float] = {}
    official_level: str | None = None
    reported: list[Reported] = []
    seen: dict[tuple[str, str, int | None, str], Entry] = {}

    for entry in entries:
        key = (entry.kind, entry.id, entry.part, entry.table)
        if key in seen:
            first = seen[key]
            where = f" (first at {line_label} {first.line})" if first.line else ""
            reader.problem(entry, f"{entry.id} is given twice{where}")
            continue
        seen[key] = entry
        if entry.kind == "meta":
            if entry.id != "fiscal_year":
                text = reader.text(entry)
                if text is not None:
                    meta[entry.id] = text
            continue
        if entry.kind == "official" and entry.id == "level":
            official_level = reader.text(entry)
            continue
        value = reader.number(entry)
        if value is None or framework is None:
            continue
        if not 0 <= value <= 100:
            findings.append(
                Finding(
                    "error",
                    "out_of_range",
                    f"{entry.id} = {value:g} is outside 0–100",
                    subject=entry.id,
                    location=reader.where(entry),
                    blocking=True,
                )
            )
        source = reader.where(entry)
        if entry.kind == "indicator":
            if entry.id not in framework.indicators:
                findings.append(_unknown(framework, "indicator", entry, source))
                continue
            reported.append(Reported("indicator", entry.id, value, source))
            indicators.setdefault(entry.id, value)
        elif entry.kind == "question":
            if framework.indicator_of(entry.id) is None:
                findings.append(_unknown(framework, "question or OIT item", entry, source))
                continue
            if entry.table != MAIN_TABLE:
                continue
            if entry.part is None:
                questions[entry.id] = value
            elif not entry.id.startswith("e"):
                reader.problem(entry, f"only EIT questions have parts, not {entry.id}")
            elif entry.part not in {p.id for p in framework.spec.eit_parts}:
                reader.problem(
                    entry, f"EIT part {entry.part} does not exist in {framework.fiscal_year}"
                )
            else:
                parts.setdefault(entry.id, {})[entry.part] = value
        elif entry.kind == "official":
            if entry.id not in OFFICIAL_FIELDS:
                reader.problem(entry, f"unknown official figure {entry.id!r}")
                continue
            if entry.table == MAIN_TABLE:
                official[entry.id] = value
            reported.append(
                Reported("overall" if entry.id == "overall" else "tool", entry.id, value, source)
            )

    if "agency.name" not in meta and not any(
        p.field and "agency" in p.field for p in reader.problems
    ):
        reader.problem(None, "no agency name (agency.name / ชื่อหน่วยงาน) given")
    if reader.problems:
        raise InputError(reader.problems)
    assert framework is not None  # a missing framework always adds a problem above

    result = AgencyResult.build(
        fiscal_year=framework.fiscal_year,
        agency=Agency(
            name=meta["agency.name"], type=meta.get("agency.type"),
            province=meta.get("agency.province"), district=meta.get("agency.district"),
            code=meta.get("agency.code"),
        ),
        indicators=indicators,
        questions=questions,
        question_parts=parts,
        official_overall=official.get("overall"),
        official_level=official_level,
        official_tools={k: v for k, v in official.items() if k != "overall"},
        reported=tuple(reported),
        source=file,
    )  # fmt: skip
    result, conflict_findings = resolve_conflicts(framework, result)
    findings += conflict_findings
    if not any(f.code == "out_of_range" for f in findings):
        findings += check(framework, result)
    return LoadedResult(file=file, result=result, framework=framework, findings=findings)


def _unknown(framework: Framework, what: str, entry: Entry, source: str) -> Finding:
    return Finding(
        "error",
        "unknown_id",
        f"{what} {entry.id!r} does not exist in fiscal year {framework.fiscal_year}; it is ignored",
        subject=entry.id,
        location=source,
    )
