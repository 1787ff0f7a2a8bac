"""The one rule for text that reaches the database: forms, the API, importers and restore.

PostgreSQL refuses what SQLite keeps: a text longer than its ``varchar(n)`` column and any NUL
character. So every text is checked against its model field before it is stored:

- at most the field's ``max_length`` characters (``CharField``; a ``TextField`` has none);
- no control characters (C0, DEL, C1) other than tab, line feed and carriage return (browsers
  send a textarea's line breaks as CR LF); NUL is one of them.

Texts are normalised to Unicode NFC first (the same Thai or Latin text, one spelling), so the
length counted is the length stored. A refused text is a :class:`Fault`, a value the edge
renders: a form field error, an API problem naming the field, an import problem naming the
line, or the restore naming the model, row and field (``openita/web/backup.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Fault:
    """Why a text cannot be stored: too long, or a control character at ``position`` (1-based)."""

    code: str  # "too_long" or "control_character"
    length: int = 0
    limit: int = 0
    char: str = ""
    position: int = 0

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}" if self.char else ""

    def english(self) -> str:
        if self.code == "too_long":
            return f"is {self.length} characters long; at most {self.limit} are allowed"
        return f"contains the control character {self.codepoint} at position {self.position}"


def normalise(text: str) -> str:
    """The text as stored: Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def fault(text: str, limit: int | None) -> Fault | None:
    """What is wrong with storing ``text`` (already normalised) in a field of ``limit``."""
    found = CONTROL.search(text)
    if found is not None:
        return Fault("control_character", char=found.group(), position=found.start() + 1)
    if limit is not None and len(text) > limit:
        return Fault("too_long", length=len(text), limit=limit)
    return None


def text_fields(model: type[models.Model]) -> dict[str, int | None]:
    """The model's text fields (by name) and their maximum length (None: unlimited)."""
    fields: dict[str, int | None] = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            limit = field.max_length if isinstance(field, models.CharField) else None
            fields[field.name] = limit
    return fields


def faults(model: type[models.Model], values: Mapping[str, Any]) -> Iterator[tuple[str, Fault]]:
    """``(field, fault)`` for each text in ``values`` that ``model`` cannot store."""
    fields = text_fields(model)
    for name, value in values.items():
        if name in fields and isinstance(value, str):
            problem = fault(value, fields[name])
            if problem is not None:
                yield name, problem


def list_faults(texts: Iterable[str], limit: int | None) -> Fault | None:
    """The first fault among several texts that are stored joined (e.g. steps, one per line)."""
    for text in texts:
        problem = fault(text, limit)
        if problem is not None:
            return problem
    return None


def message(problem: Fault) -> str:
    """The fault in the reader's language (a form field error, an import problem)."""
    from django.utils.translation import gettext as _

    if problem.code == "too_long":
        return _("This text has %(length)s characters; at most %(limit)s are allowed.") % {
            "length": problem.length,
            "limit": problem.limit,
        }
    return _("Remove the control character %(char)s (at character %(position)s).") % {
        "char": problem.codepoint,
        "position": problem.position,
    }


def clean_form(form: Any, cleaned: dict[str, Any]) -> dict[str, Any]:
    """A ModelForm's cleaned texts normalised and checked; a fault is the field's error.

    Called from each ModelForm's ``clean`` (plans and agencies forms)."""
    fields = text_fields(form._meta.model)
    for name, value in list(cleaned.items()):
        if name in fields and isinstance(value, str):
            value = cleaned[name] = normalise(value)
            problem = fault(value, fields[name])
            if problem is not None:
                form.add_error(name, message(problem))
    return cleaned
