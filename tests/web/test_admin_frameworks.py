"""Django admin: frameworks loaded from the data files, results listed read-only."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openita.frameworks.loader import DATA_DIR, framework_files, framework_index
from openita.limits import MAX_BYTES
from openita.web.assessments.frameworks import load_frameworks
from openita.web.assessments.models import Framework, Result
from openita.web.audit.models import AuditEvent

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


# --- "Upload framework file" (the install_framework service from the admin) -----------------


@pytest.fixture
def site_dir(tmp_path, settings, monkeypatch):
    """The site's FRAMEWORKS_DIR, searched before the bundled files."""
    directory = tmp_path / "frameworks"
    settings.FRAMEWORKS_DIR = directory
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(directory))
    return directory


def _upload(client, name: str, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse("admin:assessments_framework_upload"),
        {"file": SimpleUploadedFile(name, data, content_type="application/yaml")},
        follow=True,
    )


def _problems(response) -> list[tuple[str, str, str, str]]:
    """The rows of the page's problem table: file, line, field, message."""
    return [
        (p.file, "" if p.line is None else str(p.line), p.field or "", p.message)
        for p in response.context["problems"]
    ]


STRICTER_2568 = (
    (DATA_DIR / "ita-2568.yaml")
    .read_text(encoding="utf-8")
    .replace(
        "label_en: Good pass, min_overall: 85, min_each_tool: 85",
        "label_en: Good pass, min_overall: 85, min_each_tool: 90",
    )
)


def test_the_changelist_links_to_the_upload_page_for_administrators(client_as, site_dir):
    client = client_as("site_admin")
    page = client.get(reverse("admin:assessments_framework_changelist")).content.decode()
    assert reverse("admin:assessments_framework_upload") in page
    form = client.get(reverse("admin:assessments_framework_upload"))
    assert form.status_code == 200
    assert 'type="file"' in form.content.decode() and "at most 2 MB" in _text(form)


def test_only_administrators_may_upload_a_framework(client_as, site_dir):
    url = reverse("admin:assessments_framework_upload")
    response = client_as("agency_admin").post(
        url, {"file": SimpleUploadedFile("ita-2568.yaml", STRICTER_2568.encode())}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not site_dir.exists() or not any(site_dir.iterdir())


def test_a_good_file_is_stored_reloaded_and_the_results_it_scores_are_rescored(
    client_as, khambong, site_dir, users
):
    """With ผ่านดี needing 90 in every tool, the seed's OIT 86.25 no longer earns it: the stored
    2568 result is re-scored and now reports that its official ผ่านดี disagrees."""
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    assert "official_level_mismatch" not in [f["code"] for f in row.findings]
    response = _upload(client_as("site_admin"), "ita-2568.yaml", STRICTER_2568)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:assessments_framework_changelist")
    # the 2568 results of both agencies; 2567 has a file of its own
    assert "Installed ita-2568.yaml; re-scored 2 stored result(s)." in _text(response)
    stored = site_dir / "ita-2568.yaml"
    assert stored.read_text(encoding="utf-8") == STRICTER_2568
    framework = Framework.objects.get(fiscal_year=2568, kind="")
    assert framework.source_file == str(stored)
    assert framework.sha256 == hashlib.sha256(STRICTER_2568.encode()).hexdigest()
    row.refresh_from_db()
    assert "official_level_mismatch" in [f["code"] for f in row.findings]
    other_year = Result.objects.get(agency=khambong, fiscal_year=2567)
    assert "official_level_mismatch" not in [f["code"] for f in other_year.findings]
    event = AuditEvent.objects.filter(model="assessments.framework", object_id=str(framework.pk))
    assert event.exists()
    latest = event.first()
    assert latest is not None and latest.actor == users["site_admin"]
    assert latest.after is not None and latest.after["sha256"] == framework.sha256


def test_a_file_with_a_cycle_in_its_tree_is_refused_with_its_line_and_nothing_stored(
    client_as, khambong, site_dir
):
    text = (DATA_DIR / "ita-2568.yaml").read_text(encoding="utf-8")
    groups = '  - {id: "9.5.1", parent: "9.5.2"}\n  - {id: "9.5.2", parent: "9.5.1"}\n'
    cyclic = text.replace("groups:\n", "groups:\n" + groups, 1).replace(
        '{id: O20, sub_indicator: "9.5"', '{id: O20, sub_indicator: "9.5.1"', 1
    )
    cycle_line = next(n for n, line in enumerate(cyclic.splitlines(), 1) if 'id: "9.5.1"' in line)
    before = Framework.objects.count()
    response = _upload(client_as("site_admin"), "ita-2568.yaml", cyclic)
    assert response.status_code == 200 and response.redirect_chain == []
    problems = _problems(response)
    assert problems, _text(response)
    # one problem, on the group's line, naming the uploaded file (not the temporary path)
    assert problems == [
        (
            "ita-2568.yaml",
            str(cycle_line),
            "groups.0.parent",
            "groups 9.5.1 → 9.5.2 → 9.5.1 form a cycle; every group must lead up to a "
            "sub-indicator",
        )
    ]
    assert "groups.0.parent" in _text(response) and "form a cycle" in _text(response)
    assert "The file was not installed" in _text(response)
    assert not (site_dir / "ita-2568.yaml").exists()
    assert Framework.objects.count() == before
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    assert "official_level_mismatch" not in [f["code"] for f in row.findings]


def test_a_file_that_is_not_yaml_is_refused_with_its_line(client_as, site_dir):
    response = _upload(client_as("site_admin"), "ita-2570.yaml", "fiscal_year: 2570\ntools: [\n")
    [(file, line, _field, message)] = _problems(response)
    assert file == "ita-2570.yaml" and line.isdigit()
    assert "not valid YAML" in message
    assert not site_dir.exists() or not any(site_dir.iterdir())


def test_a_file_not_named_like_a_framework_file_is_refused(client_as, site_dir):
    response = _upload(client_as("site_admin"), "framework.yaml", STRICTER_2568)
    [(file, _line, _field, message)] = _problems(response)
    assert file == "framework.yaml" and "ita-<year>.yaml" in message
    assert not site_dir.exists() or not any(site_dir.iterdir())


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client_as, site_dir):
    """The limit is the framework file limit of openita.limits (2 MB; docs/frameworks.md)."""
    assert MAX_BYTES["framework.yaml"] == 2 * 1024 * 1024
    big = STRICTER_2568 + "#" * (MAX_BYTES["framework.yaml"] + 1 - len(STRICTER_2568.encode()))
    response = _upload(client_as("site_admin"), "ita-2568.yaml", big)
    [(file, _line, _field, message)] = _problems(response)
    assert file == "ita-2568.yaml" and "may be at most 2 MB" in message
    assert not site_dir.exists() or not any(site_dir.iterdir())
