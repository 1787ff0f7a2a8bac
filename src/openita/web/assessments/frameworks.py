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
from dataclasses import dataclass, field

from django.db import transaction

from openita.errors import InputError, Problem
from openita.frameworks.loader import framework_files, load_framework_file
from openita.web.assessments.models import Framework


@dataclass
class FrameworkLoad:
    """What one run loaded (rows written, oldest year first) and the files it refused."""

    loaded: list[Framework] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_frameworks() -> FrameworkLoad:
    """Validate every framework file found and upsert one Framework row per valid file."""
    outcome = FrameworkLoad()
    for year, path in framework_files().items():
        try:
            framework = load_framework_file(path)
        except InputError as exc:
            outcome.problems.extend(exc.problems)
            continue
        if framework.fiscal_year != year:
            outcome.problems.append(
                Problem(
                    str(path),
                    f"the file name says {year}, its fiscal_year says {framework.fiscal_year}",
                    field="fiscal_year",
                )
            )
            continue
        spec = framework.spec
        with transaction.atomic():
            row, _created = Framework.objects.update_or_create(
                fiscal_year=year,
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
