"""Problems and findings of the core packages speak the language of the page.

The upload pages show what :mod:`openita.ingest` and :mod:`openita.scoring.consistency` say
about a file. The web app is Thai by default, so a clerk who uploads the seed agency's 2568
file as printed in its report (indicator 8 given as 99.71 and as 99.81) reads the conflict in
Thai; with English chosen, in English. Each expected text is the one the core makes in that
language for the same bytes, so these tests check the page, not the wording.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from openita.errors import InputError
from openita.i18n import use_language
from openita.ingest import parse_result

from .conftest import SEED_2568
from .test_dashboard import _text

AS_PUBLISHED = SEED_2568.with_name("khambong-2568-as-published.json")
THAI = re.compile("[\u0e00-\u0e7f]")


def _url(name: str) -> str:
    return reverse(f"assessments:{name}", kwargs={"code": "khambong"})


def _upload(client: Client, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(_url("upload"), {"file": SimpleUploadedFile(name, data)})


def _english(client: Client) -> Client:
    client.cookies.load({"django_language": "en"})
    return client


def _conflict_message(language: str) -> str:
    loaded = parse_result(AS_PUBLISHED.read_bytes(), AS_PUBLISHED.name)
    (finding,) = [f for f in loaded.findings if f.code == "conflicting_values"]
    return finding.render(language)


def _seed_csv(bad_item: str, bad_value: str) -> tuple[bytes, int]:
    """The seed's 2568 indicators as a CSV, one value replaced; and the line of that value."""
    doc = json.loads(SEED_2568.read_text(encoding="utf-8"))
    rows = [("fiscal_year", "2568"), ("agency.name", doc["agency"]["name"])]
    rows += [(f"indicator.{n}", str(v)) for n, v in doc["indicators"].items()]
    rows = [(item, bad_value if item == bad_item else value) for item, value in rows]
    line = 1 + next(n for n, (item, _) in enumerate(rows, start=1) if item == bad_item)
    text = "item,value\n" + "".join(f"{item},{value}\n" for item, value in rows)
    return text.encode(), line


def test_the_thai_preview_says_in_thai_that_indicator_8_has_two_values(client_as) -> None:
    client = client_as("editor")
    _upload(client, AS_PUBLISHED.name, AS_PUBLISHED.read_bytes())
    text = _text(client.get(_url("upload_confirm")))
    thai = _conflict_message("th")
    assert thai.startswith("ตัวชี้วัดที่ 8 ")
    assert thai in text
    assert _conflict_message("en") not in text
    assert "99.71" in thai and "99.81" in thai and "94.11" in thai


def test_the_english_preview_says_it_in_english(client_as) -> None:
    client = _english(client_as("editor"))
    _upload(client, AS_PUBLISHED.name, AS_PUBLISHED.read_bytes())
    text = _text(client.get(_url("upload_confirm")))
    english = _conflict_message("en")
    assert english.startswith("indicator 8 has two different values: 99.71")
    assert english in text
    assert _conflict_message("th") not in text


def test_a_broken_csv_shows_its_problem_in_thai_with_its_line(client_as) -> None:
    data, line = _seed_csv("indicator.4", "96.85x")
    with pytest.raises(InputError) as caught:
        parse_result(data, "khambong.csv")
    (expected,) = caught.value.problems
    response = _upload(client_as("editor"), "khambong.csv", data)
    assert response.status_code == 422
    (shown,) = response.context["problems"]
    assert shown == expected  # the same problem as data, rendered by the page in Thai
    with use_language("th"):
        assert (shown.line, shown.field) == (line, "ตัวชี้วัดที่ 4")
    text = _text(response)
    assert expected.render("th") in text
    assert f"บรรทัด {line}" in text  # the page's own word for the line, and the number
    assert "expected a number" not in text


def test_the_same_broken_csv_on_the_english_page_is_in_english(client_as) -> None:
    data, line = _seed_csv("indicator.4", "96.85x")
    response = _upload(_english(client_as("editor")), "khambong.csv", data)
    (shown,) = response.context["problems"]
    assert shown.line == line
    assert shown.message == "expected a number, got '96.85x'"


def test_a_score_out_of_range_keeps_its_line_on_the_thai_page(client_as) -> None:
    data, line = _seed_csv("indicator.3", "120")
    response = _upload(client_as("editor"), "khambong.csv", data)
    assert response.status_code == 422
    (shown,) = response.context["problems"]
    with use_language("th"):
        assert THAI.search(shown.message) and "0–100" in shown.message
        assert (shown.line, shown.field) == (line, "ตัวชี้วัดที่ 3")


def test_a_file_of_another_agency_is_refused_in_thai_on_the_thai_page(client_as) -> None:
    doc = json.loads(SEED_2568.read_text(encoding="utf-8"))
    doc["agency"]["code"] = "other"
    response = _upload(client_as("editor"), "other.json", json.dumps(doc).encode())
    assert response.status_code == 422
    (shown,) = response.context["problems"]
    assert shown.field == "agency.code"
    assert THAI.search(shown.message) and "'other'" in shown.message


def _stored_in_thai(agency) -> None:  # type: ignore[no-untyped-def]
    from openita.web.assessments import services

    with use_language("th"):
        upload = services.read_upload(AS_PUBLISHED.read_bytes(), AS_PUBLISHED.name, agency)
        services.save_result(agency, upload)


def test_the_dashboard_checks_speak_the_readers_language_not_the_uploaders(
    client_as, khambong
) -> None:
    _stored_in_thai(khambong)
    english = _english(client_as("viewer"))
    page = english.get(
        reverse("assessments:dashboard", kwargs={"code": "khambong"}), {"year": 2568}
    )
    assert _conflict_message("en") in _text(page)
    thai = client_as("viewer").get(
        reverse("assessments:dashboard", kwargs={"code": "khambong"}), {"year": 2568}
    )
    assert _conflict_message("th") in _text(thai)


def test_the_api_gives_the_stored_files_findings_in_the_requests_language(
    client_as, khambong
) -> None:
    _stored_in_thai(khambong)
    client = client_as("viewer")
    url = "/api/agencies/khambong/results/2568"
    messages = {
        language: [
            f["message"] for f in client.get(url, HTTP_ACCEPT_LANGUAGE=language).json()["findings"]
        ]
        for language in ("en", "th")
    }
    assert _conflict_message("en") in messages["en"]
    assert _conflict_message("th") in messages["th"]
