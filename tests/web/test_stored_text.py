"""One rule for every text that reaches the database (issue 10 point 5).

SQLite keeps a 400-character title in a ``varchar(300)`` column and a NUL byte; PostgreSQL
refuses both. The API, the plan page's forms and the plan import refuse them with a message
naming the field, and nothing is stored (also no audit event); a restore into PostgreSQL names
the row and field an older database still holds.
"""

from __future__ import annotations

import json
import os
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openita.web import backup, stored_text
from openita.web.agencies.models import Agency
from openita.web.api.models import ApiToken
from openita.web.audit.models import AuditEvent
from openita.web.dates import posted_value
from openita.web.plans import services
from openita.web.plans.models import ActionPlan, Measure, Section

PLAN = "/a/khambong/plan/"
API = "/api/agencies/khambong"
LONG_TITLE = "ก" * 400
#: Texts the database must never receive, and the field they are sent in.
ADVERSARIAL: list[tuple[str, str]] = [
    ("title", "t\u0000itle"),
    ("title", "bell\u0007"),
    ("kpi", "escape \u001b[31m red"),
    ("kpi", "C1 \u0085 next line"),
    ("responsible_unit", "กอง\u0000คลัง"),
    ("kpi", "ข" * 301),
]


@pytest.fixture
def plan(khambong: Agency, users: dict[str, Any]) -> ActionPlan:
    return services.create_draft(khambong, 2568)


@pytest.fixture
def measure(plan: ActionPlan) -> Measure:
    return Measure.objects.filter(section__plan=plan).order_by("pk")[0]


@pytest.fixture
def api(users: dict[str, Any]) -> Client:
    _, token = ApiToken.issue(users["editor"], "tests")
    return Client(headers={"Authorization": f"Bearer {token}"})


def stored_rows() -> list[tuple[Any, ...]]:
    return list(Measure.objects.order_by("pk").values_list("title", "kpi", "responsible_unit"))


# --- the rule ---------------------------------------------------------------------------------


def test_nul_and_control_characters_are_faults_but_tab_and_line_breaks_are_not() -> None:
    problem = stored_text.fault("t\x00itle", 300)
    assert problem is not None and problem.code == "control_character"
    assert "U+0000 at position 2" in problem.english()
    assert stored_text.fault("line\r\nnext\tcolumn\n", 300) is None
    for char in ["\x01", "\x0b", "\x1f", "\x7f", "\x9f"]:
        assert stored_text.fault(f"a{char}", None) is not None


def test_a_text_longer_than_its_column_is_a_fault_naming_both_lengths() -> None:
    problem = stored_text.fault(LONG_TITLE, 300)
    assert problem is not None
    assert problem.english() == "is 400 characters long; at most 300 are allowed"
    assert stored_text.fault("ก" * 300, 300) is None
    assert stored_text.fault(LONG_TITLE, None) is None


def test_texts_are_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "café")
    assert stored_text.normalise(decomposed) == "café" != decomposed


def test_the_limits_are_read_from_the_model_fields() -> None:
    fields = stored_text.text_fields(Measure)
    assert fields["title"] == 300 and fields["responsible_unit"] == 150
    assert fields["steps"] is None
    assert stored_text.text_fields(Section)["indicator_name"] == 200


# --- API ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), ADVERSARIAL)
def test_the_api_refuses_the_text_names_the_field_and_stores_nothing(
    api: Client, measure: Measure, field: str, value: str
) -> None:
    before, events = stored_rows(), AuditEvent.objects.count()
    response = api.patch(
        f"{API}/measures/{measure.pk}", json.dumps({field: value}), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert field in json.dumps(body)
    assert stored_rows() == before
    assert AuditEvent.objects.count() == events


def test_the_api_stores_a_text_with_line_breaks_and_tabs(api: Client, measure: Measure) -> None:
    response = api.patch(
        f"{API}/measures/{measure.pk}",
        json.dumps({"kpi": "ร้อยละ\t80", "steps": ["ขั้นแรก", "ขั้นสอง"]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    measure.refresh_from_db()
    assert (measure.kpi, measure.steps) == ("ร้อยละ\t80", "ขั้นแรก\nขั้นสอง")


# --- forms ----------------------------------------------------------------------------------


def _form(measure: Measure, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": measure.title,
        "responsible_unit": measure.responsible_unit,
        "steps": measure.steps,
        "start": posted_value(measure.start),
        "end": posted_value(measure.end),
        "kpi": measure.kpi,
        "status": measure.status,
        "progress": measure.progress,
    }
    return data | changes


@pytest.mark.parametrize(("field", "value"), ADVERSARIAL)
def test_the_measure_form_shows_the_fault_on_its_field_and_stores_nothing(
    client_as: Any, measure: Measure, field: str, value: str
) -> None:
    client = client_as("editor")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = stored_rows()
    response = client.post(f"{PLAN}measures/{measure.pk}/edit/", _form(measure, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert stored_rows() == before


def test_a_comment_with_a_control_character_is_refused(client_as: Any, measure: Measure) -> None:
    client = client_as("editor")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(f"{PLAN}measures/{measure.pk}/comments/", {"text": "ok\x08"})
    assert response.status_code == 200
    assert "control character U+0008" in response.content.decode()
    assert not measure.comments.exists()


# --- plan import ----------------------------------------------------------------------------


def _import(client: Client, text: str) -> Any:
    upload = SimpleUploadedFile("plan.yaml", text.encode("utf-8"), content_type="application/yaml")
    return client.post(f"{PLAN}import/", {"year": 2569, "file": upload})


def test_the_import_refuses_a_400_character_title_and_a_250_character_indicator_name(
    client_as: Any, plan: ActionPlan
) -> None:
    import yaml

    client = client_as("editor")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    doc = yaml.safe_load(client.get(f"{PLAN}export.yaml", {"year": 2569}).content)
    doc["sections"][0]["measures"][0]["title"] = LONG_TITLE
    doc["sections"][0]["indicator_name"] = "ค" * 250
    doc["sections"][0]["measures"][0]["kpi"] = "k\x00pi"
    before = stored_rows()
    response = _import(client, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    assert response.status_code == 400
    by_field = {p.field: p for p in response.context["problems"]}
    assert set(by_field) == {
        "sections.0.measures.0.title",
        "sections.0.indicator_name",
        "sections.0.measures.0.kpi",
    }
    assert "at most 300" in by_field["sections.0.measures.0.title"].message
    assert "at most 200" in by_field["sections.0.indicator_name"].message
    assert all(p.line for p in by_field.values())
    assert stored_rows() == before
    assert Section.objects.filter(indicator_name="ค" * 250).count() == 0


# --- restore --------------------------------------------------------------------------------


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="the old site is SQLite: PostgreSQL cannot hold the texts to begin with",
)
@pytest.mark.django_db(transaction=True)
def test_restoring_into_postgresql_names_the_row_and_field_it_cannot_store(
    measure: Measure, tmp_path: Path
) -> None:
    """An older SQLite site may hold such texts (stored before this rule)."""
    Measure.objects.filter(pk=measure.pk).update(title=LONG_TITLE, kpi="k\x00pi")
    archive = tmp_path / "site.zip"
    backup.create_backup(archive)
    data = tmp_path / "data.json"
    with zipfile.ZipFile(archive) as zf:
        data.write_bytes(zf.read(backup.DATA))
    found = backup.unmovable(data)
    assert found == [
        f"plans.measure row {measure.pk}, title: is 400 characters long; at most 300 are allowed",
        f"plans.measure row {measure.pk}, kpi: contains the control character U+0000 at position 2",
    ]
    with pytest.raises(backup.BackupError, match=f"plans.measure row {measure.pk}, title"):
        backup._check_movable(archive, data, "postgresql")
    backup._check_movable(archive, data, "sqlite")  # SQLite stores them: no refusal


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="runs on PostgreSQL (the second CI leg)",
)
@pytest.mark.django_db(transaction=True)
def test_a_backup_made_after_the_adversarial_corpus_restores_into_postgresql(
    api: Client, client_as: Any, measure: Measure, tmp_path: Path
) -> None:
    editor = client_as("editor")
    for field, value in ADVERSARIAL:
        api.patch(
            f"{API}/measures/{measure.pk}",
            json.dumps({field: value}),
            content_type="application/json",
        )
        editor.post(f"{PLAN}measures/{measure.pk}/edit/", _form(measure, **{field: value}))
        editor.post(f"{PLAN}measures/{measure.pk}/comments/", {"text": value})
    api.patch(
        f"{API}/measures/{measure.pk}",
        json.dumps({"title": LONG_TITLE}),
        content_type="application/json",
    )
    before = stored_rows()
    archive = tmp_path / "site.zip"
    backup.create_backup(archive)
    restored = backup.restore_backup(archive, replace=True)
    assert restored.manifest.db_vendor == "postgresql"
    assert stored_rows() == before


def test_the_token_form_refuses_a_control_character_in_the_name(client_as: Any) -> None:
    """The tokens page stores a name too: the same rule as every other stored text."""
    page = client_as("editor").post("/account/tokens/", {"name": "upload\x07script"})
    assert page.status_code == 422
    assert "U+0007" in page.content.decode()
    assert not ApiToken.objects.exists()
