"""The same bad file gives the same problems on the CLI, the upload page and the API.

Every result check lives once in ``openita.ingest``; the CLI (``openita validate``), the upload
page and ``POST /api/agencies/{code}/results`` only show what it found. Each file below is
refused on all three with the same messages, all of them in one round.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from openita.cli import app
from openita.i18n import use_language
from openita.web.api.models import ApiToken
from openita.web.assessments.models import Result
from openita.web.audit.models import AuditEvent


def _csv(*rows: str) -> bytes:
    return ("item,value\n" + "".join(f"{row}\n" for row in rows)).encode()


INDICATORS = [f"indicator.{n},95" for n in range(1, 11)]
BAD_FILES = {
    # A Christian-era year with its overall: the CLI always refused it, the web stored it.
    "ce-year-with-overall.csv": _csv(
        "fiscal_year,2025", "agency.name,เทศบาลตำบลคำบง", "official.overall,91.00"
    ),
    # Without an overall: the CE hint, not "a published overall is needed" alone.
    "ce-year-only.csv": _csv("fiscal_year,2025", "agency.name,เทศบาลตำบลคำบง"),
    # Text in a number and a score of 150: both in one round.
    "text-and-150.csv": _csv(
        "fiscal_year,2568",
        "agency.name,เทศบาลตำบลคำบง",
        "indicator.1,9o.5",
        "indicator.2,150",
        *INDICATORS[2:],
    ),
}
# A year without framework (published figures only): the web app and the API store its
# published figures, the CLI has nothing to score it with; its numbers get the same checks.
PUBLISHED = _csv(
    "fiscal_year,2566",
    "agency.name,เทศบาลตำบลคำบง",
    "indicator.1,9o.5",
    "indicator.2,150",
    "official.overall,91.00",
)


@pytest.fixture
def as_role(users: dict[str, Any]) -> Any:
    """A client whose requests carry that user's API token."""

    def make(role: str) -> Client:
        _, token = ApiToken.issue(users[role], "tests")
        return Client(headers={"Authorization": f"Bearer {token}"})

    return make


def _cli_messages(path: Path) -> list[str]:
    result = CliRunner().invoke(app, ["validate", "--json", str(path)])
    assert result.exit_code == 2, result.output
    [report] = json.loads(result.output)
    return [problem.split(": ", 1)[1] for problem in report["problems"]]


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_cli_upload_page_and_api_refuse_a_file_with_the_same_problems(
    name: str, language: str, tmp_path: Path, client_as: Any, as_role: Any, settings: Any
) -> None:
    settings.LANGUAGE_CODE = language
    data = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with use_language(language):
        cli = _cli_messages(path)

    editor, robot = client_as("editor"), as_role("editor")
    before = Result.objects.count(), AuditEvent.objects.count()
    url = reverse("assessments:upload", kwargs={"code": "khambong"})
    page = editor.post(url, {"file": SimpleUploadedFile(name, data)})
    assert page.status_code == 422
    shown = [p.render(language) for p in page.context["problems"]]

    api = robot.post("/api/agencies/khambong/results", {"file": SimpleUploadedFile(name, data)})
    assert api.status_code == 422
    answered = [p["message"] for p in api.json()["problems"]]

    assert cli == shown == answered
    assert (Result.objects.count(), AuditEvent.objects.count()) == before


def test_a_ce_year_is_refused_with_the_buddhist_era_hint_on_the_thai_page(client_as: Any) -> None:
    url = reverse("assessments:upload", kwargs={"code": "khambong"})
    data = BAD_FILES["ce-year-with-overall.csv"]
    page = client_as("editor").post(url, {"file": SimpleUploadedFile("ce.csv", data)})
    [problem] = page.context["problems"]
    assert "2568" in problem.message and "2025" in problem.message
    assert problem.field == "fiscal_year"


def test_text_in_a_number_and_a_score_of_150_come_in_one_round_named_for_a_clerk(
    client_as: Any,
) -> None:
    url = reverse("assessments:upload", kwargs={"code": "khambong"})
    data = BAD_FILES["text-and-150.csv"]
    page = client_as("editor").post(url, {"file": SimpleUploadedFile("bad.csv", data)})
    problems = page.context["problems"]
    with use_language("th"):  # the page's language; the problems are data until rendered
        assert [(p.line, p.field) for p in problems] == [(4, "ตัวชี้วัดที่ 1"), (5, "ตัวชี้วัดที่ 2")]
        assert "150" in problems[1].message and "ตัวชี้วัดที่ 2" in problems[1].message


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_file_of_published_figures_gets_the_same_number_checks(
    language: str, tmp_path: Path, client_as: Any, as_role: Any, settings: Any
) -> None:
    settings.LANGUAGE_CODE = language
    path = tmp_path / "scored.csv"
    path.write_bytes(BAD_FILES["text-and-150.csv"])
    with use_language(language):
        cli = _cli_messages(path)
    editor, robot = client_as("editor"), as_role("editor")
    url = reverse("assessments:upload", kwargs={"code": "khambong"})
    page = editor.post(url, {"file": SimpleUploadedFile("2566.csv", PUBLISHED)})
    api = robot.post(
        "/api/agencies/khambong/results", {"file": SimpleUploadedFile("2566.csv", PUBLISHED)}
    )
    assert page.status_code == api.status_code == 422
    shown = [p.render(language) for p in page.context["problems"]]
    assert shown == [p["message"] for p in api.json()["problems"]] == cli
