"""An agency's kind chooses its framework: uploads, dashboards and re-scores use it.

An administrator installs an official framework file with ``openita manage
install_framework``; it is validated, stored in FRAMEWORKS_DIR and the results it now scores
are re-scored (docs/frameworks.md, "Loading an official list").
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from openita.frameworks.kinds import KINDS
from openita.frameworks.loader import DATA_DIR
from openita.web.agencies.models import Agency, AgencyKind
from openita.web.assessments import services
from openita.web.assessments.models import Framework, Result

from .test_dashboard import _text

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "openita" / "examples"
CENTRAL = EXAMPLES / "synthetic-2569-central.json"


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    settings.LANGUAGE_CODE = "en"


def _central_without_kind() -> bytes:
    doc = json.loads(CENTRAL.read_text(encoding="utf-8"))
    doc["agency"] = {"name": "เทศบาลตำบลคำบง"}
    return json.dumps(doc, ensure_ascii=False).encode()


def test_the_web_vocabulary_is_the_frameworks_one() -> None:
    assert tuple(AgencyKind.values) == KINDS
    assert Agency._meta.get_field("kind").default == "local_government"


def test_an_upload_is_scored_with_the_agencys_kind(khambong) -> None:
    khambong.kind = "central_agency"
    khambong.save()
    upload = services.read_upload(_central_without_kind(), "c.json", khambong)
    assert upload.result.agency.kind == "central_agency"
    assert "oit_grouping_unknown" in [f.code for f in upload.findings]
    assert "unknown_id" not in [f.code for f in upload.findings]
    # the same file for a local government: O1–O26 of the local list, no grouping warning
    local = Agency.objects.create(code="local", name="เทศบาลตำบลคำบง")
    as_local = services.read_upload(_central_without_kind(), "c.json", local)
    assert "oit_grouping_unknown" not in [f.code for f in as_local.findings]


def test_a_file_naming_another_kind_is_scored_as_the_agency_with_a_warning(khambong) -> None:
    upload = services.read_upload(CENTRAL.read_bytes(), CENTRAL.name, khambong)
    assert upload.result.agency.kind == "local_government"
    assert "agency_kind_differs" in [f.code for f in upload.findings]


def test_the_dashboard_shows_the_kind_and_its_items(client_as, khambong) -> None:
    khambong.kind = "central_agency"
    khambong.save()
    services.save_result(
        khambong, services.read_upload(_central_without_kind(), "c.json", khambong)
    )
    page = client_as("viewer").get(
        reverse("assessments:dashboard", kwargs={"code": "khambong"}), {"year": 2569}
    )
    assert page.status_code == 200
    text = _text(page)
    assert "Agency kind central agency" in text
    assert "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน" in text  # O11 of the central list
    assert "which OIT items make up indicators 9 and 10 is not published" in text


def test_changing_the_kind_in_the_admin_rescores_the_stored_results(client_as, khambong) -> None:
    row = services.save_result(
        khambong, services.read_upload(_central_without_kind(), "c.json", khambong)
    )
    assert "oit_grouping_unknown" not in [f["code"] for f in row.findings]
    client = client_as("site_admin")
    url = reverse("admin:agencies_agency_change", args=[khambong.pk])
    form = client.get(url)
    assert 'name="kind"' in form.content.decode()
    post = {
        "code": khambong.code, "name": khambong.name, "kind": "central_agency",
        "agency_type": khambong.agency_type, "ministry": khambong.ministry,
        "province": khambong.province, "district": khambong.district,
        "units-TOTAL_FORMS": "0", "units-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(url, post, follow=True)
    assert response.status_code == 200, _text(response)
    assert "Re-scored 3 stored result(s) as central agency." in _text(response)
    row.refresh_from_db()
    assert "oit_grouping_unknown" in [f["code"] for f in row.findings]
    assert Agency.objects.get(pk=khambong.pk).kind == "central_agency"


def test_the_upload_page_scores_with_the_agencys_kind(client_as, khambong) -> None:
    khambong.kind = "central_agency"
    khambong.save()
    raw = _central_without_kind()
    client = client_as("editor")
    url = reverse("assessments:upload", kwargs={"code": "khambong"})
    client.post(url, {"file": SimpleUploadedFile("c.json", raw)})
    confirm = reverse("assessments:upload_confirm", kwargs={"code": "khambong"})
    preview = _text(client.get(confirm))
    assert "central agency" in preview
    client.post(confirm, {"sha256": hashlib.sha256(raw).hexdigest(), "confirm": "1"})
    row = Result.objects.get(agency=khambong, fiscal_year=2569)
    assert "oit_grouping_unknown" in [f["code"] for f in row.findings]


def _official_2569_central(tmp_path: Path) -> Path:
    """A stand-in for NACC's publication: the shipped list with its grouping confirmed."""
    text = (DATA_DIR / "ita-2569-central_agency.yaml").read_text(encoding="utf-8")
    text = text.replace("oit_grouping:\n  status: unknown", "oit_grouping:\n  status: confirmed")
    path = tmp_path / "incoming" / "ita-2569-central_agency.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site_dir(tmp_path: Path, settings, monkeypatch) -> Path:
    directory = tmp_path / "frameworks"
    settings.FRAMEWORKS_DIR = directory
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(directory))
    return directory


def test_installing_an_official_list_stores_it_and_rescores_that_kinds_results(
    khambong, site_dir, tmp_path, capsys
) -> None:
    khambong.kind = "central_agency"
    khambong.save()
    row = services.save_result(
        khambong, services.read_upload(_central_without_kind(), "c.json", khambong)
    )
    assert "oit_grouping_unknown" in [f["code"] for f in row.findings]
    call_command("install_framework", str(_official_2569_central(tmp_path)))
    assert (site_dir / "ita-2569-central_agency.yaml").is_file()
    out = capsys.readouterr().out
    assert "Re-scored 1 stored result(s)." in out  # the 2569 one; 2567/2568 use other files
    row.refresh_from_db()
    assert "oit_grouping_unknown" not in [f["code"] for f in row.findings]
    framework = Framework.objects.get(fiscal_year=2569, kind="central_agency")
    assert framework.source_file == str(site_dir / "ita-2569-central_agency.yaml")
    assert Framework.objects.filter(fiscal_year=2569, kind="").exists()


def test_a_bad_file_is_not_installed_and_names_its_line(khambong, site_dir, tmp_path) -> None:
    path = _official_2569_central(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        'sub_indicator: "10.4"', 'sub_indicator: "10.9"'
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("install_framework", str(path))
    message = str(caught.value)
    assert (
        "ita-2569-central_agency.yaml, line" in message and "oit_items.24.sub_indicator" in message
    )
    assert not (site_dir / "ita-2569-central_agency.yaml").exists()
    wrong = tmp_path / "central.yaml"
    wrong.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="ita-<year>"):
        call_command("install_framework", str(wrong))
