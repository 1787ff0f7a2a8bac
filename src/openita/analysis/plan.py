"""The action plan (แผนปฏิบัติการ): drafted from the weak points, edited by a clerk, read back.

The shape follows Part 2 of the seed report ("การนำผลการวิเคราะห์แต่ละประเด็นไปสู่การปฏิบัติ",
docs/sources.md): one section per indicator with an issue, and measures
(มาตรการ/โครงการ/กิจกรรม) each with a responsible unit, steps, a period, a KPI and a status.

Drafting rules:

* every one of the framework's indicators gets a section (Part 2 of the seed report gives
  all ten their measures);
* every weak point that gets a recommendation of its own (``WeakPoint.recommended``, decided
  once by :class:`openita.analysis.weaknesses.RecommendationRule`) and every OIT item missing
  from the data gets the measures of its entry in the recommendation library; measures with
  the same title in one indicator are merged and list every item they answer in ``addresses``;
* an indicator without such items (and every indicator of a result with indicator scores
  only, which is what most agencies copy from ITAS) gets the library's indicator-level
  measures: "maintain" measures (รักษามาตรฐาน…) when its score is already high (the rule's
  strong-indicator line, 95 by default), else "improve" measures; they address no item;
* the responsible unit is the agency's own unit matching the library's default unit (exact
  name first, then a name that starts with the other, e.g. "สำนักปลัดเทศบาล" for "สำนักปลัด");
  without a match the library's default stays. A เทศบาล gets a default unit list (below);
* the period is the fiscal year after the assessed one (results of 2568 are answered by
  the plan of 2569: 1 ต.ค. 2568 - 30 ก.ย. 2569, :func:`openita.thaidate.fiscal_year_bounds`),
  because results come out in August, after most of the assessed year has passed
  (docs/sources.md, "National figures"); a library measure may run in part of it only
  (``timeframe``: first quarter, first half — before the OIT assessment — or second half).

The YAML file is the clerk's working copy: dates are ISO dates in the Christian era, statuses
are English words, and :func:`load_plan` names file, line and field for every mistake.

Through the year a measure gathers dated progress notes (``notes``: date, percent done, status,
what was done, evidence links) from which the progress report is built
(:mod:`openita.analysis.progress`). Files written before notes existed load unchanged: a measure
without notes has none, and its ``status``/``progress`` stand for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from openita import limits
from openita.analysis.model import Analysis
from openita.analysis.recommendations import (
    MeasureTemplate,
    RecommendationLibrary,
    plan_year_of,
)
from openita.analysis.weaknesses import RecommendationRule
from openita.errors import InputError, Problem
from openita.frameworks.loader import UnknownFiscalYear, load_framework
from openita.frameworks.model import Framework
from openita.message import Message, Text
from openita.thaidate import fiscal_year_bounds
from openita.yamldoc import load_yaml

STATUSES = ("not_started", "in_progress", "done", "cancelled")
#: Limits of one progress note (docs/analysis.md): a paragraph of text and a few links.
MAX_NOTE_CHARS = 2000
MAX_NOTE_LINKS = 20

#: Units of a typical เทศบาล (municipality): its divisions, then sections often named as
#: responsible in ITA plans (งานพัสดุ under กองคลัง; งานการเจ้าหน้าที่, งานนิติการ and
#: งานประชาสัมพันธ์ under สำนักปลัด). An agency replaces it with its own list (``--units``).
DEFAULT_MUNICIPAL_UNITS: tuple[str, ...] = (
    "สำนักปลัด",
    "กองคลัง",
    "กองช่าง",
    "กองการศึกษา",
    "กองสาธารณสุขและสิ่งแวดล้อม",
    "งานพัสดุ",
    "งานการเจ้าหน้าที่",
    "งานนิติการ",
    "งานประชาสัมพันธ์",
    "งานนโยบายและแผน",
)


@dataclass
class ProgressNote:
    """What a measure had reached on one day (รายงานความก้าวหน้า)."""

    date: date
    progress: int
    status: str
    done: str = ""
    evidence: list[str] = field(default_factory=list)


@dataclass
class Measure:
    """One measure, project or activity (มาตรการ/โครงการ/กิจกรรม) of the plan."""

    title: str
    responsible_unit: str
    steps: list[str]
    start: date
    end: date
    kpi: str
    status: str = "not_started"
    progress: int = 0
    addresses: list[str] = field(default_factory=list)
    notes: list[ProgressNote] = field(default_factory=list)


@dataclass
class PlanSection:
    indicator: str
    indicator_name: str
    issue: str
    measures: list[Measure]


@dataclass
class ActionPlan:
    fiscal_year: int
    based_on_year: int
    agency: str
    units: list[str]
    sections: list[PlanSection]


def default_units(agency_name: str, agency_type: str | None) -> list[str]:
    """The default unit list for an agency: a เทศบาล's divisions, else none (keep defaults)."""
    kind = f"{agency_type or ''} {agency_name}"
    return list(DEFAULT_MUNICIPAL_UNITS) if "เทศบาล" in kind else []


def match_unit(default: str, units: list[str]) -> str:
    """The agency's unit for the library's ``default`` unit, or ``default`` without a match."""
    if default in units:
        return default
    for unit in units:
        if unit.startswith(default) or default.startswith(unit):
            return unit
    return default


def parse_units(text: str) -> list[str]:
    """A units file: one unit per line; blank lines and lines starting with # are skipped."""
    units: list[str] = []
    for line in text.splitlines():
        name = line.strip()
        if name and not name.startswith("#") and name not in units:
            units.append(name)
    return units


def timeframe_bounds(plan_year: int, timeframe: str) -> tuple[date, date]:
    """First and last day of a library measure's ``timeframe`` in fiscal year ``plan_year``.

    ``year`` is the whole fiscal year (1 Oct - 30 Sep); ``first_quarter`` ends 31 Dec,
    ``first_half`` 31 Mar (what must be on the website before the OIT assessment),
    ``second_half`` runs 1 Apr - 30 Sep.
    """
    start, end = fiscal_year_bounds(plan_year)
    if timeframe == "first_quarter":
        return start, date(start.year, 12, 31)
    if timeframe == "first_half":
        return start, date(end.year, 3, 31)
    if timeframe == "second_half":
        return date(end.year, 4, 1), end
    if timeframe != "year":
        raise ValueError(f"unknown timeframe {timeframe!r}")
    return start, end


def _measure(
    template: MeasureTemplate, default_unit: str, units: list[str], plan_year: int
) -> Measure:
    start, end = timeframe_bounds(plan_year, template.timeframe)
    return Measure(
        title=template.title_th,
        responsible_unit=match_unit(template.responsible_unit or default_unit, units),
        steps=list(template.steps_th),
        start=start,
        end=end,
        kpi=template.kpi_th,
    )


def _high_from(analysis: Analysis, framework: Framework) -> float:
    """The indicator score from which an indicator is kept (maintained), not improved."""
    if analysis.rule is not None:
        return analysis.rule.strong_indicator
    return RecommendationRule().resolve(framework).strong_indicator


def draft_plan(
    analysis: Analysis,
    library: RecommendationLibrary,
    units: list[str] | None = None,
    framework: Framework | None = None,
) -> ActionPlan:
    """A draft plan for the fiscal year after ``analysis``: one section per indicator.

    An indicator with items that get a recommendation of their own (``WeakPoint.recommended``,
    the rule of :class:`openita.analysis.weaknesses.RecommendationRule`) or OIT items missing
    from the data is answered by those items' measures. Every other indicator, and every
    indicator of a result that has only indicator scores, gets the library's indicator-level
    measures: "maintain" measures (รักษามาตรฐาน…) when its score reaches the strong-indicator
    line of the rule (95 by default), else "improve" measures.
    """
    framework = framework or load_framework(analysis.fiscal_year, analysis.agency.kind)
    if units is None:
        units = default_units(analysis.agency.name, analysis.agency.type)
    plan_year = plan_year_of(analysis.fiscal_year)
    by_indicator: dict[str, list[str]] = {}
    for wp in analysis.weak_points:
        if not wp.recommended:
            continue
        ids = by_indicator.setdefault(wp.indicator, [])
        if wp.id not in ids:
            ids.append(wp.id)
    for missing in analysis.missing_items:
        ids = by_indicator.setdefault(missing.indicator, [])
        if missing.id not in ids:
            ids.append(missing.id)
    high_from = _high_from(analysis, framework)
    sections: list[PlanSection] = []
    for ind_id, indicator in framework.indicators.items():
        issues: list[str] = []
        measures: dict[str, Measure] = {}
        for item_id in by_indicator.get(ind_id, []):
            rec = library.for_item(item_id)
            issues.append(rec.issue_th)
            for template in rec.measures:
                existing = measures.get(template.title_th)
                if existing is not None:
                    existing.addresses.append(item_id)
                    continue
                measure = _measure(template, rec.responsible_unit, units, plan_year)
                measure.addresses.append(item_id)
                measures[template.title_th] = measure
        guidance = library.indicators.get(ind_id)
        if not measures and guidance is not None:
            value = analysis.scores.indicators.get(ind_id)
            keep = value is not None and value >= high_from
            templates = guidance.maintain_measures if keep else guidance.improve_measures
            issues.append(guidance.maintain_th if keep else guidance.improve_th)
            for template in templates:
                measures[template.title_th] = _measure(
                    template, guidance.responsible_unit, units, plan_year
                )
        if not measures:
            continue  # a library without indicator measures (an agency's own, older file)
        sections.append(
            PlanSection(
                indicator=ind_id,
                indicator_name=indicator.name_th,
                issue=" ".join(issues),
                measures=list(measures.values()),
            )
        )
    return ActionPlan(
        fiscal_year=plan_year,
        based_on_year=analysis.fiscal_year,
        agency=analysis.agency.name,
        units=list(units),
        sections=sections,
    )


_HEADER = """\
# OpenITA action plan. Edit freely, then check it with: openita plan validate FILE
#   start/end: ISO dates in the Christian era (YYYY-MM-DD), e.g. 2025-10-01
#   status:    not_started | in_progress | done | cancelled
#   progress:  whole percent, 0..100
#   addresses: the question/item ids the measure answers (i1, e7, O12, ...)
#   notes:     optional dated progress notes, oldest first, each with
#              date, progress, status, done (what was done) and evidence (links)
"""


def plan_as_dict(plan: ActionPlan) -> dict[str, Any]:
    return {
        "fiscal_year": plan.fiscal_year,
        "based_on_year": plan.based_on_year,
        "agency": plan.agency,
        "units": list(plan.units),
        "sections": [
            {
                "indicator": s.indicator,
                "indicator_name": s.indicator_name,
                "issue": s.issue,
                "measures": [
                    {
                        "title": m.title,
                        "responsible_unit": m.responsible_unit,
                        "steps": list(m.steps),
                        "start": m.start,
                        "end": m.end,
                        "kpi": m.kpi,
                        "status": m.status,
                        "progress": m.progress,
                        "addresses": list(m.addresses),
                        **({"notes": [_note_dict(n) for n in m.notes]} if m.notes else {}),
                    }
                    for m in s.measures
                ],
            }
            for s in plan.sections
        ],
    }


def _note_dict(note: ProgressNote) -> dict[str, Any]:
    return {
        "date": note.date,
        "progress": note.progress,
        "status": note.status,
        "done": note.done,
        "evidence": list(note.evidence),
    }


class _PlainDumper(yaml.SafeDumper):
    """No ``&id001`` anchors: a clerk must see every date written out where it applies."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump_plan(plan: ActionPlan) -> str:
    """The plan as YAML a clerk edits (Thai kept as Thai, dates as ISO dates)."""
    body = yaml.dump(
        plan_as_dict(plan), Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=100
    )
    return _HEADER + body


# --- reading a plan back --------------------------------------------------------------------

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _NoteSpec(_Strict):
    date: date
    progress: int = Field(ge=0, le=100)
    status: Literal["not_started", "in_progress", "done", "cancelled"]
    done: str = Field(default="", max_length=MAX_NOTE_CHARS)
    evidence: list[_Text] = Field(default=[], max_length=MAX_NOTE_LINKS)


class _MeasureSpec(_Strict):
    title: _Text
    responsible_unit: _Text
    steps: list[_Text] = []
    start: date
    end: date
    kpi: str = ""
    status: Literal["not_started", "in_progress", "done", "cancelled"] = "not_started"
    progress: int = Field(default=0, ge=0, le=100)
    addresses: list[str] = []
    notes: list[_NoteSpec] = []


class _SectionSpec(_Strict):
    indicator: str
    indicator_name: str = ""
    issue: str = ""
    measures: list[_MeasureSpec] = []


class _PlanSpec(_Strict):
    fiscal_year: int = Field(ge=2500, le=2700)
    based_on_year: int = Field(ge=2500, le=2700)
    agency: _Text
    units: list[_Text] = []
    sections: list[_SectionSpec] = []


def _message(err: Any) -> Text:
    """A plain message for one pydantic error (statuses and dates get our own wording)."""
    loc = err["loc"]
    last = loc[-1] if loc else ""
    kind = err["type"]
    value = err.get("input")
    if last == "status":
        return Message(
            "unknown status {status}; use one of: {statuses}",
            status=repr(value),
            statuses=", ".join(STATUSES),
        )
    if last == "progress":
        return Message(
            "progress must be a whole percent from 0 to 100, not {value}", value=repr(value)
        )
    if last in ("start", "end", "date"):
        text = str(value)
        if text[:4].isdigit() and int(text[:4]) > 2400:
            return Message(
                "{date} looks like a Buddhist-era date; write the Christian-era year",
                date=repr(text),
            )
        return Message(
            "{value} is not a date; write YYYY-MM-DD, e.g. 2025-10-01", value=repr(value)
        )
    if kind in ("string_too_short", "missing") and last in ("title", "agency", "responsible_unit"):
        return Message("{field} must not be empty", field=last)
    if kind == "extra_forbidden":
        return Message("unknown field {field}", field=repr(last))
    return str(err["msg"])


def load_plan(path: Path) -> ActionPlan:
    """Read and check a plan file; :class:`InputError` names file, line and field."""
    file = str(path)
    limits.check_file(path, "plan.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = Message("cannot read the plan: {reason}", reason=exc)
        raise InputError([Problem(file, message)]) from None
    return parse_plan(text, file)


def parse_plan(text: str, file: str) -> ActionPlan:
    doc = load_yaml(text, file, kind="plan.yaml")
    if not isinstance(doc.data, dict):
        message = Message("a plan is a mapping with fiscal_year, agency, sections")
        raise InputError([Problem(file, message)])
    try:
        spec = _PlanSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(
            [doc.problem(tuple(e["loc"]), _message(e)) for e in exc.errors()]
        ) from None
    problems: list[Problem] = []
    if spec.fiscal_year != plan_year_of(spec.based_on_year):
        # The plan of year P answers the results of P-1, and its texts were written for those
        # two years (openita.analysis.recommendations.year_values): a plan moved to another
        # year would carry recommendations and a report with the wrong years.
        problems.append(
            doc.problem(
                ("fiscal_year",),
                Message(
                    "the plan of fiscal year {fiscal_year} answers the results of {answered}, "
                    "but based_on_year is {based_on_year}; draft the plan again from the "
                    "results of {answered} (openita plan draft)",
                    fiscal_year=spec.fiscal_year,
                    answered=spec.fiscal_year - 1,
                    based_on_year=spec.based_on_year,
                ),
            )
        )
    framework: Framework | None = None
    try:
        framework = load_framework(spec.based_on_year)
    except UnknownFiscalYear:
        problems.append(
            doc.problem(
                ("based_on_year",),
                Message("no ITA framework for {fiscal_year}", fiscal_year=spec.based_on_year),
            )
        )
    for s_no, section in enumerate(spec.sections):
        where: tuple[str | int, ...] = ("sections", s_no)
        if framework is not None and section.indicator not in framework.indicators:
            known = ", ".join(framework.indicators)
            problems.append(
                doc.problem(
                    (*where, "indicator"),
                    Message(
                        "unknown indicator {indicator} (known: {known})",
                        indicator=repr(section.indicator),
                        known=known,
                    ),
                )
            )
        for m_no, m in enumerate(section.measures):
            at = (*where, "measures", m_no)
            for name, when in (("start", m.start), ("end", m.end)):
                if when.year > 2400:
                    problems.append(
                        doc.problem(
                            (*at, name),
                            Message(
                                "{date} looks like a Buddhist-era date; write the Christian-era "
                                "year ({year} -> {christian_year})",
                                date=when,
                                year=when.year,
                                christian_year=when.year - 543,
                            ),
                        )
                    )
            previous: date | None = None
            for n_no, note in enumerate(m.notes):
                if note.date.year > 2400:
                    problems.append(
                        doc.problem(
                            (*at, "notes", n_no, "date"),
                            Message(
                                "{date} looks like a Buddhist-era date; write the Christian-era "
                                "year ({year} -> {christian_year})",
                                date=note.date,
                                year=note.date.year,
                                christian_year=note.date.year - 543,
                            ),
                        )
                    )
                if previous is not None and note.date < previous:
                    problems.append(
                        doc.problem(
                            (*at, "notes", n_no, "date"),
                            Message(
                                "notes go oldest first: {date} comes after {previous}",
                                date=note.date,
                                previous=previous,
                            ),
                        )
                    )
                previous = note.date
            if m.end < m.start:
                message = Message("end {end} is before start {start}", end=m.end, start=m.start)
                problems.append(doc.problem((*at, "end"), message))
            if framework is not None:
                for a_no, ident in enumerate(m.addresses):
                    if framework.indicator_of(ident) is None:
                        problems.append(
                            doc.problem(
                                (*at, "addresses", a_no),
                                Message(
                                    "{id} is not a question or OIT item of {fiscal_year}",
                                    id=repr(ident),
                                    fiscal_year=spec.based_on_year,
                                ),
                            )
                        )
    if problems:
        raise InputError(problems)
    return ActionPlan(
        fiscal_year=spec.fiscal_year,
        based_on_year=spec.based_on_year,
        agency=spec.agency,
        units=list(spec.units),
        sections=[
            PlanSection(
                indicator=s.indicator,
                indicator_name=s.indicator_name
                or (framework.indicators[s.indicator].name_th if framework else ""),
                issue=s.issue,
                measures=[
                    Measure(
                        title=m.title,
                        responsible_unit=m.responsible_unit,
                        steps=list(m.steps),
                        start=m.start,
                        end=m.end,
                        kpi=m.kpi,
                        status=m.status,
                        progress=m.progress,
                        addresses=list(m.addresses),
                        notes=[
                            ProgressNote(n.date, n.progress, n.status, n.done, list(n.evidence))
                            for n in m.notes
                        ],
                    )
                    for m in s.measures
                ],
            )
            for s in spec.sections
        ],
    )
