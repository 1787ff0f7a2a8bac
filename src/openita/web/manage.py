"""Django's command line for the web app (``openita manage …`` or ``python -m openita.web``)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openita.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openita manage", *(sys.argv[1:] if argv is None else argv)])
