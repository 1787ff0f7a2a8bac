"""The recommendation library: what to tell an agency about each weak question or OIT item.

The texts are data, one library per fiscal year (``data/recommendations-<BE year>.yaml``), so
a NACC update or an agency's own wording changes a YAML file, not code (docs/recommendations.md).
A year file may ``include`` shared files (``recommendations-common.yaml``) and replace or
``omit`` entries; after loading, the library must hold exactly one entry per IIT/EIT question
and OIT item of that year's framework (docs/sources.md: item lists change between years, e.g.
FY2569 renumbers the OIT list), and every cited OIT item must exist in that framework.

Texts follow the register of NACC guidance to agencies ("หน่วยงานควร…"). Evidence is cited
as "(อ้างอิงข้อ O8)" in Thai and "(see item O8)" in English, and the ``cite`` field must list
exactly those items, so a report can link to the evidence without parsing prose. References
written with a zero instead of the letter O ("08", "016") are rejected: that typo appears in
the seed report (docs/sources.md, "The seed report") and points readers nowhere.

Texts name years by meaning, replaced when a year loads, so one shared text serves every year.
A library of assessed year A feeds the plan for A+1 (:mod:`openita.analysis.plan`):
``{assessed_year}`` = A, ``{assessed_item_year}`` = A-1 (the year a previous-year OIT item of
the assessment reported on: docs/sources.md, "OIT items"), ``{plan_year}`` = A+1 and
``{previous_item_year}`` = A (the year such an item reports on in the plan year). The
positional names of earlier files are legacy aliases with their old meaning: ``{fiscal_year}``
= ``{assessed_year}`` and ``{previous_year}`` = ``{assessed_item_year}``
(:data:`LEGACY_PLACEHOLDERS`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from openita.errors import InputError, OpenITAError, Problem
from openita.frameworks import Framework, load_framework
from openita.frameworks.kinds import DEFAULT_KIND
from openita.frameworks.schema import AgencyKind
from openita.i18n import _
from openita.message import Message, Text
from openita.yamldoc import YamlDocument, load_yaml

DATA_DIR = Path(__file__).parent / "data"
ENV_DIRS = "OPENITA_RECOMMENDATIONS"
_YEAR_FILE = re.compile(r"^recommendations-(\d{4})\.ya?ml$")
_KIND_FILE = re.compile(r"^recommendations-(\d{4})-([a-z_]+)\.ya?ml$")

Basis = Literal["question", "indicator", "item", "sub_indicator"]
"""What an entry's text answers.

``question``: the question's topic is known (``topic_th`` in the framework); ``indicator``: the
official question wording is not public, so the text addresses what the indicator measures;
``item``: an OIT item with a known title; ``sub_indicator``: an OIT item whose title is not in
our sources (O5), so the text addresses its sub-indicator. Never a claim to quote NACC.
"""

# --- text rules -------------------------------------------------------------------------------

_THAI = re.compile(r"[\u0E00-\u0E7F]")
# "08", "016" standing alone; not times (08.30), phone numbers (042-123456, 0812345678) or 100.
_ZERO_FOR_O = re.compile(r"(?<![0-9A-Za-z.,:\-])0[0-9]{1,2}(?![0-9.:\-])")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
YEAR_PLACEHOLDERS = ("assessed_year", "assessed_item_year", "plan_year", "previous_item_year")
LEGACY_PLACEHOLDERS = MappingProxyType(
    {"fiscal_year": "assessed_year", "previous_year": "assessed_item_year"}
)
"""Old positional names → the meaning they always had; new texts use the names above."""
_PLACEHOLDERS = frozenset(YEAR_PLACEHOLDERS) | frozenset(LEGACY_PLACEHOLDERS)
_CITE_TH = re.compile(r"อ้างอิงข้อ (O[0-9]+)")
_CITE_EN = re.compile(r"see item (O[0-9]+)")
OitId = Annotated[str, Field(pattern=r"^O[0-9]+$")]


def _common_text_rules(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValueError(_("must not be empty"))
    bad = sorted({m.group(1) for m in _PLACEHOLDER.finditer(text)} - _PLACEHOLDERS)
    if bad:
        raise ValueError(
            _("unknown placeholder {placeholder}; the year placeholders are {names}").format(
                placeholder="{" + bad[0] + "}",
                names=", ".join("{" + name + "}" for name in YEAR_PLACEHOLDERS),
            )
        )
    zero = _ZERO_FOR_O.search(text)
    if zero:
        raise ValueError(
            _("{text} looks like an OIT item written with a zero; write {item}").format(
                text=repr(zero.group(0)), item="O" + zero.group(0).lstrip("0")
            )
        )
    return text


def _thai(text: str) -> str:
    text = _common_text_rules(text)
    if not _THAI.search(text):
        raise ValueError(_("a Thai text must contain Thai"))
    return text


def _english(text: str) -> str:
    text = _common_text_rules(text)
    if _THAI.search(text):
        raise ValueError(_("an English text must not contain Thai"))
    return text


def _issue(text: str) -> str:
    text = _thai(text)
    if not text.startswith("ประเด็น"):
        raise ValueError(_('a Thai issue statement starts with "ประเด็น"'))
    return text


ThaiText = Annotated[str, AfterValidator(_thai)]
EnglishText = Annotated[str, AfterValidator(_english)]
IssueText = Annotated[str, AfterValidator(_issue)]
ItemId = Annotated[str, Field(pattern=r"^O[1-9][0-9]*$")]


# --- file schema ------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Timeframe = Literal["year", "first_quarter", "first_half", "second_half"]
"""When in the plan year a measure runs: the whole year (1 Oct - 30 Sep, the default),
the first quarter (to 31 Dec), the first half (to 31 Mar: before the OIT assessment) or the
second half (1 Apr - 30 Sep). :func:`openita.analysis.plan.timeframe_bounds` gives the dates."""


class MeasureSpec(_Strict):
    title_th: ThaiText
    title_en: EnglishText
    steps_th: list[ThaiText] = Field(min_length=2, max_length=5)
    steps_en: list[EnglishText] = Field(min_length=2, max_length=5)
    kpi_th: ThaiText
    kpi_en: EnglishText
    responsible_unit: ThaiText | None = None
    timeframe: Timeframe = "year"


class EntrySpec(_Strict):
    basis: Basis
    issue_th: IssueText
    issue_en: EnglishText
    action_th: ThaiText
    action_en: EnglishText
    cite: list[ItemId] = Field(min_length=1)
    responsible_unit: ThaiText
    effort: int = Field(ge=1, le=5)
    measures: list[MeasureSpec] = Field(min_length=1, max_length=3)


class GuidanceSpec(_Strict):
    """Indicator-level guidance: the sentence and the measures for an indicator as a whole.

    ``improve_measures`` answer an indicator below the best level when no item of it has a
    recommendation of its own (most agencies copy only indicator scores from ITAS);
    ``maintain_measures`` keep an indicator that is already high where it is (รักษามาตรฐาน).
    """

    maintain_th: ThaiText
    maintain_en: EnglishText
    improve_th: ThaiText
    improve_en: EnglishText
    responsible_unit: ThaiText
    improve_measures: list[MeasureSpec] = Field(min_length=1, max_length=3)
    maintain_measures: list[MeasureSpec] = Field(min_length=1, max_length=2)


class LibraryFileSpec(_Strict):
    """One library file: a fiscal year's file, or a shared file that year files include."""

    schema_version: Literal[1]
    fiscal_year: int | None = Field(default=None, ge=2500, le=2700, description="Buddhist Era")
    agency_kind: AgencyKind | None = None
    """Set in a kind's file (``recommendations-2569-central_agency.yaml``): the entries answer
    that kind's item list (docs/recommendations.md, "Agency kinds")."""
    include: list[str] = []
    omit: list[str] = []
    renumber: dict[OitId, OitId] = {}
    """Included entries' item ids → this file's: rewrites the ``cite`` lists and the
    "(อ้างอิงข้อ O16)" / "(see item O16)" citations of the included entries, for a kind whose
    list numbers the same items differently. The file's own entries are written with its ids."""
    items: dict[str, EntrySpec] = {}
    indicators: dict[str, GuidanceSpec] = {}


# --- the library ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureTemplate:
    title_th: str
    title_en: str
    steps_th: tuple[str, ...]
    steps_en: tuple[str, ...]
    kpi_th: str
    kpi_en: str
    responsible_unit: str | None = None
    timeframe: str = "year"


@dataclass(frozen=True)
class Recommendation:
    id: str
    issue_th: str
    issue_en: str
    action_th: str
    action_en: str
    cite: tuple[str, ...]
    responsible_unit: str
    effort: int
    measures: tuple[MeasureTemplate, ...]
    basis: Basis = "question"


@dataclass(frozen=True)
class IndicatorGuidance:
    indicator: str
    maintain_th: str
    maintain_en: str
    improve_th: str
    improve_en: str
    responsible_unit: str = "สำนักปลัด"
    improve_measures: tuple[MeasureTemplate, ...] = ()
    maintain_measures: tuple[MeasureTemplate, ...] = ()


@dataclass(frozen=True)
class RecommendationLibrary:
    fiscal_year: int
    items: Mapping[str, Recommendation]
    indicators: Mapping[str, IndicatorGuidance]
    source: str = "<memory>"
    agency_kind: str | None = None
    """The kind whose item list the entries answer; None: the default kind's (the year file)."""

    def for_item(self, item_id: str) -> Recommendation:
        try:
            return self.items[item_id]
        except KeyError:
            raise KeyError(
                f"no recommendation for {item_id!r} in fiscal year {self.fiscal_year}"
            ) from None


class UnknownRecommendationYear(OpenITAError, LookupError):
    """A fiscal year without a library file; its text is shown to users (CLI, web).

    Exit 2 like the unknown year it comes from; for the API the library is not found (404).
    """

    http_status = 404
    code = "unknown_recommendation_year"

    def __init__(self, fiscal_year: int, known: list[int], kind: str | None = None) -> None:
        self.fiscal_year = fiscal_year
        self.kind = kind
        listed: Text = ", ".join(str(y) for y in known) or Message("none")
        if kind is not None:
            super().__init__(
                Message(
                    "no recommendation library for the {kind} item list of fiscal year "
                    "{fiscal_year} (known: {known}); add {file} to a directory in {variable}",
                    kind=kind,
                    fiscal_year=fiscal_year,
                    known=listed,
                    file=f"recommendations-{fiscal_year}-{kind}.yaml",
                    variable=ENV_DIRS,
                )
            )
            return
        super().__init__(
            Message(
                "no recommendation library for fiscal year {fiscal_year} (known: {known}); "
                "add {file} to a directory in {variable}",
                fiscal_year=fiscal_year,
                known=listed,
                file=f"recommendations-{fiscal_year}.yaml",
                variable=ENV_DIRS,
            )
        )


# --- loading ----------------------------------------------------------------------------------


def search_dirs() -> list[Path]:
    """Directories in ``OPENITA_RECOMMENDATIONS`` first, so an agency can override texts."""
    extra = os.environ.get(ENV_DIRS, "")
    return [Path(p) for p in extra.split(os.pathsep) if p] + [DATA_DIR]


def library_files() -> dict[int, Path]:
    """Fiscal year → library file; earlier search directories win."""
    found: dict[int, Path] = {}
    for directory in reversed(search_dirs()):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            match = _YEAR_FILE.match(path.name)
            if match:
                found[int(match.group(1))] = path
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class _Parsed:
    doc: YamlDocument
    spec: LibraryFileSpec


def _parse(path: Path) -> _Parsed:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = Message("cannot read recommendation file: {reason}", reason=exc)
        raise InputError([Problem(str(path), message)]) from None
    doc = load_yaml(text, str(path))
    if not isinstance(doc.data, dict):
        message = Message("a recommendation file must be a YAML mapping")
        raise InputError([Problem(str(path), message, 1)])
    try:
        spec = LibraryFileSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(
            [doc.problem(tuple(err["loc"]), _error_text(err)) for err in exc.errors()]
        ) from None
    return _Parsed(doc, spec)


def _error_text(err: Any) -> str:
    """A schema error in plain words: our own text rules' message without pydantic's English
    "Value error, " prefix (the message itself is already in the user's language)."""
    error = err.get("ctx", {}).get("error") if err["type"] == "value_error" else None
    return str(error) if error is not None else str(err["msg"])


def _include_path(name: str, including: Path) -> Path:
    """An included file next to the including file, else the packaged one of that name."""
    local = including.parent / name
    return local if local.exists() else DATA_DIR / name


def _cite_problems(entry: EntrySpec) -> list[tuple[str, Text]]:
    """The ``cite`` list must be exactly the items the action paragraphs refer to."""
    problems: list[tuple[str, Text]] = []
    cited = set(entry.cite)
    for field_name, pattern, form in (
        ("action_th", _CITE_TH, "(อ้างอิงข้อ {})"),
        ("action_en", _CITE_EN, "(see item {})"),
    ):
        text: str = getattr(entry, field_name)
        named = set(pattern.findall(text))
        for item in sorted(named - cited):
            problems.append(
                (field_name, Message("refers to {item} but cite does not list it", item=item))
            )
        for item in sorted(cited - named):
            lacks = form.format(item)
            message = Message(
                "cite lists {item} but the text lacks {citation}", item=item, citation=lacks
            )
            problems.append((field_name, message))
    return problems


def _renumbered(entry: EntrySpec, mapping: Mapping[str, str]) -> EntrySpec:
    """``entry`` with its cited items renamed by ``mapping`` (``renumber:``), each cited once."""
    if not mapping or not set(entry.cite) & set(mapping):
        return entry

    def rename(match: re.Match[str]) -> str:
        whole, item = match.group(0), match.group(1)
        return whole.replace(item, mapping.get(item, item))

    cite = list(dict.fromkeys(mapping.get(item, item) for item in entry.cite))
    return entry.model_copy(
        update={
            "cite": cite,
            "action_th": _CITE_TH.sub(rename, entry.action_th),
            "action_en": _CITE_EN.sub(rename, entry.action_en),
        }
    )


def load_recommendations_file(path: Path) -> RecommendationLibrary:
    """Load and check one fiscal year's library file (with the files it includes).

    Raises :class:`InputError` naming the file and line of every problem: a schema error, an
    entry for an id the year's framework lacks, a missing entry, a cite of an unknown item.
    """
    year = _parse(path)
    if year.spec.fiscal_year is None:
        raise InputError(
            [year.doc.problem(("fiscal_year",), Message("a year file needs fiscal_year"))]
        )
    fiscal_year = year.spec.fiscal_year
    framework = load_framework(fiscal_year, year.spec.agency_kind)

    # id -> (entry, document and path where it was written)
    entries: dict[str, tuple[EntrySpec, YamlDocument]] = {}
    guidance: dict[str, tuple[GuidanceSpec, YamlDocument]] = {}
    problems: list[Problem] = []
    for n, name in enumerate(year.spec.include):
        included_path = _include_path(name, path)
        if not included_path.exists():
            message = Message("included file {name} not found", name=repr(name))
            problems.append(year.doc.problem(("include", n), message))
            continue
        part = _parse(included_path)
        if part.spec.fiscal_year is not None or part.spec.include or part.spec.omit:
            problems.append(
                part.doc.problem(
                    ("fiscal_year",),
                    Message(
                        "an included file holds only items and indicators "
                        "(no fiscal_year, include or omit)"
                    ),
                )
            )
        renumbered = {k: _renumbered(v, year.spec.renumber) for k, v in part.spec.items.items()}
        entries.update({k: (v, part.doc) for k, v in renumbered.items()})
        guidance.update({k: (v, part.doc) for k, v in part.spec.indicators.items()})
    entries.update({k: (v, year.doc) for k, v in year.spec.items.items()})
    guidance.update({k: (v, year.doc) for k, v in year.spec.indicators.items()})
    for n, ident in enumerate(year.spec.omit):
        if entries.pop(ident, None) is None:
            message = Message("omits {id}, which has no entry", id=repr(ident))
            problems.append(year.doc.problem(("omit", n), message))

    problems += _reference_problems(framework, entries, guidance, year.doc)
    if problems:
        raise InputError(problems)
    library = _build(fiscal_year, entries, guidance, str(path))
    return replace(library, agency_kind=year.spec.agency_kind)


def _reference_problems(
    framework: Framework,
    entries: Mapping[str, tuple[EntrySpec, YamlDocument]],
    guidance: Mapping[str, tuple[GuidanceSpec, YamlDocument]],
    year_doc: YamlDocument,
) -> list[Problem]:
    fy = framework.fiscal_year
    wanted = [*framework.questions, *framework.oit_items]
    problems = [
        year_doc.problem(
            ("items",),
            Message(
                "no entry for {id}, which fiscal year {fiscal_year} assesses",
                id=ident,
                fiscal_year=fy,
            ),
        )
        for ident in wanted
        if ident not in entries
    ]
    for ident, (entry, doc) in entries.items():
        where: tuple[str | int, ...] = ("items", ident)
        if ident not in wanted:
            problems.append(
                doc.problem(
                    where,
                    Message(
                        "{id} is not a question or OIT item of fiscal year {fiscal_year}",
                        id=ident,
                        fiscal_year=fy,
                    ),
                )
            )
        for n, item in enumerate(entry.cite):
            if item not in framework.oit_items:
                problems.append(
                    doc.problem(
                        (*where, "cite", n),
                        Message(
                            "cites {item}, not an OIT item of {fiscal_year}",
                            item=item,
                            fiscal_year=fy,
                        ),
                    )
                )
        problems += [doc.problem((*where, f), msg) for f, msg in _cite_problems(entry)]
    problems += [
        year_doc.problem(
            ("indicators",), Message("no guidance for indicator {indicator}", indicator=ident)
        )
        for ident in framework.indicators
        if ident not in guidance
    ]
    problems += [
        doc.problem(
            ("indicators", ident),
            Message(
                "indicator {indicator} is not in fiscal year {fiscal_year}",
                indicator=ident,
                fiscal_year=fy,
            ),
        )
        for ident, (_guidance, doc) in guidance.items()
        if ident not in framework.indicators
    ]
    return problems


def plan_year_of(assessed_year: int) -> int:
    """The fiscal year of the plan that answers the results of ``assessed_year``: the year after
    (results come out in August, near the end of the assessed year; docs/analysis.md)."""
    return assessed_year + 1


def year_values(assessed_year: int) -> dict[str, str]:
    """Every placeholder's year for results of ``assessed_year`` and the plan of the year after."""
    plan_year = plan_year_of(assessed_year)
    values = {
        "assessed_year": str(assessed_year),
        "assessed_item_year": str(assessed_year - 1),
        "plan_year": str(plan_year),
        "previous_item_year": str(plan_year - 1),
    }
    values.update({old: values[new] for old, new in LEGACY_PLACEHOLDERS.items()})
    return values


def _fill(text: str, fiscal_year: int) -> str:
    values = year_values(fiscal_year)
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def _build(
    fiscal_year: int,
    entries: Mapping[str, tuple[EntrySpec, YamlDocument]],
    guidance: Mapping[str, tuple[GuidanceSpec, YamlDocument]],
    source: str,
) -> RecommendationLibrary:
    def fill(text: str) -> str:
        return _fill(text, fiscal_year)

    def measure(m: MeasureSpec) -> MeasureTemplate:
        return MeasureTemplate(
            title_th=fill(m.title_th),
            title_en=fill(m.title_en),
            steps_th=tuple(fill(s) for s in m.steps_th),
            steps_en=tuple(fill(s) for s in m.steps_en),
            kpi_th=fill(m.kpi_th),
            kpi_en=fill(m.kpi_en),
            responsible_unit=m.responsible_unit,
            timeframe=m.timeframe,
        )

    items = {
        ident: Recommendation(
            id=ident,
            issue_th=fill(e.issue_th),
            issue_en=fill(e.issue_en),
            action_th=fill(e.action_th),
            action_en=fill(e.action_en),
            cite=tuple(e.cite),
            responsible_unit=e.responsible_unit,
            effort=e.effort,
            measures=tuple(measure(m) for m in e.measures),
            basis=e.basis,
        )
        for ident, (e, _doc) in sorted(entries.items(), key=lambda kv: _id_order(kv[0]))
    }
    indicators = {
        ident: IndicatorGuidance(
            indicator=ident,
            maintain_th=fill(g.maintain_th),
            maintain_en=fill(g.maintain_en),
            improve_th=fill(g.improve_th),
            improve_en=fill(g.improve_en),
            responsible_unit=g.responsible_unit,
            improve_measures=tuple(measure(m) for m in g.improve_measures),
            maintain_measures=tuple(measure(m) for m in g.maintain_measures),
        )
        for ident, (g, _doc) in sorted(guidance.items(), key=lambda kv: int(kv[0]))
    }
    return RecommendationLibrary(
        fiscal_year=fiscal_year,
        items=MappingProxyType(items),
        indicators=MappingProxyType(indicators),
        source=source,
    )


def _id_order(ident: str) -> tuple[int, int]:
    """i1..i15, then e1..e9, then O1..O28 (or MOIT1..): the order of the tools."""
    prefix = "MOIT" if ident.startswith("MOIT") else ident[:1]
    tool = {"i": 0, "e": 1, "O": 2, "MOIT": 2}.get(prefix, 3)
    digits = ident[len(prefix) :]
    return (tool, int(digits) if digits.isdigit() else 0)


@lru_cache(maxsize=16)
def _load_cached(path: Path, mtimes: tuple[int, ...]) -> RecommendationLibrary:
    return load_recommendations_file(path)


def _mtimes(path: Path) -> tuple[int, ...]:
    """Modification times of the year file and every library file beside it or packaged."""
    files = {path, *path.parent.glob("recommendations-*.y*ml"), *DATA_DIR.glob("*.yaml")}
    return tuple(f.stat().st_mtime_ns for f in sorted(files))


def kind_library_files() -> dict[tuple[int, str], Path]:
    """(fiscal year, agency kind) → the kind's library file; earlier search directories win."""
    found: dict[tuple[int, str], Path] = {}
    for directory in reversed(search_dirs()):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            match = _KIND_FILE.match(path.name)
            if match:
                found[(int(match.group(1)), match.group(2))] = path
    return dict(sorted(found.items()))


def has_library(fiscal_year: int, kind: str | None = None) -> bool:
    """Whether :func:`load_recommendations` finds texts for this year's item list of ``kind``:
    the year file for the default kind, the kind's own file for any other."""
    if kind is None or kind == DEFAULT_KIND:
        return fiscal_year in library_files()
    return (fiscal_year, kind) in kind_library_files()


def load_recommendations(fiscal_year: int, kind: str | None = None) -> RecommendationLibrary:
    """The recommendation library of ``fiscal_year`` (BE), e.g. ``load_recommendations(2568)``;
    with ``kind`` (the agency kind whose OIT item list applies, ``Framework.rules_kind``) the
    kind's own file, e.g. ``load_recommendations(2569, "central_agency")``.

    A kind other than the default without a file of its own raises
    :class:`UnknownRecommendationYear` naming the years of that kind's files: another kind's
    texts would answer the wrong items.
    """
    if kind is not None and kind != DEFAULT_KIND:
        kinds = kind_library_files()
        path = kinds.get((fiscal_year, kind))
        if path is None:
            known = sorted(year for year, k in kinds if k == kind)
            raise UnknownRecommendationYear(fiscal_year, known, kind)
    else:
        files = library_files()
        found = files.get(fiscal_year)
        if found is None:
            raise UnknownRecommendationYear(fiscal_year, list(files))
        path = found
    library = _load_cached(path, _mtimes(path))
    written_kind = library.agency_kind or DEFAULT_KIND
    wanted_kind = kind or DEFAULT_KIND
    problems = []
    if library.fiscal_year != fiscal_year:
        message = Message(
            "file name says {named}, fiscal_year says {written}",
            named=fiscal_year,
            written=library.fiscal_year,
        )
        problems.append(Problem(str(path), message, field="fiscal_year"))
    if written_kind != wanted_kind:
        message = Message(
            "file name says agency kind {named}, agency_kind says {written}",
            named=wanted_kind,
            written=written_kind,
        )
        problems.append(Problem(str(path), message, field="agency_kind"))
    if problems:
        raise InputError(problems)
    return library
