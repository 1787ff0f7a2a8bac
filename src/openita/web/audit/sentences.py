"""Audit events told as sentences in the reader's language (the change log page).

An :class:`~openita.web.audit.models.AuditEvent` stores what the recorder saw: model labels
(``plans.measure``), column names (``unit_id``), choice values (``in_progress``), ISO dates and
file digests. A clerk reads instead::

    สมชาย แก้ไขมาตรการ 'ทบทวนคู่มือ…': สถานะ ยังไม่ดำเนินการ → อยู่ระหว่างดำเนินการ

The words come from the models themselves, translated when the page is rendered (not when
the change was recorded): the model's ``verbose_name``, each field's ``verbose_name``, the
labels of its choices. Fields without a label of their own (keys, digests, counters, copies
of derived values) are technical and left out; a model added later is told the same way
without code here. Dates go through :mod:`openita.web.dates`: the BE year in both languages.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.web import dates
from openita.web.audit.models import AuditEvent

#: A shown value is cut here; the details keep the stored one.
MAX_VALUE_CHARS = 120
NONE = "—"
SYSTEM_ACTOR = "(system)"

#: Relations a reader cares about although the field has no label of its own.
LABELLED_RELATIONS: dict[str, dict[str, Any]] = {
    "plans.measure": {"unit": gettext_lazy("unit")},
}
#: Fields that say nothing to a reader although they may have a label: digests, the stored
#: file's bytes, derived copies, counters, positions in a list, creation times.
TECHNICAL_FIELDS = frozenset(
    {
        "sha256",
        "digest",
        "hint",
        "source",
        "level_id",
        "computed_overall",
        "findings",
        "version",
        "position",
        "sort_name",
        # The event's own time says when a row was made.
        "created_at",
        "added_at",
    }
)
#: Fields that hold where a file lies on the server (a framework's data file): a reader is
#: told the file's name, never the path (issue 14: no server paths in the admin or the log).
SERVER_PATH_FIELDS = frozenset({"source_file"})


def file_name(path: str) -> str:
    """``ita-2568.yaml`` for ``/srv/…/frameworks/data/ita-2568.yaml`` (or a Windows path)."""
    return PurePosixPath(path.replace("\\", "/")).name


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Sentence:
    """One event as a reader sees it; ``details`` is for site administrators."""

    event: AuditEvent
    when: str
    text: str
    changes: Sequence[Change] = ()
    #: For a creation: the new object's labelled values ("status: in progress").
    values: Sequence[Change] = ()
    details: dict[str, Any] = field(default_factory=dict)


def format_date(value: date) -> str:
    """ "30 ก.ย. 2569" ("30 Sep 2569" in English): the BE like every date of the app."""
    return dates.short(value)


def format_datetime(value: datetime) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local.date())} {local:%H:%M}"


def person(user: Any, fallback: str = "") -> str:
    if user is not None:
        return str(user.get_full_name() or user.get_username())
    if not fallback or fallback == SYSTEM_ACTOR:
        return _("The system")
    return fallback


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def kind_name(label: str) -> str:
    """``plans.measure`` → "มาตรการ" / "measure"."""
    model = _model(label)
    return str(model._meta.verbose_name) if model is not None else label


def kind_choices(labels: Iterable[str]) -> list[tuple[str, str]]:
    """The filter's "what kind" options: each model's plural name, sorted for the reader."""
    named = []
    for label in set(labels):
        model = _model(label)
        named.append((label, capfirst(str(model._meta.verbose_name_plural)) if model else label))
    return sorted(named, key=lambda item: item[1])


def _has_own_label(model_field: models.Field[Any, Any]) -> bool:
    # Django fills a missing verbose_name from the attribute name ("level_id" -> "level id");
    # a label of our own is a translation (lazy) or at least different ("IIT").
    label = model_field.verbose_name
    return isinstance(label, Promise) or str(label) != model_field.name.replace("_", " ")


def _shown_fields(model: type[models.Model]) -> dict[str, tuple[str, models.Field[Any, Any]]]:
    """Snapshot key → (label, field) of the fields a reader is told about."""
    label = model._meta.label_lower
    extra = LABELLED_RELATIONS.get(label, {})
    shown: dict[str, tuple[str, models.Field[Any, Any]]] = {}
    for model_field in model._meta.concrete_fields:
        if model_field.name in TECHNICAL_FIELDS or model_field.primary_key:
            continue
        if model_field.is_relation:
            if model_field.name in extra:
                shown[model_field.attname] = (str(extra[model_field.name]), model_field)
            continue
        if isinstance(model_field, models.BinaryField) or not _has_own_label(model_field):
            continue
        shown[model_field.name] = (str(model_field.verbose_name), model_field)
    return shown


def _cut(text: str) -> str:
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _related(model_field: models.Field[Any, Any], value: Any) -> str:
    target = model_field.related_model
    if not isinstance(target, type):
        return str(value)
    obj = target._default_manager.filter(pk=value).first()
    if obj is None:
        # Deleted since: the log still knows what it was called.
        last = (
            AuditEvent.objects.filter(model=target._meta.label_lower, object_id=str(value))
            .exclude(object_repr="")
            .order_by("-id")
            .values_list("object_repr", flat=True)
            .first()
        )
        return _("%(name)s (deleted)") % {"name": last} if last else _("(deleted)")
    if isinstance(obj, get_user_model()):
        return person(obj)
    return str(obj)


def snapshot(event: AuditEvent, which: str) -> list[tuple[str, str]]:
    """Every value of the event's ``before`` or ``after`` as (label, value) for the admin's
    detail page: technical fields too (by their field names), each value as the reader reads
    it (dates in the BE, choices by name), a text whole; a key the model no longer has, raw."""
    stored = (event.before if which == "before" else event.after) or {}
    model = _model(event.model)
    fields: dict[str, models.Field[Any, Any]] = {}
    if model is not None:
        for model_field in model._meta.concrete_fields:
            fields[model_field.name] = fields[model_field.attname] = model_field
    rows = []
    for key, value in stored.items():
        found = fields.get(key)
        if found is None:
            rows.append((key, str(value)))
            continue
        plain = isinstance(value, str) and not found.is_relation and not found.flatchoices
        plain = plain and not isinstance(found, (models.DateField, models.FileField))
        plain = plain and found.name not in SERVER_PATH_FIELDS
        shown = str(value) if plain else format_value(found, value)
        rows.append((str(found.verbose_name), shown))
    return rows


def format_value(model_field: models.Field[Any, Any], value: Any) -> str:
    """A stored snapshot value as the reader reads it."""
    if value is None or value == "" or value == []:
        return NONE
    if model_field.is_relation:
        return _cut(_related(model_field, value))
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DateTimeField):
        with contextlib.suppress(TypeError, ValueError):
            return format_datetime(datetime.fromisoformat(str(value)))
    elif isinstance(model_field, models.DateField):
        with contextlib.suppress(TypeError, ValueError):
            return format_date(date.fromisoformat(str(value)))
    if isinstance(model_field, models.FileField) or model_field.name in SERVER_PATH_FIELDS:
        return file_name(str(value))
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return _cut(", ".join(str(item) for item in value))
    if isinstance(value, dict):
        return _cut(", ".join(f"{key}: {item}" for key, item in value.items()))
    return _cut(" ".join(str(value).split()))


def object_label(event: AuditEvent) -> str:
    """What the event is about, named as the reader knows it (not ``str()`` of the row as it
    was rendered in the recording request's language)."""
    data = event.after or event.before or {}
    if event.model in ("assessments.result", "plans.actionplan") and "fiscal_year" in data:
        return _("fiscal year %(year)s") % {"year": data["fiscal_year"]}
    if event.model == "agencies.membership" and data.get("user_id") is not None:
        user = get_user_model()._default_manager.filter(pk=data["user_id"]).first()
        if user is not None:
            return person(user)
    if event.model == "plans.progressnote" and data.get("measure_id") is not None:
        measure = _model("plans.measure")
        obj = measure._default_manager.filter(pk=data["measure_id"]).first() if measure else None
        if obj is not None:
            return _cut(str(obj))
    return _cut(event.object_repr) or f"#{event.object_id}"


def _head(action: str, actor: str, kind: str, label: str) -> str:
    params = {"actor": actor, "kind": kind, "label": label}
    if action == AuditEvent.Action.CREATE:
        return _("%(actor)s added %(kind)s '%(label)s'") % params
    if action == AuditEvent.Action.DELETE:
        return _("%(actor)s deleted %(kind)s '%(label)s'") % params
    return _("%(actor)s changed %(kind)s '%(label)s'") % params


def tell(event: AuditEvent, *, with_details: bool = False) -> Sentence:
    """The sentence of one event, in the active language."""
    model = _model(event.model)
    shown = _shown_fields(model) if model is not None else {}
    before, after = event.before or {}, event.after or {}
    changes: list[Change] = []
    values: list[Change] = []
    if event.action == AuditEvent.Action.UPDATE:
        for key in event.changed_fields():
            if key in shown:
                label, model_field = shown[key]
                old = format_value(model_field, before.get(key))
                new = format_value(model_field, after.get(key))
                if old != new:
                    changes.append(Change(label, old, new))
    elif event.action == AuditEvent.Action.CREATE:
        for key, (label, model_field) in shown.items():
            if after.get(key) not in (None, "", []):
                values.append(Change(label, "", format_value(model_field, after[key])))
    label = object_label(event)
    # The object's own name is in the sentence already.
    values = [value for value in values if value.after != label]
    text = _head(
        event.action,
        person(event.actor, event.actor_name),
        kind_name(event.model),
        label,
    )
    details: dict[str, Any] = {}
    if with_details:
        details = {
            "model": event.model,
            "object_id": event.object_id,
            "actor_name": event.actor_name,
            "fields": [
                (key, before.get(key), after.get(key))
                for key in (event.changed_fields() if event.action == "update" else [])
            ],
        }
    return Sentence(event, format_datetime(event.at), text, changes, values, details)
