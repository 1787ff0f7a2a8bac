"""Derived columns of agencies, kept in step with what they derive from on every save."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_save

from openita.collation import thai_sort_key
from openita.web.agencies.models import Agency


def _sort_name(sender: type[Agency], instance: Agency, **kwargs: Any) -> None:
    """The name's Thai dictionary order key, also when a backup is loaded (``raw`` saves):
    an archive made before the column existed, or with an older key, gets today's key."""
    instance.sort_name = thai_sort_key(instance.name)
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "name" in update_fields and "sort_name" not in update_fields:
        # A receiver cannot add to update_fields (Django passes a frozenset), so the new
        # name's key would silently not be written: refuse instead.
        raise ValueError("save(update_fields=...) with 'name' must include 'sort_name'")


def connect() -> None:
    pre_save.connect(_sort_name, sender=Agency, dispatch_uid="openita-agency-sort-name")
