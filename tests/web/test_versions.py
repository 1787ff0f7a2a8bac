"""Result versions (issue 14): every save is a version, compared and restored, never deleted.

The seed agency เทศบาลตำบลคำบง has 2568 as version 1 (the seed file). The tests upload a
corrected file as version 2 — O7 and O12 published (0 → 100), indicator 9 re-read, O23 left
out — and check what the pages, the API and the audit log say about it.
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from openita.web.agencies.models import Agency
from openita.web.api.models import ApiToken
from openita.web.assessments import services, versions
from openita.web.assessments.models import Result, ResultVersion, VersionKind
from openita.web.audit.models import AuditEvent

from .conftest import SEED_2568


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _text(response: Any) -> str:
    html = response.content.decode()
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def corrected_2568() -> bytes:
    doc = json.loads(SEED_2568.read_bytes())
    doc["questions"]["O7"] = 100
    doc["questions"]["O12"] = 100
    del doc["questions"]["O23"]
    doc["indicators"]["9"] = 95.0
    doc.pop("official")
    return json.dumps(doc, ensure_ascii=False).encode()


def _save_corrected(agency: Agency, user: Any = None) -> Result:
    upload = services.read_upload(corrected_2568(), "khambong-2568-corrected.json", agency)
    return services.save_result(agency, upload, user)


def _versions_url(name: str = "assessments:versions", **extra: Any) -> str:
    return reverse(name, kwargs={"code": "khambong", "year": 2568, **extra})


# --- storing ------------------------------------------------------------------------------


def test_every_save_adds_a_version_and_the_result_row_is_the_latest(khambong, users):
    first = ResultVersion.objects.get(agency=khambong, fiscal_year=2568)
    assert (first.number, first.kind, first.source_name) == (1, "upload", "khambong-2568.json")
    row = _save_corrected(khambong, users["editor"])
    numbers = list(
        ResultVersion.objects.filter(agency=khambong, fiscal_year=2568).values_list(
            "number", "created_by__username"
        )
    )
    assert sorted(numbers) == [(1, None), (2, "editor")]
    latest = versions.current_version(khambong, 2568)
    assert latest is not None and latest.sha256 == row.sha256
    assert bytes(ResultVersion.objects.get(agency=khambong, fiscal_year=2568, number=1).source) == (
        SEED_2568.read_bytes()
    )
    # the other year and the other agency have their own numbering
    assert ResultVersion.objects.get(agency=khambong, fiscal_year=2567).number == 1


def test_existing_results_become_version_1_in_the_data_migration(khambong, users):
    """The migration's function, run on rows stored before versions existed."""
    from importlib import import_module

    migration = import_module("openita.web.assessments.migrations.0005_result_versions")
    Result.objects.filter(agency=khambong, fiscal_year=2568).update(
        uploaded_by=users["editor"], source_name="khambong-2568-form.json"
    )
    ResultVersion.objects.all().delete()
    migration.first_versions(apps, None)
    made = ResultVersion.objects.get(agency=khambong, fiscal_year=2568)
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    assert made.number == 1 and made.kind == VersionKind.FORM
    assert made.created_by == users["editor"] and made.created_at == row.uploaded_at
    assert bytes(made.source) == bytes(row.source) and made.overall == row.overall == 94.11
    assert ResultVersion.objects.filter(agency=khambong).count() == 2  # 2567 too
    assert ResultVersion.objects.get(agency=khambong, fiscal_year=2567).kind == "upload"


# --- pages --------------------------------------------------------------------------------


def test_the_dashboard_says_which_version_it_shows_with_a_buddhist_era_date(
    khambong, client_as, settings
):
    settings.LANGUAGE_CODE = "th"
    _save_corrected(khambong)
    response = client_as("viewer").get(reverse("assessments:dashboard", args=["khambong"]))
    text = _text(response)
    latest = versions.current_version(khambong, 2568)
    assert latest is not None
    from django.utils import timezone

    from openita.thaidate import thai_date

    day = thai_date(timezone.localtime(latest.created_at).date(), abbreviated=True)
    assert f"ฉบับที่ 2 อัปโหลดโดย ระบบ เมื่อ {day} จากไฟล์ khambong-2568-corrected.json" in text
    assert str(timezone.localtime(latest.created_at).year) not in day  # no CE year
    assert _versions_url() in response.content.decode()


def test_the_versions_page_lists_every_version_newest_first(khambong, users, client_as):
    _save_corrected(khambong, users["editor"])
    response = client_as("viewer").get(_versions_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="version-2"') < html.index('id="version-1"')
    assert "khambong-2568-corrected.json" in html and "khambong-2568.json" in html
    assert "Restore version 1" not in _text(response)  # a viewer cannot restore
    editor_page = _text(client_as("editor").get(_versions_url()))
    assert "Restore version 1" in editor_page and "Restore version 2" not in editor_page


def test_compare_names_each_changed_added_and_removed_figure(khambong, client_as):
    _save_corrected(khambong)
    response = client_as("viewer").get(_versions_url("assessments:versions_compare"))
    assert response.status_code == 200
    text = _text(response)
    assert "What changed from version 1 to version 2" in text
    # O7 and O12: 0 → 100; O23 removed; indicator 9 as the file gives it; no official overall
    assert re.search(r"ข้อ O7 [^–]*? 0\.00 100\.00 \+100\.00 changed", text)
    assert re.search(r"ข้อ O12 [^–]*? 0\.00 100\.00 \+100\.00 changed", text)
    assert re.search(r"ข้อ O23 [^–]*? 50\.00 – removed", text)
    assert re.search(r"ตัวชี้วัดที่ 9 \S+.*? 82\.50 95\.00 \+12\.50 changed", text)
    assert "คะแนนรวมที่ประกาศ 94.11 – removed" in text
    assert "ข้อ i1" not in text  # unchanged figures are left out …
    assert "ข้อ i1" in _text(
        client_as("viewer").get(_versions_url("assessments:versions_compare"), {"all": "1"})
    )  # … unless every figure is asked for


def test_compare_of_an_unknown_version_is_not_found(khambong, client_as):
    url = _versions_url("assessments:versions_compare")
    assert client_as("viewer").get(url, {"old": "1", "new": "7"}).status_code == 404
    assert client_as("viewer").get(_versions_url(year=2555)).status_code == 404


def test_restore_saves_a_copy_as_the_newest_version_and_is_audited(khambong, users, client_as):
    _save_corrected(khambong)
    events = AuditEvent.objects.filter(model="assessments.resultversion").count()
    response = client_as("editor").post(_versions_url("assessments:version_restore", number=1))
    assert response.status_code == 302
    made = versions.current_version(khambong, 2568)
    assert made is not None
    assert (made.number, made.kind, made.based_on) == (3, "restore", 1)
    assert made.created_by == users["editor"]
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    assert bytes(row.source) == SEED_2568.read_bytes() and row.overall == 94.11
    assert ResultVersion.objects.filter(agency=khambong, fiscal_year=2568).count() == 3
    event = AuditEvent.objects.filter(model="assessments.resultversion").latest("id")
    assert AuditEvent.objects.filter(model="assessments.resultversion").count() == events + 1
    assert event.actor == users["editor"] and event.agency_id == khambong.pk
    assert event.after["kind"] == "restore" and event.after["based_on"] == 1
    page = _text(client_as("viewer").get(reverse("assessments:dashboard", args=["khambong"])))
    assert "Version 3: version 1 restored by editor" in page


def test_restoring_the_current_version_changes_nothing(khambong, client_as):
    response = client_as("editor").post(_versions_url("assessments:version_restore", number=1))
    assert response.status_code == 302
    assert ResultVersion.objects.filter(agency=khambong, fiscal_year=2568).count() == 1


def test_a_version_that_fails_todays_checks_is_not_restored(khambong, client_as):
    """A version stored before a rule existed is checked again, and refused with its problems."""
    _save_corrected(khambong)
    broken = json.loads(SEED_2568.read_bytes())
    broken["indicators"]["2"] = 150
    ResultVersion.objects.filter(agency=khambong, fiscal_year=2568, number=1).update(
        source=json.dumps(broken).encode()
    )
    response = client_as("editor").post(_versions_url("assessments:version_restore", number=1))
    assert response.status_code == 422
    assert "version 1 cannot be restored as it is" in _text(response)
    assert ResultVersion.objects.filter(agency=khambong, fiscal_year=2568).count() == 2


def test_a_version_file_is_the_stored_document(khambong, client_as):
    response = client_as("viewer").get(_versions_url("assessments:version_file", number=1))
    assert response.status_code == 200
    assert response.content == SEED_2568.read_bytes()
    assert "v1-khambong-2568.json" in response["Content-Disposition"]


def test_version_numbers_are_looked_up_within_the_agency_only(khambong, other, users, client_as):
    """Version 2 exists only for the other agency: not found under khambong's code."""
    doc = json.loads(SEED_2568.read_bytes())
    doc["agency"]["name"] = other.name
    data = json.dumps(doc, ensure_ascii=False).encode()
    services.save_result(other, services.read_upload(data, "again.json", other))
    admin = client_as("site_admin")
    for name in ("assessments:version_file", "assessments:version_restore"):
        url = _versions_url(name, number=2)
        call = admin.post if name.endswith("restore") else admin.get
        assert call(url).status_code == 404
    assert ResultVersion.objects.filter(agency=khambong, fiscal_year=2568).count() == 1


# --- API ----------------------------------------------------------------------------------


@pytest.fixture
def bearer(users: dict[str, Any]) -> Any:
    def make(role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {ApiToken.issue(users[role], 'tests')[1]}"}

    return make


def test_the_api_lists_compares_and_restores_versions(khambong, client, bearer):
    _save_corrected(khambong)
    base = "/api/agencies/khambong/results/2568/versions"
    listed = client.get(base, headers=bearer("viewer")).json()
    assert [(v["number"], v["current"], v["kind"]) for v in listed] == [
        (2, True, "upload"),
        (1, False, "upload"),
    ]
    diff = client.get(f"{base}/compare?old=1&new=2", headers=bearer("viewer")).json()
    changed = {(c["section"], c["id"], c["part"]): (c["old"], c["new"], c["status"])
               for c in diff["changes"]}  # fmt: skip
    assert changed[("oit", "O7", None)] == (0.0, 100.0, "changed")
    assert changed[("oit", "O23", None)] == (50.0, None, "removed")
    assert ("question", "i1", None) not in changed
    assert client.post(f"{base}/1/restore", headers=bearer("viewer")).status_code == 403
    restored = client.post(f"{base}/1/restore", headers=bearer("editor"))
    assert restored.status_code == 201
    assert restored.json()["number"] == 3 and restored.json()["based_on"] == 1
    again = client.post(f"{base}/3/restore", headers=bearer("editor"))
    assert again.status_code == 409 and set(again.json()) == {"detail", "problems"}


def test_an_api_upload_is_a_version_marked_as_such(khambong, client, bearer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("api-2568.json", corrected_2568())
    response = client.post(
        "/api/agencies/khambong/results", {"file": file}, headers=bearer("editor")
    )
    assert response.status_code == 201
    made = versions.current_version(khambong, 2568)
    assert made is not None and (made.number, made.kind) == (2, VersionKind.API)
