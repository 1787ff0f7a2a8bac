"""An agency admin renames a unit and reads it in the change log as a sentence, filters the
log and reads it again in English (issue 14: the human change log, found from the navigation)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page
from tests.browser.conftest import PASSWORD, LogIn, Screenshot

from openita.thaidate import thai_date
from openita.web.agencies.models import Agency, Membership, Role, Unit

pytestmark = pytest.mark.browser


def test_an_admin_renames_a_unit_and_reads_it_in_the_change_log_in_thai_and_english(
    page: Page, stored_results: Agency, log_in: LogIn, screenshot: Screenshot
) -> None:
    admin = User.objects.create_user(
        "somchai", password=PASSWORD, first_name="สมชาย", last_name="ใจดี"
    )
    Membership.objects.create(user=admin, agency=stored_results, role=Role.ADMIN)
    unit = Unit.objects.create(agency=stored_results, name="กองช่าง")
    log_in(page, admin)
    page.goto(f"/a/{stored_results.code}/")
    page.get_by_role("link", name="หน่วยงานภายใน").first.click()
    page.locator(f"#unit-{unit.pk}").fill("กองช่างโยธา")
    with page.expect_navigation():
        page.get_by_role("button", name="เปลี่ยนชื่อ กองช่าง").click()

    page.get_by_role("navigation", name="หน้าของ").get_by_role(
        "link", name="ประวัติการเปลี่ยนแปลงข้อมูล"
    ).click()
    log = page.locator("ol.change-log")
    first = log.locator("> li").first.inner_text()
    assert "สมชาย ใจดี แก้ไขหน่วยงานภายใน 'กองช่างโยธา'" in first
    assert "ชื่อ กองช่าง → กองช่างโยธา" in first
    today = timezone.localdate()
    assert thai_date(today, abbreviated=True) in first  # "3 ธ.ค. 2569": the Buddhist era
    screenshot(page, "change-log")

    page.get_by_label("ประเภทข้อมูล").select_option(label="หน่วยงานภายใน")
    with page.expect_navigation():
        page.get_by_role("button", name="แสดง").click()
    entries = log.locator("> li").all_inner_texts()
    assert len(entries) == 2 and all("หน่วยงานภายใน" in entry for entry in entries)
    assert "kind=agencies.unit" in page.url
    screenshot(page, "change-log-units")

    page.locator("#language").select_option("en")
    with page.expect_navigation():
        page.locator("form.lang button[type=submit]").click()
    english = log.locator("> li").first.inner_text()
    assert "สมชาย ใจดี changed unit 'กองช่างโยธา'" in english
    assert "name กองช่าง → กองช่างโยธา" in english
    screenshot(page, "change-log-english")
