"""The OIT checklist with uploaded files, an OpenITA document and self-check history, on a
phone (390 px): nothing scrolls sideways with long addresses and file names, a file is
uploaded through the form, and the changed pages have no axe-core violations (issue 13)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.conftest import Axe, LogIn, Screenshot
from tests.browser.test_phone_layout import PHONE, _assert_no_sideways_scroll

from openita.web.agencies.models import Agency
from openita.web.oit.models import (
    CheckOutcome,
    CheckRun,
    DocumentEvidence,
    EvidenceFile,
    EvidenceLink,
    ItemState,
)
from openita.web.plans import services as plan_services

pytestmark = pytest.mark.browser

LONG_URL = (
    "https://www.khambong.go.th/images/ita/2568/"
    "%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%9C%E0%B8%A5"
    * 4
    + "/report-final-final-version-2568.pdf"
)
LONG_NAME = "รายงานผลการดำเนินงานประจำปีงบประมาณพ.ศ.2567ฉบับสมบูรณ์ที่ผ่านการอนุมัติจากผู้บริหารแล้ว"


@pytest.fixture
def evidence(stored_results: Agency) -> Agency:
    agency = stored_results
    plan_services.create_draft(agency, 2567)  # the plan of 2568: O28's progress report
    EvidenceLink.objects.create(agency=agency, fiscal_year=2568, item_id="O7", url=LONG_URL)
    EvidenceFile.objects.create(
        agency=agency,
        fiscal_year=2568,
        item_id="O7",
        title=LONG_NAME,
        file=ContentFile(b"%PDF-1.4\n", name="o7.pdf"),
    )
    ItemState.objects.create(agency=agency, fiscal_year=2568, item_id="O7", public=True)
    DocumentEvidence.objects.create(
        agency=agency, fiscal_year=2568, item_id="O27", kind="report", document_year=2567
    )
    ItemState.objects.create(agency=agency, fiscal_year=2568, item_id="O27", public=True)
    for days, verdict, years in ((30, "wrong_year", "2566"), (0, "ok", "")):
        run = CheckRun.objects.create(
            agency=agency,
            fiscal_year=2568,
            status=CheckRun.Status.DONE,
            finished_at=timezone.now() - timedelta(days=days),
        )
        code = "other_years" if years else "year_found"
        link = {
            "url": LONG_URL,
            "verdict": verdict,
            "reasons": [{"code": code, "params": {"year": 2567, "years": years}}],
        }
        CheckOutcome.objects.create(run=run, item_id="O7", verdict=verdict, links=[link])
    return agency


def test_the_checklist_fits_a_phone_takes_a_file_and_passes_axe(
    page: Page,
    editor: User,
    evidence: Agency,
    log_in: LogIn,
    axe: Axe,
    screenshot: Screenshot,
    tmp_path: Path,
) -> None:
    code = evidence.code
    checklist = reverse("oit:checklist", kwargs={"code": code, "year": 2568})
    page.set_viewport_size(PHONE)
    log_in(page, editor)
    page.goto(checklist)
    o7 = page.locator("article#O7")
    expect(o7.get_by_text("ตรวจล่าสุด")).to_be_visible()
    o7.locator("details.item-edit > summary").click()
    page.locator("article#O28 details.item-edit > summary").click()
    _assert_no_sideways_scroll(page, "checklist")
    o7.scroll_into_view_if_needed()
    screenshot(page, "checklist-390")
    assert axe(page) == []

    document = tmp_path / f"{LONG_NAME}.pdf"
    document.write_bytes(b"%PDF-1.4\n% uploaded from the browser\n")
    o7.locator("input[type=file]").set_input_files(str(document))
    with page.expect_navigation():
        o7.get_by_role("button", name="อัปโหลดไฟล์").click()
    assert EvidenceFile.objects.filter(item_id="O7").count() == 2
    _assert_no_sideways_scroll(page, "checklist after the upload")

    page.locator("article#O7").get_by_role("link", name="ประวัติการตรวจของ O7").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ประวัติการตรวจของ O7")
    _assert_no_sideways_scroll(page, "history")
    screenshot(page, "history-390")
    assert axe(page) == []

    page.goto(reverse("oit_public:page", kwargs={"code": code, "year": 2568}))
    expect(page.get_by_role("link", name=LONG_NAME).first).to_be_visible()
    _assert_no_sideways_scroll(page, "public page")
    screenshot(page, "public-390")
    assert axe(page) == []


def test_a_public_address_is_copied_with_one_click_and_the_pending_document_page_passes_axe(
    page: Page,
    editor: User,
    evidence: Agency,
    log_in: LogIn,
    axe: Axe,
    screenshot: Screenshot,
    live_server: Any,
) -> None:
    code = evidence.code
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.set_viewport_size(PHONE)
    log_in(page, editor)
    page.goto(reverse("oit:checklist", kwargs={"code": code, "year": 2568}))
    o27 = page.locator("article#O27")
    document = reverse("oit_public:document", kwargs={"code": code, "year": 2567, "kind": "report"})
    address = live_server.url + document
    expect(o27.get_by_role("link", name=address)).to_be_visible()
    copy = o27.get_by_role("button", name=f"คัดลอก ที่อยู่ {address}")
    expect(copy).to_be_visible()  # shown by oit.js
    copy.click()
    expect(o27.get_by_role("status")).to_have_text("คัดลอกแล้ว")
    assert page.evaluate("navigator.clipboard.readText()") == address
    _assert_no_sideways_scroll(page, "checklist with full addresses")
    o27.scroll_into_view_if_needed()
    screenshot(page, "copy-390")
    assert axe(page) == []

    # Nobody rendered the report yet: its public address says it is being prepared.
    response = page.goto(document)
    assert response is not None and response.status == 503
    expect(page.get_by_role("heading", level=1)).to_have_text("กำลังจัดทำเอกสาร")
    _assert_no_sideways_scroll(page, "document being prepared")
    screenshot(page, "document-pending-390")
    assert axe(page) == []
