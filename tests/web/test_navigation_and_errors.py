"""Every page findable from the navigation; error pages in the UI language with that navigation;
the upload page's format guide and result templates (issue 14, point 6)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from openita.frameworks import available_years, load_framework
from openita.ingest import LoadedResult, usable_result
from openita.web import errors
from openita.web import urls as site_urls

from .test_dashboard import _text


def _links(response: Any) -> set[str]:
    import re

    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


def _agency_urls(code: str = "khambong") -> dict[str, str]:
    return {
        "units": reverse("agencies:units", kwargs={"code": code}),
        "members": reverse("agencies:members", kwargs={"code": code}),
        "log": reverse("audit:agency_log", kwargs={"code": code}),
        "upload": reverse("assessments:upload", kwargs={"code": code}),
        "plan": reverse("plans:detail", kwargs={"code": code}),
    }


def test_an_agency_admin_finds_units_members_change_log_tokens_and_the_guide(client_as) -> None:
    response = client_as("agency_admin").get(
        reverse("assessments:dashboard", kwargs={"code": "khambong"})
    )
    links = _links(response)
    assert set(_agency_urls().values()) <= links
    assert {reverse("api:tokens"), reverse("format_guide")} <= links


def test_an_editor_is_linked_only_to_the_pages_their_role_opens(client_as) -> None:
    links = _links(client_as("editor").get(_agency_urls()["upload"]))
    urls = _agency_urls()
    assert {urls["upload"], urls["plan"]} <= links
    assert not {urls["units"], urls["members"], urls["log"]} & links


def test_the_format_guide_is_a_thai_page_with_the_navigation(client_as) -> None:
    response = client_as("editor").get(reverse("format_guide"))
    assert response.status_code == 200
    text = _text(response)
    assert "คู่มือรูปแบบไฟล์" in text and "ตัวชี้วัดที่ 1" in text
    assert reverse("api:tokens") in _links(response)


@pytest.mark.parametrize(
    ("role", "url", "status", "heading"),
    [
        ("editor", "/a/no-such-agency/", 404, "ไม่พบหน้านี้"),
        ("anonymous", "/no/such/page/", 404, "ไม่พบหน้านี้"),
        ("editor", "/a/khambong/members/", 403, "ไม่มีสิทธิ์"),
    ],
)
def test_403_and_404_are_thai_pages_with_the_navigation(client_as, role, url, status, heading):
    response = client_as(role).get(url)
    assert response.status_code == status
    text = _text(response)
    assert heading in text
    assert "OpenITA" in text and reverse("home") in _links(response)
    if role != "anonymous":
        assert reverse("api:tokens") in _links(response)


def test_403_and_404_follow_the_english_ui(client_as, settings) -> None:
    settings.LANGUAGE_CODE = "en"
    assert "Page not found" in _text(client_as("editor").get("/a/no-such-agency/"))
    assert "Not allowed" in _text(client_as("editor").get("/a/khambong/members/"))


def test_a_form_refused_by_the_csrf_check_says_why_in_thai_with_the_navigation(users) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "editor", "password": "x"})
    assert response.status_code == 403
    text = _text(response)
    assert "แบบฟอร์มหมดอายุ" in text and "ไม่มีการบันทึกข้อมูลใด" in text
    assert reverse("home") in _links(response)


def test_the_500_page_is_thai_with_the_navigation(users) -> None:
    assert site_urls.handler500 == "openita.web.errors.server_error"
    request = RequestFactory().get("/")
    request.user = users["editor"]
    response = errors.server_error(request)
    assert response.status_code == 500
    text = _text(response)
    assert "เกิดข้อผิดพลาด" in text and reverse("api:tokens") in _links(response)


def test_the_500_page_falls_back_to_djangos_when_the_full_page_fails(monkeypatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("template broken")

    monkeypatch.setattr(errors, "render", broken)
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500


# --- the upload page's guide link and templates ------------------------------------------


def test_the_upload_page_links_the_guide_and_both_templates(client_as) -> None:
    links = _links(client_as("editor").get(_agency_urls()["upload"]))
    assert reverse("format_guide") in links
    for fmt in ("xlsx", "csv"):
        assert reverse("assessments:template", kwargs={"code": "khambong", "fmt": fmt}) in links


def _template(client: Client, fmt: str, **query: Any) -> Any:
    url = reverse("assessments:template", kwargs={"code": "khambong", "fmt": fmt})
    return client.get(url, query)


def test_the_csv_template_has_thai_headers_the_agency_and_the_years_ids(client_as) -> None:
    year = available_years()[-1]
    response = _template(client_as("editor"), "csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="result-{year}-khambong.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["รายการ", "คะแนน"]
    assert rows[1][:2] == ["ปีงบประมาณ", str(year)]
    assert rows[2][:2] == ["ชื่อหน่วยงาน", "เทศบาลตำบลคำบง"]
    items = {row[0] for row in rows}
    framework = load_framework(year)
    assert {f"ตัวชี้วัดที่ {i}" for i in framework.indicators} <= items
    assert {f"ข้อ {q}" for q in [*framework.questions, *framework.oit_items]} <= items


def test_the_xlsx_template_of_an_asked_year_filled_in_uploads_back(client_as) -> None:
    editor = client_as("editor")
    response = _template(editor, "xlsx", year=2567)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["รายการ", "คะแนน"]
    for item, value, *_rest in sheet.iter_rows(min_row=2):
        if value.value is None:
            value.value = "ผ่านดีเยี่ยม" if item.value == "ระดับ" else 100
    out = io.BytesIO()
    book.save(out)
    checked = usable_result(out.getvalue(), "template.xlsx")
    assert isinstance(checked, LoadedResult) and checked.result.fiscal_year == 2567
    upload = editor.post(
        _agency_urls()["upload"],
        {"file": _uploaded("result-2567-khambong.xlsx", out.getvalue())},
    )
    assert upload.status_code == 302  # to the preview: no problem, nothing to fix


def _uploaded(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("role", ["viewer", "anonymous"])
def test_only_editors_download_the_template(client_as, role) -> None:
    response = _template(client_as(role), "csv")
    assert response.status_code in (302, 403)


def test_an_unknown_template_format_is_404(client_as) -> None:
    assert _template(client_as("editor"), "pdf").status_code == 404


def test_the_locked_out_page_has_the_navigation_and_a_way_back(users, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(2):
        response = client.post(reverse("login"), {"username": "editor", "password": "wrong"})
    assert response.status_code == 429
    text = _text(response)
    assert "เข้าสู่ระบบไม่สำเร็จเกินจำนวนครั้งที่กำหนด" in text and "OpenITA" in text
    assert {reverse("home"), reverse("login")} <= _links(response)
    english = client.post(
        reverse("login"),
        {"username": "editor", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Too many failed logins" in _text(english)


def test_the_name_in_the_bar_leads_to_the_password_page(client_as) -> None:
    response = client_as("viewer").get(reverse("agencies:list"))
    assert reverse("password_change") in _links(response)
    assert "เปลี่ยนรหัสผ่าน" in _text(response)
