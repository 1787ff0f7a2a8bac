"""Django admin: frameworks loaded from the data files, results listed read-only."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from openita.frameworks.loader import DATA_DIR, framework_files, framework_index
from openita.web.assessments.frameworks import load_frameworks
from openita.web.assessments.models import Framework, Result

from .test_dashboard import _text


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    """Check the English texts (the Thai ones are translations of them, tested elsewhere)."""
    settings.LANGUAGE_CODE = "en"


def test_loading_writes_one_validated_row_per_framework_file(db):
    outcome = load_frameworks()
    assert outcome.problems == []
    rows = {row.fiscal_year: row for row in Framework.objects.filter(kind="")}
    assert sorted(rows) == sorted(framework_files())
    for year, path in framework_files().items():
        row = rows[year]
        assert row.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert row.source_file == str(path)
    assert rows[2568].indicators == 10
    assert rows[2568].questions == 15 + 9 + 28  # i1–i15, e1–e9, O1–O28 (docs/sources.md)
    # a kind file has its own row, with its own item list
    kinds = {(row.fiscal_year, row.kind): row for row in Framework.objects.exclude(kind="")}
    assert set(kinds) == set(framework_index().kinds)
    assert kinds[(2569, "central_agency")].questions == 15 + 9 + 26


def test_loading_twice_updates_the_rows_instead_of_adding_more(db):
    load_frameworks()
    load_frameworks()
    index = framework_index()
    assert Framework.objects.count() == len(index.base) + len(index.kinds)


def test_a_broken_file_is_reported_by_line_and_the_other_years_still_load(
    db, tmp_path, monkeypatch
):
    text = (DATA_DIR / "ita-2568.yaml").read_text(encoding="utf-8")
    broken = text.replace("fiscal_year: 2568", "fiscal_year: 2599", 1).replace(
        "weight: 30", "weight: heavy", 1
    )
    (tmp_path / "ita-2599.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(tmp_path))
    outcome = load_frameworks()
    assert {row.fiscal_year for row in outcome.loaded} == set(range(2563, 2570))
    assert outcome.problems and all(p.file.endswith("ita-2599.yaml") for p in outcome.problems)
    assert all(p.line is not None for p in outcome.problems)
    assert not Framework.objects.filter(fiscal_year=2599).exists()


def test_a_file_whose_name_and_year_disagree_is_refused(db, tmp_path, monkeypatch):
    shutil.copy(DATA_DIR / "ita-2568.yaml", tmp_path / "ita-2598.yaml")
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(tmp_path))
    outcome = load_frameworks()
    assert [p.field for p in outcome.problems] == ["fiscal_year"]
    assert not Framework.objects.filter(fiscal_year=2598).exists()


def test_the_site_admin_loads_the_frameworks_from_the_changelist_button(client_as):
    client = client_as("site_admin")
    changelist = reverse("admin:assessments_framework_changelist")
    page = client.get(changelist)
    assert "Load frameworks from the data files" in page.content.decode()
    response = client.post(reverse("admin:assessments_framework_load"), follow=True)
    assert response.status_code == 200
    index = framework_index()
    assert Framework.objects.count() == len(index.base) + len(index.kinds)
    assert "2567, 2568" in _text(response)


def test_the_admin_action_reloads_whatever_rows_are_selected(client_as):
    load_frameworks()
    Framework.objects.filter(fiscal_year=2568).update(sha256="stale")
    client = client_as("site_admin")
    first = Framework.objects.get(fiscal_year=2567)
    client.post(
        reverse("admin:assessments_framework_changelist"),
        {"action": "load_from_data_files", ACTION_CHECKBOX_NAME: [first.pk]},
    )
    assert Framework.objects.get(fiscal_year=2568).sha256 != "stale"


def test_only_administrators_may_load_frameworks(client_as):
    response = client_as("agency_admin").post(reverse("admin:assessments_framework_load"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Framework.objects.exists()
    assert (
        client_as("site_admin").get(reverse("admin:assessments_framework_load")).status_code == 405
    )


def test_frameworks_are_not_added_or_edited_by_hand(client_as):
    assert (
        client_as("site_admin").get(reverse("admin:assessments_framework_add")).status_code == 403
    )


def test_results_are_listed_searchable_and_not_editable(client_as, khambong):
    client = client_as("site_admin")
    changelist = reverse("admin:assessments_result_changelist")
    listing = client.get(changelist, {"q": "khambong"})
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 2
    assert client.get(changelist, {"q": "ไม่มีหน่วยงานนี้"}).context["cl"].result_count == 0
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    detail = client.get(reverse("admin:assessments_result_change", args=[row.pk]))
    assert detail.status_code == 200
    assert 'name="overall"' not in detail.content.decode()  # read-only
    assert client.get(reverse("admin:assessments_result_add")).status_code == 403


def test_the_stored_file_can_be_downloaded_from_the_admin(client_as, khambong):
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    response = client_as("site_admin").get(
        reverse("admin:assessments_result_download", args=[row.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert b"".join(response) == bytes(row.source)
    assert "khambong-2568.json" in response["Content-Disposition"]
