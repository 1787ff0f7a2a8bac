"""``openita manage clean_uploads``: remove checked uploads that waited past their expiry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openita.web.assessments import pending


class Command(BaseCommand):
    help = (
        "Remove checked result files that were never confirmed and waited longer than "
        f"{pending.PENDING_TTL_SECONDS // 60} minutes (they are also removed on every upload)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = pending.clean()
        self.stdout.write(f"{removed} expired upload(s) removed from {pending.directory()}")
