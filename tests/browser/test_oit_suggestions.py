"""In Chromium: after a self-check with the search of the website, an item without link shows
"พบเอกสารที่อาจเกี่ยวข้อง" with the document found, and one click makes it the item's evidence."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from tests.browser.conftest import Axe, LogIn, Screenshot
from tests.oitcheck.site import serve

from openita.web.agencies.models import Agency
from openita.web.oit.models import CheckRun, EvidenceLink
from openita.web.oit.tasks import execute_run

pytestmark = pytest.mark.browser


def test_a_suggested_document_is_added_as_evidence_with_one_click(
    page: Page,
    editor: User,
    fresh_agency: Agency,
    log_in: LogIn,
    axe: Axe,
    screenshot: Screenshot,
    settings: Any,
) -> None:
    settings.OPENITA_OITCHECK_ALLOW_LOOPBACK = True
    with serve() as base:
        EvidenceLink.objects.create(
            agency=fresh_agency, fiscal_year=2569, item_id="O1", url=f"{base}/ita/o1.html"
        )
        run = CheckRun.objects.create(agency=fresh_agency, fiscal_year=2569, crawl=True)
        execute_run(run.pk)  # what the worker does after the button
    log_in(page, editor)
    page.goto("/a/khambong/oit/2569/#O13")
    o13 = page.locator("article#O13")
    expect(o13.get_by_text("พบเอกสารที่อาจเกี่ยวข้อง")).to_be_visible()
    document = f"{base}/site/docs/o13.pdf"
    expect(o13.locator(f'a[href="{document}"]')).to_be_visible()
    o13.scroll_into_view_if_needed()
    screenshot(page, "suggestions")
    assert axe(page) == []
    with page.expect_navigation():
        o13.get_by_role("button", name="เพิ่มเป็นหลักฐาน").first.click()
    assert EvidenceLink.objects.filter(item_id="O13", url=document).exists()
    o13 = page.locator("article#O13")
    expect(o13.get_by_text("พบเอกสารที่อาจเกี่ยวข้อง")).to_have_count(0)
    expect(o13.locator(f'a[href="{document}"]')).to_be_visible()
