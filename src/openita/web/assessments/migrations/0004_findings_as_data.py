"""Stored findings become messages as data (code, English source text, params).

Before, ``Result.findings`` held each finding's sentence as it was made at upload, in the
uploader's language, and the pages read the stored file again for every language. Now a
finding is stored as :meth:`openita.scoring.consistency.Finding.as_data` — its ``message`` is
``{"text": msgid, "params": {...}}`` — and rendered in the reader's language on display.

A row saved before has no source text to render: its old sentence is kept as the finding's
``message`` string, which is shown as it is (a finished text), and the entry gets the keys
every stored finding has now. Rows already in the new form are left alone, so the migration
may run twice. Going back keeps the entries: the old code read ``message`` only when it was a
string, so each message is rendered in English for it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

FIELDS = ("severity", "code", "message", "subject", "location")


def _upgraded(entry: Any) -> Any:
    if not isinstance(entry, dict):
        return entry
    return {
        "severity": entry.get("severity", "info"),
        "code": entry.get("code", ""),
        "message": entry.get("message", ""),
        "subject": entry.get("subject"),
        "location": entry.get("location"),
        "blocking": bool(entry.get("blocking", False)),
        "line": entry.get("line"),
        "line_label": entry.get("line_label", "line"),
    }


def _rendered(value: Any) -> Any:
    if isinstance(value, dict) and "text" in value:
        from openita.message import Message

        return Message.from_data(value).render("en")
    return value


def _downgraded(entry: Any) -> Any:
    if not isinstance(entry, dict):
        return entry
    return {name: _rendered(entry.get(name)) for name in FIELDS}


def _convert(apps: Any, convert: Any) -> None:
    Result = apps.get_model("assessments", "Result")
    for row in Result.objects.only("id", "findings").iterator():
        changed = [convert(entry) for entry in row.findings or []]
        if changed != row.findings:
            Result.objects.filter(pk=row.pk).update(findings=changed)


def forwards(apps: Any, schema_editor: Any) -> None:
    _convert(apps, _upgraded)


def backwards(apps: Any, schema_editor: Any) -> None:
    _convert(apps, _downgraded)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_alter_framework_options_framework_kind_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
