"""Evidence files and their rows stay in step, also after a crash.

An evidence file is written to storage first and its row is inserted after it, in one
transaction (:func:`save`): a failure inside the transaction deletes the file again; a crash
(a killed worker, a power cut) can only leave a file without a row, never a row without a file,
because the row is committed after the file is complete. Deleting is the other way round: the
row first, the file once the delete is committed; a crash in between again leaves only a file.

The store holds the plans' evidence (:class:`~openita.web.plans.models.Evidence`) and the
OIT items' uploaded files (:class:`~openita.web.oit.models.EvidenceFile`): :data:`FILE_MODELS`
lists every model whose rows name files here, so neither is taken for the other's orphan.

Such files are *orphans*: :func:`orphans` finds them (files under ``MEDIA_ROOT/evidence/`` that
no row names and older than :data:`GRACE`, so an upload being saved right now is never taken),
:func:`remove_orphans` deletes them. ``openita manage evidence_files --clean`` runs it, as the
systemd unit does before gunicorn starts (docs/production.md); ``openita manage check`` warns
about orphans and about rows whose file is missing (e.g. media restored from an older copy).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction

#: Files younger than this are never orphans: their upload may not be committed yet.
GRACE = 15 * 60.0  # seconds
FOLDER = "evidence"
#: Every model with a ``file`` field stored under :data:`FOLDER`.
FILE_MODELS = ("plans.Evidence", "oit.EvidenceFile")


def save(form: Any) -> Any:
    """Save an evidence form (a plan's evidence or an OIT file): file first, row after it, one
    transaction; no file is left behind when the row cannot be saved."""
    try:
        with transaction.atomic():
            evidence = form.save()
    except BaseException:
        stored = getattr(form.instance, "file", None)
        if stored and stored.name and stored.storage.exists(stored.name):
            stored.storage.delete(stored.name)
        raise
    return evidence


def _root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _files() -> Iterator[Path]:
    folder = _root() / FOLDER
    if folder.is_dir():
        yield from (path for path in folder.rglob("*") if path.is_file())


def _file_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in FILE_MODELS]


def _named() -> set[str]:
    named: set[str] = set()
    for model in _file_models():
        named |= set(model._default_manager.exclude(file="").values_list("file", flat=True))
    return named


def orphans(now: float | None = None) -> list[str]:
    """Stored evidence files (names relative to MEDIA_ROOT) that no row names."""
    now = time.time() if now is None else now
    named = _named()
    root = _root()
    found = []
    for path in _files():
        name = path.relative_to(root).as_posix()
        try:
            old_enough = now - path.stat().st_mtime > GRACE
        except FileNotFoundError:  # deleted meanwhile
            continue
        if name not in named and old_enough:
            found.append(name)
    return sorted(found)


def missing() -> list[tuple[int, str]]:
    """Rows (id, file name) whose file is not in storage."""
    root = _root()
    lost: list[tuple[int, str]] = []
    for model in _file_models():
        rows = model._default_manager.exclude(file="").values_list("pk", "file").order_by("pk")
        lost.extend((pk, name) for pk, name in rows if not (root / name).is_file())
    return lost


def remove_orphans(now: float | None = None) -> list[str]:
    """Delete the orphans; returns their names."""
    removed = []
    for name in orphans(now):
        (_root() / name).unlink(missing_ok=True)
        removed.append(name)
    return removed


def check(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """The system check of ``openita manage check``: orphans and missing files, as warnings."""
    from django.core.checks import Warning as CheckWarning
    from django.db import DatabaseError

    try:
        found, lost = orphans(), missing()
    except DatabaseError:  # before migrate: no tables yet
        return []
    warnings = []
    if found:
        warnings.append(
            CheckWarning(
                f"{len(found)} evidence files have no row (e.g. {found[0]})",
                hint="openita manage evidence_files --clean deletes them",
                id="openita.W001",
            )
        )
    if lost:
        warnings.append(
            CheckWarning(
                f"{len(lost)} evidence rows have no file (e.g. row {lost[0][0]}: {lost[0][1]})",
                hint="restore the media directory from the backup made with the database",
                id="openita.W002",
            )
        )
    return warnings
