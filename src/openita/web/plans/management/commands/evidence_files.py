"""``openita manage evidence_files [--clean]``: evidence files without rows, rows without files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.web.plans import evidence_storage


class Command(BaseCommand):
    help = (
        "List evidence files that no row names (older than 15 minutes) and evidence rows whose "
        "file is missing; --clean deletes those files. Exit 1 when a row's file is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clean", action="store_true", help="delete the orphaned files")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clean"]:
            names = evidence_storage.remove_orphans()
            verb = "deleted"
        else:
            names = evidence_storage.orphans()
            verb = "found"
        for name in names:
            self.stdout.write(f"orphaned file {verb}: {name}")
        missing = evidence_storage.missing()
        for pk, name in missing:
            self.stdout.write(f"evidence row {pk}: file missing: {name}")
        self.stdout.write(f"{len(names)} orphaned files {verb}, {len(missing)} rows without file")
        if missing:
            raise CommandError(f"{len(missing)} evidence rows have no file")
