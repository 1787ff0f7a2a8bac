"""From raw values read out of a file to a checked :class:`AgencyResult`.

Every result format (JSON, CSV, XLSX) is read into a list of :class:`Entry` values, each
remembering where it came from. :func:`build_result` then checks them all in one place, so
the formats share one set of rules and one wording of errors:

- bad input (wrong types, unknown fiscal year, duplicate ids within one table, no agency name,
  empty file) → :class:`~openita.errors.InputError`: nothing is used, the CLI exits 2;
- suspicious but usable input (unknown ids for the year, scores outside 0–100, two tables that
  disagree, an official overall the indicators do not reproduce) → findings shown to the user.

Messages are data (:mod:`openita.message`), rendered in the reader's language: a Thai web page
shows a Thai problem, with the same file, line/row and field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

from openita.errors import InputError, Problem, located, place
from openita.frameworks import Framework, UnknownFiscalYear, load_framework
from openita.frameworks.kinds import (
    DEFAULT_KIND,
    kind_from_text,
    kind_label,
    kind_message,
    unknown_kind_message,
)
from openita.i18n import _
from openita.message import Message, Text
from openita.scoring.consistency import Finding, check, framework_findings, resolve_conflicts
from openita.scoring.model import Agency, AgencyResult, Reported
from openita.thaidate import arabic_digits, looks_like_ce_year

Kind = Literal["meta", "indicator", "question", "official"]
MAIN_TABLE = "main"

OFFICIAL_FIELDS = ("overall", "level", "IIT", "EIT", "OIT")
#: An item of the MOPH hospitals' own OIT list (docs/frameworks.md, "Agency kinds").
MOIT_ID = re.compile(r"^MOIT[0-9]+$")


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

    def problem(self, entry: Entry | None, message: Text, code: str | None = None) -> None:
        self.problems.append(
            Problem(
                self.file,
                message,
                line=entry.line if entry else None,
                field=field_name(entry) if entry else None,
                line_label=self.line_label,
                code=code,
            )
        )

    def where(self, entry: Entry) -> Text:
        """Where a value was read: file, line or row, and the table unless it is the main one."""
        text: Text = self.file
        if entry.line is not None:
            text = located(self.file, self.line_label, entry.line)
        if entry.table == MAIN_TABLE:
            return text
        return Message("{where}, table {table}", where=text, table=repr(entry.table))

    def number(self, entry: Entry) -> float | None:
        value = entry.value
        if isinstance(value, bool):
            self.problem(
                entry, Message("expected a number, got {value}", value=repr(value)), "not_a_number"
            )
            return None
        if isinstance(value, str):
            text = arabic_digits(value.strip()).replace(",", "")
            if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
                self.problem(
                    entry,
                    Message("expected a number, got {value}", value=repr(value)),
                    "not_a_number",
                )
                return None
            value = float(text)
        if not isinstance(value, int | float):
            self.problem(
                entry,
                Message("expected a number, got {value}", value=type(value).__name__),
                "not_a_number",
            )
            return None
        number = float(value)
        if not math.isfinite(number):
            self.problem(
                entry,
                Message("expected a finite number, got {value}", value=repr(value)),
                "not_a_number",
            )
            return None
        return number

    def text(self, entry: Entry) -> str | None:
        if isinstance(entry.value, str) and entry.value.strip():
            return entry.value.strip()
        if isinstance(entry.value, int | float) and not isinstance(entry.value, bool):
            return str(entry.value)
        self.problem(entry, Message("expected text"), "not_text")
        return None


def field_name(entry: Entry) -> Text:
    """A figure named as a clerk reads it ("ตัวชี้วัดที่ 2", "ข้อ O12"), not as a file spells it."""
    if entry.kind == "indicator":
        return Message("indicator {id}", id=entry.id)
    if entry.kind == "question":
        name = Message("item {id}", id=entry.id)
        if entry.part is not None:
            return Message("{item}, part {part}", item=name, part=entry.part)
        return name
    if entry.kind == "official":
        names = {"overall": Message("official overall score"), "level": Message("official level")}
        return names.get(entry.id, Message("official {tool} score", tool=entry.id))
    return entry.field


def fiscal_year(reader: _Reader, entries: list[Entry]) -> int | None:
    """The file's fiscal year, checked: given, a whole number, Buddhist Era (the one home of
    the BE rule; framework files and files of published figures both go through it)."""
    found = [e for e in entries if e.kind == "meta" and e.id == "fiscal_year"]
    if not found:
        reader.problem(None, Message("no fiscal_year (ปีงบประมาณ) given"), "no_fiscal_year")
        return None
    entry = found[0]
    number = reader.number(entry)
    if number is None:
        return None
    if number != int(number):
        reader.problem(
            entry,
            Message("fiscal year must be a whole number, got {value}", value=repr(entry.value)),
            "bad_fiscal_year",
        )
        return None
    year = int(number)
    if looks_like_ce_year(year):
        reader.problem(
            entry,
            Message(
                "fiscal year {year} looks like a CE year; ITA years are Buddhist Era "
                "(e.g. {buddhist_year})",
                year=year,
                buddhist_year=year + 543,
            ),
            "ce_fiscal_year",
        )
        return None
    return year


def file_kind(reader: _Reader, entries: list[Entry]) -> str | None:
    """The agency kind the file names (``agency_kind``), checked; None when it names none or
    an unknown one (then a problem is added)."""
    found = [e for e in entries if e.kind == "meta" and e.id == "agency.kind"]
    if not found:
        return None
    text = reader.text(found[0])
    if text is None:
        return None
    kind = kind_from_text(text)
    if kind is None:
        reader.problem(found[0], unknown_kind_message(text))
    return kind


def scored_kind(
    reader: _Reader, entries: list[Entry], agency_kind: str | None
) -> tuple[str, list[Finding]]:
    """The kind the result is scored as: the caller's (the web agency's) if given, else the
    file's, else ``local_government``; a file naming another kind than the caller gets a
    warning (docs/formats.md, "Agency kind")."""
    written = file_kind(reader, entries)
    if agency_kind is None:
        return written or DEFAULT_KIND, []
    if written is None or written == agency_kind:
        return agency_kind, []
    message = _("the file says the agency is a {written}; it is scored as a {kind}").format(
        written=kind_label(written), kind=kind_label(agency_kind)
    )
    entry = next(e for e in entries if e.kind == "meta" and e.id == "agency.kind")
    where = reader.where(entry)
    finding = Finding(
        "warning", "agency_kind_differs", message, subject="agency.kind", location=where,
        line=entry.line, line_label=reader.line_label,
    )  # fmt: skip
    return agency_kind, [finding]


def _framework(reader: _Reader, entries: list[Entry], kind: str) -> Framework | None:
    year = fiscal_year(reader, entries)
    if year is None:
        return None
    entry = next(e for e in entries if e.kind == "meta" and e.id == "fiscal_year")
    try:
        return load_framework(year, kind)
    except UnknownFiscalYear as exc:
        reader.problem(entry, exc.message_data, exc.code)
        return None


def out_of_range(reader: _Reader, entry: Entry, value: float) -> Finding | None:
    """A score outside 0–100: blocking, and reported with the file's other problems."""
    if 0 <= value <= 100:
        return None
    return Finding(
        "error",
        "out_of_range",
        Message("{id} = {value} is outside 0–100", id=field_name(entry), value=f"{value:g}"),
        subject=field_name(entry),
        location=reader.where(entry),
        blocking=True,
        line=entry.line,
        line_label=reader.line_label,
    )


def as_problem(file: str, finding: Finding) -> Problem:
    """A blocking finding as an input problem, keeping its line or row and field."""
    return Problem(
        file, finding.message_data, line=finding.line, field=finding.subject_data,
        line_label=finding.line_label, code=finding.code,
    )  # fmt: skip


@dataclass
class ReadFile:
    """What a format reader got out of a file, before any domain check."""

    entries: list[Entry]
    problems: list[Problem] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)


def build_result(
    file: str, read: ReadFile, line_label: str = "line", agency_kind: str | None = None
) -> LoadedResult:
    """Check what was read from ``file`` and build the result; raise InputError if bad.

    Problems the format reader found are reported together with the domain problems, so a
    user sees every problem of the file at once. ``agency_kind`` is the kind the caller knows
    the agency to be (the web app's agency); without it the file's ``agency_kind`` decides.
    """
    reader = _Reader(file, line_label, problems=list(read.problems))
    entries = read.entries
    if not entries and not reader.problems:
        raise InputError(
            [Problem(file, Message("the file holds no result (it is empty)"), code="empty")]
        )
    kind, kind_findings = scored_kind(reader, entries, agency_kind)
    framework = _framework(reader, entries, kind)
    findings: list[Finding] = list(read.notes) + kind_findings
    if framework is not None:
        findings += framework_findings(framework)
    meta: dict[str, str] = {}
    indicators: dict[str, float] = {}
    questions: dict[str, float] = {}
    parts: dict[str, dict[int, float]] = {}
    official: dict[str, float] = {}
    official_level: str | None = None
    reported: list[Reported] = []
    unlisted_moit: list[Entry] = []
    seen: dict[tuple[str, str, int | None, str], Entry] = {}

    for entry in entries:
        key = (entry.kind, entry.id, entry.part, entry.table)
        if key in seen:
            first = seen[key]
            if first.line:
                message = Message(
                    "{id} is given twice (first at {place})",
                    id=field_name(entry),
                    place=place(line_label, first.line),
                )
            else:
                message = Message("{id} is given twice", id=field_name(entry))
            reader.problem(entry, message, "given_twice")
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
        if value is None:
            continue
        if (range_finding := out_of_range(reader, entry, value)) is not None:
            findings.append(range_finding)
        if framework is None:
            continue
        source = reader.where(entry)
        if entry.kind == "indicator":
            if entry.id not in framework.indicators:
                unknown = Message(
                    "indicator {id} does not exist in fiscal year {fiscal_year}; it is ignored",
                    id=repr(entry.id),
                    fiscal_year=framework.fiscal_year,
                )
                findings.append(_unknown(unknown, entry, source, line_label))
                continue
            reported.append(Reported("indicator", entry.id, value, source))
            indicators.setdefault(entry.id, value)
        elif entry.kind == "question":
            if framework.indicator_of(entry.id) is None:
                if MOIT_ID.match(entry.id) and _moit_list_unknown(framework):
                    unlisted_moit.append(entry)
                    continue
                findings.append(_unknown(_unknown_item(framework, entry, kind), entry, source,
                                         line_label))  # fmt: skip
                continue
            if entry.table != MAIN_TABLE:
                continue
            if entry.part is None:
                questions[entry.id] = value
            elif not entry.id.startswith("e"):
                reader.problem(
                    entry, Message("only EIT questions have parts, not {id}", id=entry.id), "part"
                )
            elif entry.part not in {p.id for p in framework.spec.eit_parts}:
                reader.problem(
                    entry,
                    Message(
                        "EIT part {part} does not exist in {fiscal_year}",
                        part=entry.part,
                        fiscal_year=framework.fiscal_year,
                    ),
                    "unknown_part",
                )
            else:
                parts.setdefault(entry.id, {})[entry.part] = value
        elif entry.kind == "official":
            if entry.id not in OFFICIAL_FIELDS:
                reader.problem(
                    entry, Message("unknown official figure {id}", id=repr(entry.id)), "unknown_id"
                )
                continue
            if entry.table == MAIN_TABLE:
                official[entry.id] = value
            reported.append(
                Reported("overall" if entry.id == "overall" else "tool", entry.id, value, source)
            )

    if unlisted_moit:
        findings.append(_moit_not_listed(reader, framework, kind, unlisted_moit))
    if "agency.name" not in meta and not any(
        p.field and "agency" in p.field for p in reader.problems
    ):
        reader.problem(
            None, Message("no agency name (agency.name / ชื่อหน่วยงาน) given"), "no_agency_name"
        )
    if reader.problems:
        # Every problem of the file in one round: scores outside 0–100 with the rest.
        blocking = [as_problem(file, f) for f in findings if f.blocking]
        raise InputError(reader.problems + blocking)
    assert framework is not None  # a missing framework always adds a problem above

    result = AgencyResult.build(
        fiscal_year=framework.fiscal_year,
        agency=Agency(
            name=meta["agency.name"], type=meta.get("agency.type"),
            province=meta.get("agency.province"), district=meta.get("agency.district"),
            code=meta.get("agency.code"), kind=kind,
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


def _moit_list_unknown(framework: Framework | None) -> bool:
    """True when ``framework`` numbers its items MOIT but lists none (contents unknown)."""
    return (
        framework is not None
        and framework.spec.oit_item_prefix == "MOIT"
        and not framework.spec.oit_items
    )


def _unknown_item(framework: Framework, entry: Entry, kind: str) -> Message:
    """Why question or item ``entry.id`` is not used; a MOIT id says whose list it is from."""
    if MOIT_ID.match(entry.id) and framework.spec.oit_item_prefix != "MOIT":
        return Message(
            "{id} is an item of the MOPH hospitals' own OIT list, but the fiscal year "
            "{fiscal_year} framework for {kind} numbers its items O1, O2, ...; it is ignored "
            "(for a hospital, set the agency kind to hospital)",
            id=entry.id,
            fiscal_year=framework.fiscal_year,
            kind=kind_message(kind),
        )
    return Message(
        "question or OIT item {id} does not exist in fiscal year {fiscal_year}; it is ignored",
        id=repr(entry.id),
        fiscal_year=framework.fiscal_year,
    )


def _moit_not_listed(
    reader: _Reader, framework: Framework | None, kind: str, entries: list[Entry]
) -> Finding:
    """One warning for every MOIT item of a result whose framework lists no MOIT items."""
    assert framework is not None
    first = entries[0]
    return Finding(
        "warning",
        "moit_items_not_listed",
        Message(
            "the fiscal year {fiscal_year} framework for {kind} does not list the MOIT items "
            "yet (their contents are not published): {items} cannot be scored from the list "
            "and are left out; indicators 9 and 10 are taken as published. An administrator "
            'can load the MOIT list (docs/frameworks.md, "Loading an official list")',
            fiscal_year=framework.fiscal_year,
            kind=kind_message(kind),
            items=", ".join(e.id for e in entries),
        ),
        subject="MOIT",
        location=reader.where(first),
        line=first.line,
        line_label=reader.line_label,
    )


def _unknown(message: Message, entry: Entry, source: Text, line_label: str) -> Finding:
    """An id the fiscal year does not have (``message`` names it and the year)."""
    return Finding(
        "error",
        "unknown_id",
        message,
        subject=entry.id,
        location=source,
        line=entry.line,
        line_label=line_label,
    )
