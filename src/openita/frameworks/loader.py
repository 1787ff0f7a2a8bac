"""Find, read and validate fiscal-year framework files.

Framework files live in ``openita/frameworks/data/ita-<BE year>.yaml``. Directories listed in
the ``OPENITA_FRAMEWORKS`` environment variable (``os.pathsep``-separated) are searched first,
so an administrator can add or override a fiscal year without touching the package.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from openita import limits
from openita.errors import InputError, Problem
from openita.frameworks.model import Framework
from openita.frameworks.schema import FrameworkSpec, reference_problems
from openita.i18n import _
from openita.yamldoc import load_yaml

DATA_DIR = Path(__file__).parent / "data"
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
        raise InputError([Problem(file, _("a framework file must be a YAML mapping"), line=1)])
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
        message = _("cannot read framework file: {reason}").format(reason=exc)
        raise InputError([Problem(str(path), message)]) from None
    return parse_framework(text, str(path))


@lru_cache(maxsize=32)
def _load_cached(path: Path, mtime_ns: int) -> Framework:
    return load_framework_file(path)


def load_framework(fiscal_year: int) -> Framework:
    """The framework of ``fiscal_year`` (Buddhist Era), e.g. ``load_framework(2568)``."""
    files = framework_files()
    path = files.get(fiscal_year)
    if path is None:
        raise UnknownFiscalYear(fiscal_year, ", ".join(str(y) for y in files))
    framework = _load_cached(path, path.stat().st_mtime_ns)
    if framework.fiscal_year != fiscal_year:
        raise InputError(
            [
                Problem(
                    str(path),
                    _("file name says {named}, fiscal_year says {written}").format(
                        named=fiscal_year, written=framework.fiscal_year
                    ),
                    field="fiscal_year",
                )
            ]
        )
    return framework


class UnknownFiscalYear(LookupError):
    """A fiscal year without a framework file; its text is shown to users (ingest, web)."""

    def __init__(self, fiscal_year: int, known: str) -> None:
        self.fiscal_year = fiscal_year
        super().__init__(
            _(
                "no ITA framework for fiscal year {fiscal_year} (known: {known}); "
                "add ita-<year>.yaml to a directory in OPENITA_FRAMEWORKS"
            ).format(fiscal_year=fiscal_year, known=known or _("none"))
        )
