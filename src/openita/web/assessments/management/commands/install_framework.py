"""``openita manage install_framework FILE``: load an official framework file into the site.

Validates the file (file, line and field on any problem; nothing stored then), stores it in
the site's frameworks directory (``FRAMEWORKS_DIR``: ``<data_dir>/frameworks``), refreshes the
framework rows of the admin and re-scores every stored result the file now scores
(docs/frameworks.md, "Loading an official list").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.errors import InputError
from openita.web.assessments.frameworks import install_framework


class Command(BaseCommand):
    help = (
        "Validate a framework file (ita-<year>.yaml or ita-<year>-<kind>.yaml), store it in "
        "the site's frameworks directory and re-score the stored results it now scores."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the framework YAML file")
        parser.add_argument(
            "--no-rescore", action="store_true", help="store it without re-scoring results"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        try:
            installed = install_framework(
                source, Path(settings.FRAMEWORKS_DIR), rescore_results=not options["no_rescore"]
            )
        except InputError as exc:
            raise CommandError(
                f"{source} was not installed:\n" + "\n".join(f"  • {p}" for p in exc.problems)
            ) from None
        self.stdout.write(f"Installed {installed.path}.")
        for problem in installed.loaded.problems:
            self.stderr.write(f"  • another framework file has a problem: {problem}")
        self.stdout.write(f"Re-scored {installed.rescored.rescored} stored result(s).")
        for refused in installed.rescored.problems:
            self.stderr.write(f"  • cannot be scored any more, left as it was: {refused}")
