"""Agency kinds: their names, their framework files, and which file a (year, kind) is scored with.

The ITA item lists differ by agency kind (docs/sources.md, "OIT items": local governments,
central agencies, vocational colleges and hospitals publish different OIT lists), so a
framework is chosen by fiscal year *and* kind (docs/frameworks.md, "Agency kinds"):

- ``ita-<year>.yaml`` is the year's base file; its ``agency_kinds`` say which kinds it
  describes (the shipped base files describe local governments);
- ``ita-<year>-<kind>.yaml`` is a kind file, usually ``extends: ita-<year>.yaml`` and replacing
  only what differs (``sub_indicators``, ``oit_items``, ``oit_grouping``).

:func:`select` picks the file: the kind's own file of the year; else the year's base file (a
*kind fallback*, warned about); a year without a file borrows the nearest year that has one (a
*year fallback*, warned about), and then the same two steps apply there. Never a refusal for a
year from 2500 to 2700.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from openita.errors import Problem
from openita.frameworks.schema import AgencyKind
from openita.i18n import _
from openita.message import Message

KINDS: tuple[str, ...] = get_args(AgencyKind)
DEFAULT_KIND = "local_government"
"""The kind of a result that names none (docs/formats.md): most ITA agencies are local
governments, and the shipped base files describe them."""

_BASE = re.compile(r"^ita-(\d{4})\.ya?ml$")
_KIND = re.compile(r"^ita-(\d{4})-([A-Za-z0-9_-]+)\.ya?ml$")


_KIND_NAMES = {
    "local_government": Message("local government"),
    "central_agency": Message("central agency"),
    "vocational_college": Message("vocational college"),
    "school": Message("school"),
    "hospital": Message("hospital"),
}


def kind_message(kind: str) -> Message:
    """The kind's name as a message, worded when shown (Thai: "องค์กรปกครองส่วนท้องถิ่น")."""
    return _KIND_NAMES.get(kind) or Message("agency kind {kind}", kind=kind)


def kind_label(kind: str) -> str:
    """The kind's name in the current language."""
    return str(kind_message(kind))


THAI_NAMES = {
    "องค์กรปกครองส่วนท้องถิ่น": "local_government",
    "อปท.": "local_government",
    "หน่วยงานส่วนกลาง": "central_agency",
    "ส่วนราชการ": "central_agency",
    "สถานศึกษาอาชีวศึกษา": "vocational_college",
    "วิทยาลัย": "vocational_college",
    "โรงเรียน": "school",
    "สถานศึกษา": "school",
    "โรงพยาบาล": "hospital",
}
"""Thai names a clerk may write for a kind in a result file (docs/formats.md)."""


def is_kind(value: str) -> bool:
    return value in KINDS


def kind_from_text(text: str) -> str | None:
    """The kind an identifier or Thai name means (``"โรงพยาบาล"`` → ``hospital``); None if none."""
    value = text.strip()
    lowered = value.lower().replace("-", "_").replace(" ", "_")
    if is_kind(lowered):
        return lowered
    return THAI_NAMES.get(value)


def unknown_kind_message(value: object) -> str:
    return _("unknown agency kind {kind}; known kinds: {known}").format(
        kind=repr(value), known=", ".join(KINDS)
    )


@dataclass(frozen=True)
class FrameworkIndex:
    """Every framework file found: base files by year, kind files by (year, kind)."""

    base: dict[int, Path] = field(default_factory=dict)
    kinds: dict[tuple[int, str], Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Files whose name looks like a framework file but names an unknown kind."""

    def years(self) -> list[int]:
        return sorted(set(self.base) | {year for year, _kind in self.kinds})


def index_files(directories: list[Path]) -> FrameworkIndex:
    """Framework files of ``directories``; earlier directories win over later ones."""
    index = FrameworkIndex()
    for directory in reversed(directories):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if match := _BASE.match(path.name):
                index.base[int(match.group(1))] = path
            elif match := _KIND.match(path.name):
                kind = match.group(2)
                if not is_kind(kind):
                    index.problems.append(
                        Problem(str(path), unknown_kind_message(kind), field="agency_kinds")
                    )
                    continue
                index.kinds[(int(match.group(1)), kind)] = path
    return index


@dataclass(frozen=True)
class Selection:
    """The file that scores (``fiscal_year``, ``kind``): its year, and whether it is the kind's."""

    path: Path
    rules_year: int
    kind_file: bool
    """True for an ``ita-<year>-<kind>.yaml`` of the requested kind; False for the year's base
    file, which covers the kind only if its ``agency_kinds`` list it (the caller reads it)."""


def select(index: FrameworkIndex, fiscal_year: int, kind: str) -> Selection | None:
    """The file for ``fiscal_year`` and ``kind``; None when there is no file at all.

    A year is a candidate when it has a file for the kind or a base file: the requested year
    if it is one, else the nearest candidate (the later one on a tie). In that year the kind's
    own file wins over the base file.
    """
    own = {year for year, k in index.kinds if k == kind}
    candidates = sorted(own | set(index.base))
    if not candidates:
        return None
    year = min(candidates, key=lambda y: (abs(y - fiscal_year), -y))
    if (year, kind) in index.kinds:
        return Selection(index.kinds[(year, kind)], year, kind_file=True)
    return Selection(index.base[year], year, kind_file=False)
