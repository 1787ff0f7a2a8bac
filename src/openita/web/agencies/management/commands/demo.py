"""``openita manage demo``: load the demo agencies, results, plans and logins (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.web.demo import DemoRefused, load_demo, logins_table


class Command(BaseCommand):
    help = (
        "Load demo data: the seed agency เทศบาลตำบลคำบง with its real results, synthetic "
        "example agencies, and one login per role. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "run even with DEBUG off (the demo passwords are published: never on a public site)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            logins = load_demo(force=options["force"])
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("Demo logins:")
        self.stdout.write(logins_table(logins))
