"""Record which fiscal-year framework files the site can score with (the Framework rows).

The data files are the source of truth (ADR 0001, docs/frameworks.md): a row is written only
for a file that validates with :func:`openita.frameworks.load_framework_file`, and it copies
what an administrator needs to see — title, file, digest, how many indicators and
questions/items. A file that does not validate is reported with its file and line and leaves
its row as it was, so one broken file does not hide the years that load. Used by the admin
action and by the demo loader of ``make run``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from openita.errors import InputError, Problem
from openita.frameworks.kinds import select
from openita.frameworks.loader import (
    framework_index,
    load_framework_file,
    name_problems,
    search_dirs,
)
from openita.limits import MAX_BYTES, check_size
from openita.web.assessments.models import Framework, Result
from openita.web.assessments.services import Rescored, rescore

FRAMEWORK_NAME = re.compile(r"^ita-\d{4}(?:-[a-z_]+)?\.ya?ml$")


@dataclass
class FrameworkLoad:
    """What one run loaded (rows written, oldest year first) and the files it refused."""

    loaded: list[Framework] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_frameworks() -> FrameworkLoad:
    """Validate every framework file found and upsert one Framework row per valid file
    (base files and kind files ``ita-<year>-<kind>.yaml``)."""
    outcome = FrameworkLoad()
    index = framework_index()
    outcome.problems.extend(index.problems)
    files = [((year, ""), path) for year, path in index.base.items()]
    files += list(index.kinds.items())
    for (year, kind), path in sorted(files):
        try:
            framework = load_framework_file(path)
        except InputError as exc:
            outcome.problems.extend(exc.problems)
            continue
        problems = name_problems(path, framework)
        if problems:
            outcome.problems.extend(problems)
            continue
        spec = framework.spec
        with transaction.atomic():
            row, _created = Framework.objects.update_or_create(
                fiscal_year=year,
                kind=kind,
                defaults={
                    "title": spec.title_th[:300],
                    "source_file": str(path)[:500],
                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                    "indicators": len(spec.indicators),
                    "questions": len(spec.questions) + len(spec.oit_items),
                },
            )
        outcome.loaded.append(row)
    return outcome


@dataclass
class Installed:
    """What :func:`install_framework` did."""

    path: Path
    loaded: FrameworkLoad
    rescored: Rescored


def install_framework(source: Path, directory: Path, rescore_results: bool = True) -> Installed:
    """Validate ``source`` (``ita-<year>.yaml`` or ``ita-<year>-<kind>.yaml``), store it in
    ``directory`` (the site's FRAMEWORKS_DIR, searched before the bundled files), refresh the
    Framework rows and re-score every stored result that the file now scores.

    Raises :class:`InputError` (file, line, field) and stores nothing when the file does not
    validate, its name is not a framework file's, or what it ``extends:`` cannot be found from
    ``directory``.
    """
    name = source.name
    if not FRAMEWORK_NAME.match(name):
        raise InputError([_name_problem(str(source), name)])
    framework = load_framework_file(source)
    problems = name_problems(source, framework)
    if problems:
        raise InputError(problems)
    if str(directory) not in [str(d) for d in search_dirs()]:
        message = f"{directory} is not a framework directory (OPENITA_FRAMEWORKS)"
        raise InputError([Problem(str(source), message)])
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    previous = target.read_bytes() if target.exists() else None
    staging = directory / f".{name}.tmp"
    shutil.copyfile(source, staging)
    staging.replace(target)
    try:
        load_framework_file(target)  # its extends: must resolve from where it now lives
    except InputError:
        if previous is None:
            target.unlink()
        else:
            target.write_bytes(previous)
        raise
    loaded = load_frameworks()
    outcome = Rescored()
    if rescore_results:
        index = framework_index()
        rows = Result.objects.select_related("agency").order_by("fiscal_year", "pk")
        affected = [
            row
            for row in rows
            if (chosen := select(index, row.fiscal_year, row.agency.kind)) is not None
            and chosen.path == target
        ]
        outcome = rescore(affected)
    return Installed(target, loaded, outcome)


def _name_problem(file: str, name: str) -> Problem:
    message = f"a framework file is named ita-<year>.yaml or ita-<year>-<kind>.yaml, not {name!r}"
    return Problem(file, message)


def install_uploaded_framework(
    name: str, size: int, chunks: Iterable[bytes], directory: Path, rescore_results: bool = True
) -> Installed:
    """:func:`install_framework` for a file sent through the admin's upload page.

    ``size`` is checked against the framework file limit (:data:`openita.limits.MAX_BYTES`)
    before a byte is read, and the bytes read are counted again; the file is written to a
    private temporary directory under its own name (which must be a framework file's, so it
    holds no path) and installed from there. Problems name the uploaded file, not the
    temporary path.
    """
    if not FRAMEWORK_NAME.match(name):
        raise InputError([_name_problem(name, name)])
    check_size(size, "framework.yaml", name)
    with tempfile.TemporaryDirectory(prefix="openita-framework-") as tmp:
        source = Path(tmp) / name
        written = 0
        with source.open("wb") as fh:
            for chunk in chunks:
                written += len(chunk)
                check_size(written, "framework.yaml", name)
                fh.write(chunk)
        try:
            return install_framework(source, directory, rescore_results=rescore_results)
        except InputError as exc:
            raise InputError([_renamed(p, str(source), name) for p in exc.problems]) from None


def _renamed(problem: Problem, path: str, name: str) -> Problem:
    """``problem`` with the temporary ``path`` of an uploaded file replaced by its ``name``."""
    if problem.file != path:
        return problem
    return Problem(
        name,
        problem.message_data,
        line=problem.line,
        field=problem.field_data,
        line_label=problem.line_label,
        code=problem.code,
    )


#: The largest framework file the admin upload page accepts (docs/frameworks.md).
MAX_UPLOAD_BYTES = MAX_BYTES["framework.yaml"]
