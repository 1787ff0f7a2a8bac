"""The criteria block of the OIT checklist on a phone (390 px): the framework's criteria, an
administrator's criteria and the "not known" notice fit without sideways scrolling and pass
axe-core (issue 13)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page, expect
from tests.browser.conftest import Axe, LogIn, Screenshot
from tests.browser.test_phone_layout import PHONE, _assert_no_sideways_scroll

from openita.web.agencies.models import Agency
from openita.web.oit.models import ItemGuidance

pytestmark = pytest.mark.browser


def test_the_criteria_fit_a_phone_and_pass_axe(
    page: Page,
    editor: User,
    stored_results: Agency,
    log_in: LogIn,
    axe: Axe,
    screenshot: Screenshot,
) -> None:
    ItemGuidance.objects.create(
        fiscal_year=2568,
        kind="local_government",
        item_id="O1",
        criteria="แผนผังโครงสร้างหน่วยงานที่แสดงตำแหน่งผู้บริหารและหน่วยงานภายในทุกระดับ\n"
        "หน้าที่และอำนาจตามกฎหมายที่จัดตั้งหน่วยงาน",
        criteria_source="คู่มือการประเมิน ITA ปีงบประมาณ พ.ศ. 2568",
    )
    page.set_viewport_size(PHONE)
    log_in(page, editor)
    page.goto(reverse("oit:checklist", kwargs={"code": stored_results.code, "year": 2568}))
    o1, o3, o7 = (page.locator(f"article#{item} .oit-criteria") for item in ("O1", "O3", "O7"))
    expect(o1.get_by_text("หน้าที่และอำนาจตามกฎหมายที่จัดตั้งหน่วยงาน")).to_be_visible()
    expect(o1.get_by_text("ผู้ดูแลระบบเพิ่มไว้")).to_be_visible()
    expect(o3.get_by_text("ยังไม่มีรายละเอียดเกณฑ์จากสำนักงาน ป.ป.ช. ในระบบ")).to_be_visible()
    expect(o7.get_by_text("สรุปผลการปฏิบัติงานและการใช้จ่ายงบประมาณ", exact=False)).to_be_visible()
    _assert_no_sideways_scroll(page, "checklist with criteria")
    o1.scroll_into_view_if_needed()
    screenshot(page, "criteria-390")
    assert axe(page) == []
