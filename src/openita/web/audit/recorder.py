"""Record every change of an audited model from Django's model signals.

Signals catch changes from views, the API, Django admin and management commands alike. The
actor comes from :func:`acting_as` (the middleware sets it per request; the API and commands
set it themselves). Secrets are never copied into the log: password hashes and token digests
show only that they changed; file and binary fields show their name or SHA-256.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

AUDITED_APPS = ("agencies", "assessments", "plans", "api")
AUDITED_MODELS = (
    "auth.user",
    "auth.group",
    "oit.evidencelink",
    "oit.itemstate",
    "oit.checkrun",
    "oit.evidencefile",
    "oit.documentevidence",
    "oit.itemreview",
    "oit.contest",
    "oit.clarificationwindow",
    "oit.itemguidance",
)
SECRET_FIELDS = {"password", "digest"}
#: last_login changes on every login; sort_name is derived from the name, which is recorded.
SKIPPED_FIELDS = {"last_login", "sort_name"}

_actor: ContextVar[Any] = ContextVar("openita_audit_actor", default=None)
_BEFORE = "_openita_audit_before"


@contextlib.contextmanager
def acting_as(user: Any) -> Iterator[None]:
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def _value(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        data = bytes(value)
        return f"sha256:{hashlib.sha256(data).hexdigest()} ({len(data)} bytes)"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "name") and isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        # "updated at" columns change on every save; the event's own time says when.
        if field.name in SKIPPED_FIELDS or getattr(field, "auto_now", False):
            continue
        value = field.value_from_object(instance)
        if field.name in SECRET_FIELDS:
            # A fingerprint of the stored hash: shows that it changed, reveals nothing.
            digest = hashlib.sha256(str(value).encode()).hexdigest()[:8] if value else ""
            data[field.name] = f"(secret {digest})" if value else ""
            continue
        data[field.attname if field.is_relation else field.name] = _value(value)
    return data


def is_audited(model: type[models.Model]) -> bool:
    meta = model._meta
    return meta.app_label in AUDITED_APPS or meta.label_lower in AUDITED_MODELS


def _agency_id(instance: models.Model) -> int | None:
    from openita.web.agencies.models import Agency

    if isinstance(instance, Agency):
        return instance.pk
    for path in (
        "agency_id",
        "plan__agency_id",
        "section__plan__agency_id",
        "measure__section__plan__agency_id",
    ):
        obj: Any = instance
        for step in path.split("__")[:-1]:
            obj = getattr(obj, step, None)
        if obj is not None and (value := getattr(obj, path.split("__")[-1], None)) is not None:
            return int(value)
    return None


def _record(instance: models.Model, action: str, before: Any, after: Any) -> None:
    from openita.web.audit.models import AuditEvent

    actor = _actor.get()
    if action == "update" and before == after:
        return
    AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "(system)",
        agency_id=_agency_id(instance),
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
    )


def _pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not is_audited(sender) or kwargs.get("raw"):
        return
    before = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        before = snapshot(old) if old is not None else None
    instance.__dict__[_BEFORE] = before


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if not is_audited(sender) or kwargs.get("raw"):
        return
    before = instance.__dict__.pop(_BEFORE, None)
    if created:
        _record(instance, "create", None, snapshot(instance))
        return
    after = snapshot(instance)
    saved = kwargs.get("update_fields")
    if saved is not None and before is not None:
        # Only these columns were written; the instance's other values may be older than the
        # row's (another edit meanwhile), so they are taken from the row as it was.
        names = {getattr(instance._meta.get_field(name), "attname", name) for name in saved}
        names |= set(saved)
        after = {key: after[key] if key in names else value for key, value in before.items()}
    _record(instance, "update", before, after)


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if is_audited(sender):
        _record(instance, "delete", snapshot(instance), None)


def _pre_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Record the rows a deletion changes without deleting them (``on_delete=SET_NULL``).

    Django nulls those columns with one UPDATE that sends no ``save`` signal: deleting a unit
    would silently take it off every measure it was responsible for. Each such row gets its
    own "update" event here, inside the deletion's transaction.
    """
    for relation in instance._meta.related_objects:
        if relation.on_delete is not models.SET_NULL or not is_audited(relation.related_model):
            continue
        field = relation.field
        for row in relation.related_model._default_manager.filter(**{field.name: instance}):
            before = snapshot(row)
            _record(row, "update", before, {**before, field.attname: None})


def connect() -> None:
    pre_delete.connect(_pre_delete, dispatch_uid="openita-audit-pre-delete")
    pre_save.connect(_pre_save, dispatch_uid="openita-audit-pre")
    post_save.connect(_post_save, dispatch_uid="openita-audit-post")
    post_delete.connect(_post_delete, dispatch_uid="openita-audit-delete")
