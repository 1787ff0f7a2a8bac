"""Paste a results table on the upload page (issue 14): the same preview and problems as a file."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from openita.web.assessments import pending
from openita.web.assessments.models import Result, ResultVersion
from tests.ingest.test_paste import CHROME, LAST_YEAR, SEED_INDICATORS, TWO_YEARS, WORD


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _text(response: Any) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _url(name: str) -> str:
    return reverse(f"assessments:{name}", kwargs={"code": "khambong"})


def test_the_upload_page_offers_a_paste_box(client_as, khambong):
    html = client_as("editor").get(_url("upload")).content.decode()
    assert f'action="{_url("paste")}"' in html
    assert '<textarea name="text"' in html and 'name="fiscal_year"' in html


def test_a_pasted_chrome_table_previews_and_saves_as_a_pasted_version(client_as, khambong):
    client = client_as("editor")
    response = client.post(_url("paste"), {"text": CHROME, "fiscal_year": "2568"})
    assert response.status_code == 302 and response["Location"] == _url("upload_confirm")
    preview = client.get(_url("upload_confirm"))
    shown = preview.context["preview"]
    assert (shown.overall, shown.level, shown.fiscal_year) == (94.11, "ผ่านดี", 2568)
    assert "The file khambong-2568-pasted.txt was checked" in _text(preview)
    sha = client.session[pending.SESSION_KEY]["sha256"]
    assert client.post(_url("upload_confirm"), {"sha256": sha}).status_code == 302
    made = ResultVersion.objects.filter(agency=khambong, fiscal_year=2568).order_by("-number")[0]
    assert (made.number, made.kind, made.source_name) == (2, "paste", "khambong-2568-pasted.txt")
    assert bytes(made.source).decode().startswith(CHROME.split("\n")[0])
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    assert row.overall == 94.11 and row.sha256 == made.sha256


def test_a_word_table_names_its_own_year(client_as, khambong):
    client = client_as("editor")
    response = client.post(_url("paste"), {"text": WORD, "fiscal_year": "2567"})
    assert response.status_code == 302
    assert client.get(_url("upload_confirm")).context["preview"].fiscal_year == 2568


def test_pasted_problems_are_listed_by_line_and_the_text_is_kept(client_as, khambong):
    text = "ตัวชี้วัด\tคะแนน\nตัวชี้วัดที่ 1\t98,70\nตัวชี้วัดที่ 2\t150\nตัวชี้วัดที่ 3\t9o.5\n"
    client = client_as("editor")
    before = ResultVersion.objects.count()
    response = client.post(_url("paste"), {"text": text, "fiscal_year": "2568"})
    assert response.status_code == 422
    text_shown = _text(response)
    assert "cannot be used" in text_shown
    assert re.search(r"line 3 indicator 2 [^|]*150", text_shown)
    assert re.search(r"line 4 indicator 3 [^|]*9o\.5", text_shown)
    html = response.content.decode()
    assert "ตัวชี้วัดที่ 3\t9o.5" in unescape(html)  # the pasted text is there to be fixed
    assert pending.SESSION_KEY not in client.session
    assert ResultVersion.objects.count() == before


def test_an_empty_paste_is_refused_by_the_form(client_as, khambong):
    response = client_as("editor").post(_url("paste"), {"text": "", "fiscal_year": "2568"})
    assert response.status_code == 422
    assert response.context["paste_form"].errors["text"]


def test_two_year_columns_preview_the_column_of_the_chosen_year_and_say_which(client_as, khambong):
    client = client_as("editor")
    response = client.post(_url("paste"), {"text": TWO_YEARS, "fiscal_year": "2568"})
    assert response.status_code == 302
    preview = client.get(_url("upload_confirm"))
    shown = preview.context["preview"]
    assert shown.fiscal_year == 2568
    text = _text(preview)
    assert "2 score columns" in text and "“ปี 2568” were read, for fiscal year 2568" in text
    assert f"{SEED_INDICATORS['1']:.2f}" in text and f"{LAST_YEAR['1']:.2f}" not in text


def test_two_year_columns_for_another_year_are_refused_naming_the_columns(client_as, khambong):
    client = client_as("editor")
    before = ResultVersion.objects.count()
    response = client.post(_url("paste"), {"text": TWO_YEARS, "fiscal_year": "2566"})
    assert response.status_code == 422
    text = _text(response)
    assert re.search(r"line 1 ปี 2567 \| ปี 2568 [^|]*2 score columns", text), text[:2000]
    assert "choose the fiscal year of the column to read" in text
    assert pending.SESSION_KEY not in client.session
    assert ResultVersion.objects.count() == before
