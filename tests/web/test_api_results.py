"""Results through the API: the seed's published figures, uploads, analysis, what-if, reports.

The seed (khambong fixture) holds FY2567 (99.00 ผ่านดีเยี่ยม) and FY2568 (94.11 ผ่านดี).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openita.analysis.weaknesses import analyse
from openita.frameworks import load_framework
from openita.ingest import parse_result
from openita.scoring import score
from openita.web.api.models import ApiToken
from openita.web.assessments.models import Result
from openita.web.audit.models import AuditEvent
from tests.web.conftest import EXAMPLES, SEED_2567, SEED_2568, docx_body

AGENCY = "/api/agencies/khambong"


@pytest.fixture
def as_role(users: dict[str, Any]) -> Any:
    """``as_role("editor")``: a client whose requests carry that user's Bearer token."""

    def make(role: str) -> Client:
        _, token = ApiToken.issue(users[role], "tests")
        return Client(headers={"Authorization": f"Bearer {token}"})

    return make


def upload(client: Client, name: str, data: bytes, dry_run: bool = False) -> Any:
    query = "?dry_run=true" if dry_run else ""
    return client.post(f"{AGENCY}/results{query}", {"file": SimpleUploadedFile(name, data)})


def engine_scores(path: Path) -> Any:
    loaded = parse_result(path.read_bytes(), path.name)
    return score(loaded.framework, loaded.result)


def whatif(client: Client, values: dict[str, Any], year: int = 2568) -> Any:
    body = json.dumps({"set": values})
    return client.post(f"{AGENCY}/results/{year}/whatif", body, content_type="application/json")


# --- reading scores -----------------------------------------------------------------------


def test_the_2568_scores_are_94_11_good_pass_with_indicator_8_as_the_engine_resolves(
    as_role: Any,
) -> None:
    data = as_role("viewer").get(f"{AGENCY}/results/2568").json()
    assert (data["overall"], data["level"], data["level_id"]) == (94.11, "ผ่านดี", "good")
    assert data["overall_is_official"] is True
    indicators = {i["id"]: i for i in data["indicators"]}
    assert list(indicators) == [str(n) for n in range(1, 11)]
    assert indicators["8"]["score"] == engine_scores(SEED_2568).indicators["8"]
    assert indicators["8"]["tool"] == "EIT"
    assert indicators["8"]["name_th"] == load_framework(2568).indicators["8"].name_th
    assert data["tools"] == engine_scores(SEED_2568).tools
    assert data["source_name"] == "khambong-2568.json"


def test_the_years_are_listed_newest_first_with_their_summary(as_role: Any) -> None:
    years = as_role("viewer").get(f"{AGENCY}/results").json()
    assert [(y["fiscal_year"], y["overall"], y["level"]) for y in years] == [
        (2568, 94.11, "ผ่านดี"),
        (2567, 99.00, "ผ่านดีเยี่ยม"),
    ]


def test_a_year_without_a_result_is_404(as_role: Any) -> None:
    response = as_role("viewer").get(f"{AGENCY}/results/2566")
    assert response.status_code == 404
    assert "2566" in response.json()["detail"]


def test_a_published_only_year_returns_its_published_figures_flagged(as_role: Any) -> None:
    old = {
        "fiscal_year": 2564,
        "agency": {"name": "เทศบาลตำบลคำบง", "code": "khambong"},
        "indicators": {"1": 90.5, "9": 80.0},
        "official": {"overall": 91.37, "level": "A", "tools": {"OIT": 80.0}},
    }
    editor = as_role("editor")
    saved = upload(editor, "khambong-2564.json", json.dumps(old, ensure_ascii=False).encode())
    assert saved.status_code == 201
    data = editor.get(f"{AGENCY}/results/2564").json()
    assert data["published_only"] is True
    assert (data["overall"], data["level"], data["computed_overall"]) == (91.37, "A", None)
    assert [(i["id"], i["score"]) for i in data["indicators"]] == [("1", 90.5), ("9", 80.0)]
    for suffix in ("analysis", "report.docx"):
        assert editor.get(f"{AGENCY}/results/2564/{suffix}").status_code == 404
    assert whatif(editor, {"O7": 100}, year=2564).status_code == 404


# --- uploads ------------------------------------------------------------------------------


def test_an_upload_saves_the_year_and_says_which_result_it_replaces(
    as_role: Any, users: dict[str, Any]
) -> None:
    response = upload(as_role("editor"), "khambong-2568.json", SEED_2568.read_bytes())
    assert response.status_code == 201
    body = response.json()
    assert (body["saved"], body["fiscal_year"]) == (True, 2568)
    assert body["replaces"]["overall"] == 94.11
    assert body["result"]["overall"] == 94.11
    assert body["result"]["uploaded_by"] == "editor"
    row = Result.objects.get(agency__code="khambong", fiscal_year=2568)
    assert row.uploaded_by == users["editor"]
    event = AuditEvent.objects.filter(model="assessments.result").latest("pk")
    assert event.actor == users["editor"]


def test_a_dry_run_shows_the_result_and_saves_nothing(as_role: Any) -> None:
    editor = as_role("editor")
    row = Result.objects.get(agency__code="khambong", fiscal_year=2567)
    events = AuditEvent.objects.count()
    data = SEED_2567.read_bytes().replace(b"99.07", b"99.08", 1)
    response = upload(editor, "khambong-2567.json", data, dry_run=True)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is False
    assert body["replaces"]["fiscal_year"] == 2567
    assert body["result"]["fiscal_year"] == 2567
    assert Result.objects.get(pk=row.pk).sha256 == row.sha256
    assert AuditEvent.objects.count() == events


def test_a_bad_row_is_422_with_its_line_and_field_and_nothing_is_saved(as_role: Any) -> None:
    csv = "\n".join(
        [
            "item,value",
            "fiscal_year,2568",
            "agency.name,เทศบาลตำบลคำบง",
            "indicator.1,98.70",
            "indicator.2,abc",
        ]
    ).encode()
    editor = as_role("editor")
    results, events = Result.objects.count(), AuditEvent.objects.count()
    response = upload(editor, "bad.csv", csv)
    assert response.status_code == 422
    body = response.json()
    assert "nothing was changed" in body["detail"]
    [problem] = body["problems"]
    assert (problem["file"], problem["line"], problem["field"]) == ("bad.csv", 5, "ตัวชี้วัดที่ 2")
    assert "abc" in problem["message"]
    assert (Result.objects.count(), AuditEvent.objects.count()) == (results, events)


def test_a_file_of_another_agency_is_refused(as_role: Any) -> None:
    doc = json.loads(SEED_2568.read_bytes())
    doc["agency"]["code"] = "other"
    response = upload(as_role("editor"), "x.json", json.dumps(doc).encode())
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "agency.code"


def test_an_unknown_file_type_is_422(as_role: Any) -> None:
    response = upload(as_role("editor"), "result.txt", b"hello")
    assert response.status_code == 422
    assert response.json()["problems"][0]["file"] == "result.txt"


def test_a_file_over_the_size_limit_is_413(as_role: Any, settings: Any) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    response = upload(as_role("editor"), "khambong-2568.json", SEED_2568.read_bytes())
    assert response.status_code == 413


def test_the_as_published_file_shows_the_conflict_of_indicator_8(as_role: Any) -> None:
    path = EXAMPLES / "khambong-2568-as-published.json"
    response = upload(as_role("editor"), path.name, path.read_bytes(), dry_run=True)
    assert response.status_code == 200
    result = response.json()["result"]
    [conflict] = [f for f in result["findings"] if f["code"] == "conflicting_values"]
    assert conflict["subject"] == "8"
    indicator_8 = next(i for i in result["indicators"] if i["id"] == "8")
    assert indicator_8["score"] == engine_scores(path).indicators["8"]


def test_uploading_needs_a_file(as_role: Any) -> None:
    response = as_role("editor").post(f"{AGENCY}/results")
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "file"


# --- analysis and what-if -----------------------------------------------------------------


def test_the_analysis_ranks_weak_points_by_gain_and_names_the_fallen_indicators(
    as_role: Any,
) -> None:
    current = parse_result(SEED_2568.read_bytes(), SEED_2568.name)
    previous = parse_result(SEED_2567.read_bytes(), SEED_2567.name)
    expected = analyse(current.framework, current.result, previous.result)
    data = as_role("viewer").get(f"{AGENCY}/results/2568/analysis").json()
    assert data["previous_year"] == 2567
    assert [w["id"] for w in data["weak_points"]] == [w.id for w in expected.weak_points]
    gains = [w["gain"] for w in data["weak_points"]]
    assert gains == sorted(gains, reverse=True)
    fallen = [f["indicator"] for f in data["fallen_indicators"]]
    assert fallen == [f.indicator for f in expected.fallen_indicators]
    assert {"9", "10"} <= set(fallen)
    assert "O2" in {m["id"] for m in data["missing_items"]}
    assert data["comparison"]["overall"]["direction"] == "ลดลง"


def test_a_published_only_previous_year_is_not_compared(as_role: Any) -> None:
    """Published figures carry no items to compare with (docs/sources.md: no framework file)."""
    Result.objects.filter(agency__code="khambong", fiscal_year=2567).delete()
    old = {
        "fiscal_year": 2566,
        "agency": {"name": "เทศบาลตำบลคำบง", "code": "khambong"},
        "official": {"overall": 97.5, "level": "AA"},
    }
    editor = as_role("editor")
    assert upload(editor, "k-2566.json", json.dumps(old).encode()).status_code == 201
    data = editor.get(f"{AGENCY}/results/2568/analysis").json()
    assert (data["previous_year"], data["comparison"], data["fallen_indicators"]) == (
        None,
        None,
        [],
    )
    assert data["weak_points"]


def test_publishing_o7_and_o12_raises_the_overall_to_97_11(as_role: Any) -> None:
    response = whatif(as_role("viewer"), {"O7": 100, "O12": 100})
    assert response.status_code == 200
    data = response.json()
    assert (data["base_overall"], data["overall"], data["level"]) == (94.11, 97.11, "ผ่านดี")
    assert {c["key"] for c in data["changes"]} == {"O7", "O12"}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"O99": 100}, "set"),  # not an item of FY2568
        ({"O2": 100}, "set"),  # no score in the data: its effect is unknown
        ({"O7": 150}, "set.O7"),  # scores are 0-100
        ({"O7": "full"}, "set.O7"),
    ],
)
def test_what_if_refuses_what_it_cannot_simulate(
    as_role: Any, values: dict[str, Any], field: str
) -> None:
    response = whatif(as_role("viewer"), values)
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert problems and problems[0]["field"] == field
    assert problems[0]["file"] == "request"


# --- reports ------------------------------------------------------------------------------


def test_the_docx_report_downloads_as_an_attachment_with_the_scores(as_role: Any) -> None:
    response = as_role("viewer").get(f"{AGENCY}/results/2568/report.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="ita-2568-khambong.docx"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        text = docx.read("word/document.xml").decode()
    assert "94.11" in text


def test_the_docx_report_in_thai_digits_has_them_throughout(as_role: Any) -> None:
    viewer = as_role("viewer")
    thai = docx_body(viewer.get(f"{AGENCY}/results/2568/report.docx?digits=thai").content)
    arabic = docx_body(viewer.get(f"{AGENCY}/results/2568/report.docx?digits=arabic").content)
    assert "๙๔.๑๑" in thai and "94.11" not in thai
    assert "พ.ศ. ๒๕๖๘" in thai
    assert "O8" in thai  # item codes keep their digits
    assert "94.11" in arabic and "๙๔.๑๑" not in arabic


@pytest.mark.parametrize("suffix", ["report.docx", "report.pdf"])
def test_unknown_digits_are_422_naming_the_field(as_role: Any, suffix: str) -> None:
    response = as_role("viewer").get(f"{AGENCY}/results/2568/{suffix}?digits=roman")
    assert response.status_code == 422
    (problem,) = response.json()["problems"]
    assert problem["field"] == "digits"
    assert "arabic" in problem["text"] and "thai" in problem["text"]


# --- agencies -----------------------------------------------------------------------------


def test_the_agency_list_filters_by_province_type_and_text_and_pages(as_role: Any) -> None:
    admin = as_role("site_admin")

    def codes(query: str) -> list[str]:
        return [a["code"] for a in admin.get(f"/api/agencies{query}").json()["items"]]

    assert sorted(codes("")) == ["khambong", "other"]
    assert codes("?province=อุดรธานี") == ["khambong"]
    assert codes("?q=ตัวอย่าง") == ["other"]
    assert codes("?q=KHAM") == ["khambong"]
    assert codes("?agency_type=เทศบาลตำบล&province=เชียงใหม่") == ["other"]
    pages = [admin.get(f"/api/agencies?page={n}&page_size=1").json() for n in (1, 2)]
    assert [p["count"] for p in pages] == [2, 2]
    assert sorted(p["items"][0]["code"] for p in pages) == ["khambong", "other"]


def test_one_agency_tells_the_caller_its_access_and_stored_years(as_role: Any) -> None:
    data = as_role("editor").get(AGENCY).json()
    assert (data["name"], data["province"]) == ("เทศบาลตำบลคำบง", "อุดรธานี")
    assert (data["access"], data["result_years"], data["plan_years"]) == ("edit", [2568, 2567], [])
