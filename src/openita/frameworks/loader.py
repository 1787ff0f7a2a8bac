"""Find, read and validate fiscal-year framework files.

Framework files live in ``openita/frameworks/data/ita-<BE year>.yaml``. Directories listed in
the ``OPENITA_FRAMEWORKS`` environment variable (``os.pathsep``-separated) are searched first,
so an administrator can add or override a fiscal year without touching the package.

A fiscal year between :data:`MIN_YEAR` and :data:`MAX_YEAR` without a file of its own is
scored with the rules of the nearest year that has one (ties go to the later year); the
returned framework says so (:attr:`Framework.is_fallback`) and ingest adds a
``framework_fallback`` warning. Years outside that range are refused.

Frameworks are chosen by fiscal year *and* agency kind (:mod:`openita.frameworks.kinds`): a
kind file ``ita-<year>-<kind>.yaml`` may ``extends:`` a base file and replace its top-level
sections (:func:`parse_framework`); a kind without a file of its year is scored with the
year's base file and a ``framework_kind_fallback`` warning.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from openita import limits
from openita.errors import InputError, Problem
from openita.frameworks.kinds import (
    DEFAULT_KIND,
    FrameworkIndex,
    index_files,
    is_kind,
    select,
    unknown_kind_message,
)
from openita.frameworks.model import Framework
from openita.frameworks.schema import FrameworkSpec, reference_problems
from openita.i18n import _
from openita.yamldoc import Path as DocPath
from openita.yamldoc import YamlDocument, load_yaml

if TYPE_CHECKING:
    from openita.scoring.model import AgencyResult

DATA_DIR = Path(__file__).parent / "data"
MIN_YEAR = 2500
MAX_YEAR = 2700
"""Buddhist-Era fiscal years OpenITA accepts at all (the schema's ``fiscal_year`` bounds)."""
_NAME = re.compile(r"^ita-(\d{4})\.ya?ml$")


def search_dirs() -> list[Path]:
    extra = os.environ.get("OPENITA_FRAMEWORKS", "")
    return [Path(p) for p in extra.split(os.pathsep) if p] + [DATA_DIR]


def add_search_dir(directory: Path) -> None:
    """Search ``directory`` after those already in ``OPENITA_FRAMEWORKS`` (the web app's
    installed files, :setting:`FRAMEWORKS_DIR`); child processes inherit it."""
    dirs = os.environ.get("OPENITA_FRAMEWORKS", "")
    if str(directory) not in dirs.split(os.pathsep):
        os.environ["OPENITA_FRAMEWORKS"] = os.pathsep.join(p for p in (dirs, str(directory)) if p)


def framework_files() -> dict[int, Path]:
    """Fiscal year → framework file; earlier search directories win."""
    found: dict[int, Path] = {}
    for directory in reversed(search_dirs()):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            match = _NAME.match(path.name)
            if match:
                found[int(match.group(1))] = path
    return dict(sorted(found.items()))


def framework_index() -> FrameworkIndex:
    """Base and kind files of every search directory (earlier directories win)."""
    return index_files(search_dirs())


def available_years() -> list[int]:
    """Fiscal years that have a framework file (a base file or a kind file)."""
    return framework_index().years()


MAX_EXTENDS = 4
"""How many files one ``extends:`` chain may name: a kind file on a base is one."""


def _read_doc(text: str, file: str) -> YamlDocument:
    doc = load_yaml(text, file, kind="framework.yaml")
    if not isinstance(doc.data, dict):
        raise InputError([Problem(file, _("a framework file must be a YAML mapping"), line=1)])
    return doc


def _extended(doc: YamlDocument) -> Path | None:
    """The file that ``doc``'s ``extends:`` names: next to ``doc``, else in the search path."""
    name = doc.data.get("extends")
    if name is None:
        return None
    if not isinstance(name, str) or not re.fullmatch(r"ita-[A-Za-z0-9_-]+\.ya?ml", name):
        raise InputError(
            [doc.problem(("extends",), _("extends must name a framework file like ita-2569.yaml"))]
        )
    for directory in [Path(doc.file).parent, *search_dirs()]:
        if (directory / name).is_file():
            return directory / name
    message = _("extends names {name}, which is neither next to this file nor in {dirs}").format(
        name=name, dirs=", ".join(str(d) for d in search_dirs())
    )
    raise InputError([doc.problem(("extends",), message)])


def _layers(text: str, file: str) -> list[YamlDocument]:
    """``file``'s document preceded by the documents it extends, the base first."""
    layers = [_read_doc(text, file)]
    seen = {Path(file).resolve()}
    while (base := _extended(layers[0])) is not None:
        if base.resolve() in seen or len(layers) >= MAX_EXTENDS:
            message = (
                _("extends makes a cycle through {name}").format(name=base.name)
                if base.resolve() in seen
                else _("extends chains more than {count} files").format(count=MAX_EXTENDS)
            )
            raise InputError([layers[0].problem(("extends",), message)])
        seen.add(base.resolve())
        limits.check_file(base, "framework.yaml")
        layers.insert(0, _read_doc(base.read_text(encoding="utf-8"), str(base)))
    return layers


def parse_framework(text: str, file: str) -> Framework:
    """Validate framework YAML ``text``; raise :class:`InputError` naming file and line.

    A file with ``extends: ita-2569.yaml`` starts from that file (looked up next to ``file``,
    then in the framework directories) and replaces each top-level section it gives, e.g.
    ``oit_items``; a problem is named in the file its section came from.
    """
    layers = _layers(text, file)
    data: dict[str, object] = {}
    owner: dict[str, YamlDocument] = {}
    for layer in layers:
        for key, value in layer.data.items():
            if key != "extends":
                data[key] = value
                owner[key] = layer
    top = layers[-1]

    def problem(path: DocPath, message: str) -> Problem:
        doc = owner.get(str(path[0]), top) if path else top
        return doc.problem(path, message)

    try:
        spec = FrameworkSpec.model_validate(data)
    except ValidationError as exc:
        raise InputError([problem(tuple(err["loc"]), err["msg"]) for err in exc.errors()]) from None
    problems = [problem(path, message) for path, message in reference_problems(spec)]
    if problems:
        raise InputError(problems)
    return Framework(spec=spec, source=file)


def load_framework_file(path: Path) -> Framework:
    limits.check_file(path, "framework.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = _("cannot read framework file: {reason}").format(reason=exc)
        raise InputError([Problem(str(path), message)]) from None
    return parse_framework(text, str(path))


@lru_cache(maxsize=32)
def _load_cached(path: Path, mtime_ns: int) -> Framework:
    return load_framework_file(path)


def nearest_year(fiscal_year: int, known: list[int]) -> int | None:
    """The known year closest to ``fiscal_year`` (the later one on a tie); None if none."""
    if not known:
        return None
    return min(known, key=lambda year: (abs(year - fiscal_year), -year))


def name_problems(path: Path, framework: Framework) -> list[Problem]:
    """What a file's name promises that its contents contradict: the year, and the kind of
    an ``ita-<year>-<kind>.yaml``, which must be in its ``agency_kinds``."""
    match = re.match(r"^ita-(\d{4})(?:-([A-Za-z0-9_-]+))?\.ya?ml$", path.name)
    if match is None:
        return []
    problems: list[Problem] = []
    named = int(match.group(1))
    if framework.spec.fiscal_year != named:
        message = _("file name says {named}, fiscal_year says {written}").format(
            named=named, written=framework.spec.fiscal_year
        )
        problems.append(Problem(str(path), message, field="fiscal_year"))
    kind = match.group(2)
    if kind is not None and kind not in framework.spec.agency_kinds:
        message = _("file name says agency kind {kind}, agency_kinds says {written}").format(
            kind=kind, written=", ".join(framework.spec.agency_kinds)
        )
        problems.append(Problem(str(path), message, field="agency_kinds"))
    return problems


def load_framework(fiscal_year: int, agency_kind: str | None = None) -> Framework:
    """The framework of ``fiscal_year`` (Buddhist Era) for ``agency_kind`` (default
    ``local_government``), e.g. ``load_framework(2569, "central_agency")``.

    The one place frameworks are looked up: the kind's own file of the year, else the year's
    base file (kind fallback); a year without a file gets the nearest known year's rules
    (year fallback; see the module docstring). A year outside 2500–2700, or any year when no
    framework file exists at all, raises :class:`UnknownFiscalYear`; a kind outside the
    vocabulary raises :class:`UnknownAgencyKind`.
    """
    kind = agency_kind or DEFAULT_KIND
    if not is_kind(kind):
        raise UnknownAgencyKind(kind)
    index = framework_index()
    known = ", ".join(str(y) for y in index.years())
    if not MIN_YEAR <= fiscal_year <= MAX_YEAR:
        raise UnknownFiscalYear(fiscal_year, known)
    chosen = select(index, fiscal_year, kind)
    if chosen is None:
        raise UnknownFiscalYear(fiscal_year, known)
    path = chosen.path
    mtime_ns = path.stat().st_mtime_ns
    framework = _load_cached(path, mtime_ns)
    problems = name_problems(path, framework)
    if problems:
        raise InputError(problems)
    if fiscal_year == chosen.rules_year and kind == framework.spec.agency_kinds[0]:
        return framework
    return _variant_cached(path, mtime_ns, fiscal_year, kind)


@lru_cache(maxsize=64)
def _variant_cached(path: Path, mtime_ns: int, fiscal_year: int, kind: str) -> Framework:
    framework = _load_cached(path, mtime_ns)
    return replace(
        framework,
        requested_year=fiscal_year if fiscal_year != framework.spec.fiscal_year else None,
        requested_kind=kind if kind != framework.spec.agency_kinds[0] else None,
    )


def framework_of(result: AgencyResult) -> Framework:
    """The framework a result is scored with: its fiscal year and its agency's kind."""
    return load_framework(result.fiscal_year, result.agency.kind)


class UnknownAgencyKind(LookupError):
    """An agency kind outside the vocabulary of :data:`openita.frameworks.kinds.KINDS`."""

    def __init__(self, kind: object) -> None:
        self.kind = kind
        super().__init__(unknown_kind_message(kind))


class UnknownFiscalYear(LookupError):
    """A fiscal year that cannot be scored; its text is shown to users (ingest, web)."""

    def __init__(self, fiscal_year: int, known: str) -> None:
        self.fiscal_year = fiscal_year
        if not MIN_YEAR <= fiscal_year <= MAX_YEAR:
            super().__init__(
                _(
                    "fiscal year {fiscal_year} is outside {first}–{last} (Buddhist Era); "
                    "no ITA framework applies"
                ).format(fiscal_year=fiscal_year, first=MIN_YEAR, last=MAX_YEAR)
            )
            return
        super().__init__(
            _(
                "no ITA framework for fiscal year {fiscal_year} (known: {known}); "
                "add ita-<year>.yaml to a directory in OPENITA_FRAMEWORKS"
            ).format(fiscal_year=fiscal_year, known=known or _("none"))
        )
