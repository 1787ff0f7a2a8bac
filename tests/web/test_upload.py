"""Upload a result file: check → preview → confirm; problems inline; nothing saved on error.

The seed agency's 2568 file as printed in its report (``khambong-2568-as-published.json``)
gives indicator 8 twice (99.71 and 99.81): the preview must say so before anything is saved.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openita.web.assessments import pending
from openita.web.assessments.models import Result
from openita.web.audit.models import AuditEvent

from .conftest import SEED_2568
from .test_dashboard import _text

AS_PUBLISHED = SEED_2568.with_name("khambong-2568-as-published.json")


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    """Check the English texts (the Thai ones are translations of them, tested elsewhere)."""
    settings.LANGUAGE_CODE = "en"


def _url(name: str, code: str = "khambong") -> str:
    return reverse(f"assessments:{name}", kwargs={"code": code})


def _post_file(client, name: str, data: bytes, code: str = "khambong"):
    return client.post(_url("upload", code), {"file": SimpleUploadedFile(name, data)})


def _csv(rows: list[tuple[str, str]]) -> bytes:
    return ("item,value\n" + "".join(f"{i},{v}\n" for i, v in rows)).encode()


SEED_INDICATORS: dict[str, float] = json.loads(SEED_2568.read_text())["indicators"]
SEED_CSV_ROWS = [
    ("fiscal_year", "2568"),
    ("agency.name", "เทศบาลตำบลคำบง"),
    *(
        (f"indicator.{n}", str(v))
        for n, v in json.loads(SEED_2568.read_text())["indicators"].items()
    ),
    ("official.overall", "94.11"),
]


def _counts() -> tuple[int, int]:
    return Result.objects.count(), AuditEvent.objects.count()


def test_the_upload_form_accepts_json_csv_and_xlsx(client_as):
    response = client_as("editor").get(_url("upload"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'accept=".json,.csv,.xlsx"' in html
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_file">' in html


def test_viewers_and_coordinators_may_not_upload_and_outsiders_do_not_see_the_page(client_as):
    assert client_as("viewer").get(_url("upload")).status_code == 403
    assert client_as("coordinator").get(_url("upload")).status_code == 403
    assert client_as("outsider_admin").get(_url("upload")).status_code == 404
    before = _counts()
    response = _post_file(client_as("viewer"), AS_PUBLISHED.name, AS_PUBLISHED.read_bytes())
    assert response.status_code == 403
    assert _counts() == before


def test_the_preview_shows_the_conflicting_values_of_indicator_8_before_saving(client_as):
    client = client_as("editor")
    before = _counts()
    response = _post_file(client, AS_PUBLISHED.name, AS_PUBLISHED.read_bytes())
    assert response.status_code == 302 and response["Location"] == _url("upload_confirm")
    preview = client.get(_url("upload_confirm"))
    assert preview.status_code == 200
    text = _text(preview)
    assert "indicator 8 has two different values: 99.71" in text
    assert "99.81" in text
    shown = preview.context["preview"]
    assert (shown.fiscal_year, shown.overall, shown.level) == (2568, 94.11, "ผ่านดี")
    assert [t.id for t in shown.tools] == ["IIT", "EIT", "OIT"]
    assert _counts() == before  # checked and previewed, not saved


def test_the_preview_says_it_replaces_the_stored_year_with_old_and_new_overall(client_as, khambong):
    Result.objects.filter(agency=khambong, fiscal_year=2568).update(overall=93.0, level="ผ่านดี")
    client = client_as("editor")
    _post_file(client, AS_PUBLISHED.name, AS_PUBLISHED.read_bytes())
    response = client.get(_url("upload_confirm"))
    assert response.context["preview"].replaces.overall == 93.0
    text = _text(response)
    assert "already stored; confirming makes this one the current version" in text
    assert "Stored now 93.00" in text and "This file 94.11" in text


def test_confirming_saves_the_previewed_file_and_opens_its_year(client_as, khambong, users):
    client = client_as("editor")
    data = AS_PUBLISHED.read_bytes()
    _post_file(client, AS_PUBLISHED.name, data)
    sha = hashlib.sha256(data).hexdigest()
    events = AuditEvent.objects.count()
    response = client.post(_url("upload_confirm"), {"sha256": sha, "confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == _url("dashboard") + "?year=2568"
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    assert (row.sha256, row.source_name, row.uploaded_by) == (
        sha,
        AS_PUBLISHED.name,
        users["editor"],
    )
    assert [f["code"] for f in row.findings] == ["conflicting_values"]
    assert AuditEvent.objects.count() > events
    assert pending.SESSION_KEY not in client.session
    followed = client.get(response["Location"])
    assert "2568" in _text(followed) and any(
        "saved" in str(m) for m in followed.context["messages"]
    )


def test_a_new_year_is_added_and_the_preview_says_so(client_as, khambong):
    doc = json.loads(SEED_2568.read_text())
    doc["fiscal_year"] = 2567
    doc["indicators"]["1"] = 97.0
    doc.pop("official")
    Result.objects.filter(agency=khambong, fiscal_year=2567).delete()
    client = client_as("editor")
    _post_file(client, "k2567.json", json.dumps(doc, ensure_ascii=False).encode())
    response = client.get(_url("upload_confirm"))
    assert response.context["preview"].replaces is None
    assert "No result for 2567 is stored yet" in _text(response)


def test_a_csv_with_a_bad_score_shows_its_row_and_field_and_saves_nothing(client_as):
    rows = [r if r[0] != "indicator.4" else ("indicator.4", "96.85x") for r in SEED_CSV_ROWS]
    client = client_as("editor")
    before = _counts()
    response = _post_file(client, "khambong.csv", _csv(rows))
    assert response.status_code == 422
    problems = response.context["problems"]
    bad_line = 1 + next(n for n, r in enumerate(rows, start=1) if r[0] == "indicator.4")
    assert [(p.line, p.field) for p in problems] == [(bad_line, "indicator 4")]
    text = _text(response)
    assert f"line {bad_line} indicator 4" in text
    assert "Nothing was saved" in text
    assert _counts() == before
    assert pending.SESSION_KEY not in client.session


def test_a_score_outside_0_to_100_is_refused_with_its_field(client_as):
    rows = [r if r[0] != "indicator.3" else ("indicator.3", "120") for r in SEED_CSV_ROWS]
    before = _counts()
    response = _post_file(client_as("editor"), "khambong.csv", _csv(rows))
    assert response.status_code == 422
    assert [p.field for p in response.context["problems"]] == ["indicator 3"]
    assert "outside 0–100" in _text(response)
    assert _counts() == before


def test_a_file_of_another_agency_code_is_refused(client_as):
    doc = json.loads(SEED_2568.read_text())
    doc["agency"]["code"] = "other"
    before = _counts()
    response = _post_file(client_as("editor"), "other.json", json.dumps(doc).encode())
    assert response.status_code == 422
    assert "the file is for agency code 'other', not 'khambong'" in _text(response)
    assert _counts() == before


def test_a_file_naming_the_agency_differently_is_a_warning_in_the_preview(client_as):
    doc = json.loads(SEED_2568.read_text())
    doc["agency"]["name"] = "ทต.คำบง"
    client = client_as("editor")
    _post_file(client, "k.json", json.dumps(doc, ensure_ascii=False).encode())
    response = client.get(_url("upload_confirm"))
    assert "the file names the agency 'ทต.คำบง'" in _text(response)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("result.txt", b"item,value\n", "is not a .json, .csv or .xlsx file"),
        ("result.xlsx", b"not a workbook", "not a readable XLSX workbook"),
        ("result.json", b"{not json", "not valid JSON"),
        ("result.csv", b"", "empty"),
    ],
)
def test_unusable_files_are_explained_and_nothing_is_saved(client_as, name, data, message):
    client = client_as("editor")
    client.cookies.load({"django_language": "en"})
    before = _counts()
    response = _post_file(client, name, data)
    assert response.status_code == 422
    assert message in _text(response)
    assert _counts() == before


def test_a_file_over_the_size_limit_is_refused(client_as, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client = client_as("editor")
    client.cookies.load({"django_language": "en"})
    response = _post_file(client, "big.json", b" " * (1024 * 1024 + 1))
    assert response.status_code == 422
    assert "larger than 1 MB" in _text(response)


def test_a_published_only_year_is_previewed_and_kept_for_the_history(client_as, khambong):
    doc = {"fiscal_year": 2566, "agency": {"name": khambong.name}}
    doc["official"] = {"overall": 91.25, "level": "A", "tools": {"IIT": 90.0}}
    client = client_as("editor")
    data = json.dumps(doc, ensure_ascii=False).encode()
    _post_file(client, "2566.json", data)
    preview = client.get(_url("upload_confirm"))
    assert "no framework file for this year" in _text(preview)
    client.post(_url("upload_confirm"), {"sha256": hashlib.sha256(data).hexdigest()})
    row = Result.objects.get(agency=khambong, fiscal_year=2566)
    assert (row.published_only, row.overall, row.iit) == (True, 91.25, 90.0)


def test_confirm_without_a_waiting_file_goes_back_to_the_upload(client_as):
    client = client_as("editor")
    before = _counts()
    response = client.post(_url("upload_confirm"), {"sha256": "0" * 64})
    assert response.status_code == 302 and response["Location"] == _url("upload")
    assert client.get(_url("upload_confirm")).status_code == 302
    assert _counts() == before


def test_cancel_drops_the_waiting_file(client_as):
    client = client_as("editor")
    before = _counts()
    _post_file(client, AS_PUBLISHED.name, AS_PUBLISHED.read_bytes())
    response = client.post(_url("upload_confirm"), {"cancel": "1"})
    assert response.status_code == 302 and response["Location"] == _url("upload")
    assert pending.SESSION_KEY not in client.session
    assert client.get(_url("upload_confirm"))["Location"] == _url("upload")
    assert _counts() == before


def test_a_stale_preview_cannot_save_another_file(client_as, khambong):
    """The confirm posts the digest it previewed; a file checked since then is not saved."""
    client = client_as("editor")
    _post_file(client, AS_PUBLISHED.name, AS_PUBLISHED.read_bytes())
    first_sha = client.session[pending.SESSION_KEY]["sha256"]
    _post_file(client, SEED_2568.name, SEED_2568.read_bytes())  # checked in another tab
    before = Result.objects.get(agency=khambong, fiscal_year=2568).sha256
    response = client.post(_url("upload_confirm"), {"sha256": first_sha})
    assert response["Location"] == _url("upload_confirm")
    assert Result.objects.get(agency=khambong, fiscal_year=2568).sha256 == before


def test_the_waiting_bytes_are_the_server_copy_not_a_posted_body(client_as, khambong):
    client = client_as("editor")
    _post_file(client, SEED_2568.name, SEED_2568.read_bytes())
    sha = client.session[pending.SESSION_KEY]["sha256"]
    forged = {"sha256": sha, "file": SimpleUploadedFile("x.json", AS_PUBLISHED.read_bytes())}
    client.post(_url("upload_confirm"), forged)
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    assert bytes(row.source) == SEED_2568.read_bytes()


def test_a_waiting_file_cannot_be_confirmed_into_another_agency(client_as, other):
    client = client_as("site_admin")
    _post_file(client, SEED_2568.name, SEED_2568.read_bytes())
    sha = client.session[pending.SESSION_KEY]["sha256"]
    before = Result.objects.get(agency=other, fiscal_year=2568).sha256
    response = client.post(_url("upload_confirm", "other"), {"sha256": sha})
    assert response["Location"] == _url("upload", "other")
    assert Result.objects.get(agency=other, fiscal_year=2568).sha256 == before


def test_a_tampered_session_copy_is_not_used(client_as):
    client = client_as("editor")
    _post_file(client, SEED_2568.name, SEED_2568.read_bytes())
    session = client.session
    stored = session[pending.SESSION_KEY]
    path = pending.directory() / f"{stored['id']}.upload"
    path.write_bytes(path.read_bytes()[:-8] + b"AAAAAAA=")
    before = _counts()
    response = client.post(_url("upload_confirm"), {"sha256": stored["sha256"]})
    assert response["Location"] == _url("upload")
    assert _counts() == before


def test_a_year_without_a_framework_file_previews_with_the_fallback_warning(client_as, khambong):
    """FY2575 has no file: scored with the nearest year's rules, said so, never refused."""
    data = json.loads(SEED_2568.read_text())
    data["fiscal_year"] = 2575
    raw = json.dumps(data, ensure_ascii=False).encode()
    client = client_as("editor")
    response = _post_file(client, "khambong-2575.json", raw)
    assert response.status_code == 302 and response["Location"] == _url("upload_confirm")
    preview = client.get(_url("upload_confirm"))
    text = _text(preview)
    assert "the rules for fiscal year 2575 are not confirmed; scored with the rules of 2569" in text
    assert preview.context["preview"].fiscal_year == 2575
    sha = hashlib.sha256(raw).hexdigest()
    client.post(_url("upload_confirm"), {"sha256": sha, "confirm": "1"})
    row = Result.objects.get(agency=khambong, fiscal_year=2575)
    assert "framework_fallback" in [f["code"] for f in row.findings]
