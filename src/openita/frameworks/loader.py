"""Find, read and validate fiscal-year framework files.

Framework files live in ``openita/frameworks/data/ita-<BE year>.yaml``. Directories listed in
the ``OPENITA_FRAMEWORKS`` environment variable (``os.pathsep``-separated) are searched first,
so an administrator can add or override a fiscal year without touching the package.

A fiscal year between :data:`MIN_YEAR` and :data:`MAX_YEAR` without a file of its own is
scored with the rules of the nearest year that has one (ties go to the later year); the
returned framework says so (:attr:`Framework.is_fallback`) and ingest adds a
``framework_fallback`` warning. Years outside that range are refused.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from openita import limits
from openita.errors import InputError, OpenITAError, Problem
from openita.frameworks.model import Framework
from openita.frameworks.schema import FrameworkSpec, reference_problems
from openita.message import Message
from openita.yamldoc import load_yaml

DATA_DIR = Path(__file__).parent / "data"
MIN_YEAR = 2500
MAX_YEAR = 2700
"""Buddhist-Era fiscal years OpenITA accepts at all (the schema's ``fiscal_year`` bounds)."""
_NAME = re.compile(r"^ita-(\d{4})\.ya?ml$")


def search_dirs() -> list[Path]:
    extra = os.environ.get("OPENITA_FRAMEWORKS", "")
    return [Path(p) for p in extra.split(os.pathsep) if p] + [DATA_DIR]


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


def available_years() -> list[int]:
    return list(framework_files())


def parse_framework(text: str, file: str) -> Framework:
    """Validate framework YAML ``text``; raise :class:`InputError` naming file and line."""
    doc = load_yaml(text, file, kind="framework.yaml")
    if not isinstance(doc.data, dict):
        raise InputError(
            [Problem(file, Message("a framework file must be a YAML mapping"), line=1)]
        )
    try:
        spec = FrameworkSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(
            [doc.problem(tuple(err["loc"]), err["msg"]) for err in exc.errors()]
        ) from None
    problems = [doc.problem(path, message) for path, message in reference_problems(spec)]
    if problems:
        raise InputError(problems)
    return Framework(spec=spec, source=file)


def load_framework_file(path: Path) -> Framework:
    limits.check_file(path, "framework.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = Message("cannot read framework file: {reason}", reason=exc)
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


def load_framework(fiscal_year: int) -> Framework:
    """The framework of ``fiscal_year`` (Buddhist Era), e.g. ``load_framework(2568)``.

    The one place frameworks are looked up: a year without a file gets the nearest known
    year's rules as a fallback (see the module docstring); a year outside 2500–2700, or any
    year when no framework file exists at all, raises :class:`UnknownFiscalYear`.
    """
    files = framework_files()
    known = ", ".join(str(y) for y in files)
    if not MIN_YEAR <= fiscal_year <= MAX_YEAR:
        raise UnknownFiscalYear(fiscal_year, known)
    used = fiscal_year if fiscal_year in files else nearest_year(fiscal_year, list(files))
    if used is None:
        raise UnknownFiscalYear(fiscal_year, known)
    path = files[used]
    mtime_ns = path.stat().st_mtime_ns
    framework = _load_cached(path, mtime_ns)
    if framework.fiscal_year != used:
        raise InputError(
            [
                Problem(
                    str(path),
                    Message(
                        "file name says {named}, fiscal_year says {written}",
                        named=used,
                        written=framework.fiscal_year,
                    ),
                    field="fiscal_year",
                )
            ]
        )
    if used != fiscal_year:
        return _fallback_cached(path, mtime_ns, fiscal_year)
    return framework


@lru_cache(maxsize=32)
def _fallback_cached(path: Path, mtime_ns: int, fiscal_year: int) -> Framework:
    return replace(_load_cached(path, mtime_ns), requested_year=fiscal_year)


class UnknownFiscalYear(OpenITAError, LookupError):
    """A fiscal year that cannot be scored; its text is shown to users (ingest, web).

    Bad input for the CLI (exit 2); for the API the year's framework is not found (404).
    """

    http_status = 404
    code = "unknown_fiscal_year"

    def __init__(self, fiscal_year: int, known: str) -> None:
        self.fiscal_year = fiscal_year
        if not MIN_YEAR <= fiscal_year <= MAX_YEAR:
            super().__init__(
                Message(
                    "fiscal year {fiscal_year} is outside {first}–{last} (Buddhist Era); "
                    "no ITA framework applies",
                    fiscal_year=fiscal_year,
                    first=MIN_YEAR,
                    last=MAX_YEAR,
                )
            )
            return
        super().__init__(
            Message(
                "no ITA framework for fiscal year {fiscal_year} (known: {known}); "
                "add ita-<year>.yaml to a directory in OPENITA_FRAMEWORKS",
                fiscal_year=fiscal_year,
                known=known or Message("none"),
            )
        )
