"""Edits of a measure that never undo another: changed fields only, and a version number.

Two people (or an API client and a person) editing one measure at once used to save every
column, so the second save put back what the first had changed. Now an edit

1. claims the measure: one ``UPDATE … SET version = version + 1 WHERE id = … [AND version IN
   …]``, which takes the row's write lock (PostgreSQL) or the database's (SQLite, whose
   transactions begin IMMEDIATE) until the edit commits;
2. reads the measure again under that lock and applies the change to it;
3. saves only the changed fields (``update_fields``), so a title-only edit cannot revert a kpi
   saved a moment before.

An edit that names the version it was made on (the API's ``If-Match``, the forms' hidden
``version`` field) is a :class:`Conflict` when the measure has moved on since: nothing is
saved, and the caller shows both values (a 412, or the "changed meanwhile" form).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import F

from openita.web.plans.models import Measure


class Conflict(Exception):
    """The measure was changed since the version the edit was made on."""

    def __init__(self, current: Measure) -> None:
        super().__init__(f"measure {current.pk} is at version {current.version}")
        self.current = current


@contextmanager
def claimed(pk: int, versions: Collection[int] | None = None) -> Iterator[Measure]:
    """The measure, re-read under the lock of a transaction that raises its version.

    ``versions``: the edit is allowed only on one of these (None: on any). Raises
    :class:`Conflict` (nothing changed) or ``Measure.DoesNotExist`` (deleted meanwhile).
    """
    with transaction.atomic():
        rows = Measure.objects.filter(pk=pk)
        if versions is not None:
            rows = rows.filter(version__in=list(versions))
        if not rows.update(version=F("version") + 1):
            raise Conflict(Measure.objects.select_related("unit").get(pk=pk))
        yield Measure.objects.select_related("unit", "section__plan__agency").get(pk=pk)


def save_fields(measure: Measure, names: Iterable[str]) -> None:
    """Save ``names`` of a claimed measure, with its new version and time."""
    fields = {"unit" if name == "unit_id" else name for name in names}
    measure.save(update_fields=sorted(fields | {"version", "updated_at"}))


def save_changes(pk: int, version: int | None, values: dict[str, Any]) -> Measure:
    """Set ``values`` (field or attribute names) on the measure made at ``version``.

    Nothing to set is no edit: the measure is returned as it is, whatever its version."""
    if not values:
        return Measure.objects.select_related("unit", "section__plan__agency").get(pk=pk)
    with claimed(pk, None if version is None else [version]) as measure:
        for name, value in values.items():
            setattr(measure, name, value)
        save_fields(measure, values)
    return measure


def etag(measure: Measure) -> str:
    """The measure's entity tag: ``"m12.v3"`` (id and version)."""
    return f'"m{measure.pk}.v{measure.version}"'


def versions_in(if_match: str | None, pk: int) -> list[int] | None:
    """The versions an ``If-Match`` header allows (None: no header or ``*``).

    Tags of another measure, weak tags (``W/…``, never equal in a strong comparison) and
    anything unreadable allow no version, so the edit is refused (412)."""
    if if_match is None or if_match.strip() == "*":
        return None
    pattern = re.compile(rf'"m{pk}\.v(\d+)"')
    return [int(m.group(1)) for tag in if_match.split(",") if (m := pattern.fullmatch(tag.strip()))]
