"""A clerk types over a detailed result, keeps the detail, compares and restores (issue 14).

The seed agency's editor uploads the detailed 2568 file (questions and OIT items), then types
a corrected indicator 9 into the form: the page asks first, the clerk keeps the detail, the
dashboard names version 2, the versions page compares 1 with 2 (indicator 9: 82.50 → 95.00)
and version 1 is restored as version 3. A pasted table with mistakes shows its problems by
line. Screenshots of each step are saved as test artefacts.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page
from tests.browser.conftest import EXAMPLES, LogIn, Screenshot
from tests.browser.test_results_flow import _confirm, _upload

from openita.web.agencies.models import Agency
from openita.web.assessments import services
from openita.web.assessments.models import Result, ResultVersion

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_type_over_a_detailed_file_keep_the_detail_compare_and_restore(
    page: Page,
    editor: User,
    fresh_agency: Agency,
    log_in: LogIn,
    screenshot: Screenshot,
) -> None:
    code = fresh_agency.code
    log_in(page, editor)
    _upload(page, code, EXAMPLES / "khambong-2568.json")
    _confirm(page, code)

    page.goto(reverse("assessments:enter", kwargs={"code": code}) + "?year=2568")
    page.locator("#id_indicator_9").fill("95")
    _submit(page, "form[method=post] button.primary")
    choice = page.locator("#detail-choice")
    assert choice.is_visible()
    assert "27" in choice.inner_text()  # the OIT items it would drop
    assert page.locator("#id_indicator_9").input_value() == "95"  # the typed value stays
    screenshot(page, "asks-first")
    _submit(page, "button[name=detail][value=keep]")
    assert page.locator("#merge-note").is_visible()
    screenshot(page, "merge-preview")
    _confirm(page, code)

    version_line = page.locator("#shown-version")
    assert re.search(r"ฉบับที่ 2 .*editor", version_line.inner_text()), version_line.inner_text()
    assert re.search(r"25\d\d", version_line.inner_text())  # a Buddhist-era year
    stored = services.load_result(Result.objects.get(agency=fresh_agency, fiscal_year=2568))
    assert stored.indicators["9"] == 95.0 and stored.questions["O7"] == 0  # detail kept
    screenshot(page, "dashboard-version-2")

    with page.expect_navigation():
        version_line.locator("a").click()
    assert page.locator("#version-2").is_visible() and page.locator("#version-1").is_visible()
    screenshot(page, "versions")
    _submit(page, "form.versions-form button[type=submit]")
    main = page.locator("main").inner_text()
    assert re.search(r"ตัวชี้วัดที่ 9[^\n]*\s+82\.50\s+95\.00\s+\+12\.50", main), main[:1500]
    screenshot(page, "compare")

    restore = reverse(
        "assessments:version_restore", kwargs={"code": code, "year": 2568, "number": 1}
    )
    _submit(page, f"form[action='{restore}'] button")
    assert page.locator("#version-3").is_visible()
    assert "ฉบับปัจจุบัน" in page.locator("#version-3").inner_text()
    screenshot(page, "restored")
    latest = ResultVersion.objects.filter(agency=fresh_agency, fiscal_year=2568).order_by(
        "-number"
    )[0]
    assert (latest.number, latest.kind, latest.based_on) == (3, "restore", 1)
    assert services.load_result(Result.objects.get(agency=fresh_agency)).indicators["9"] == 82.5


def test_a_pasted_table_with_mistakes_shows_its_problems_by_line(
    page: Page,
    editor: User,
    fresh_agency: Agency,
    log_in: LogIn,
    screenshot: Screenshot,
) -> None:
    log_in(page, editor)
    page.goto(reverse("assessments:upload", kwargs={"code": fresh_agency.code}))
    text = "ตัวชี้วัด\tคะแนน\nตัวชี้วัดที่ 1\t98,70\nตัวชี้วัดที่ 2\t150\nตัวชี้วัดที่ 3\t9o.5\n"
    page.locator("#paste textarea").fill(text)
    _submit(page, "#paste button[type=submit]")
    problems = page.locator(".problems").inner_text()
    assert re.search(r"บรรทัด 3\s+ตัวชี้วัดที่ 2", problems), problems
    assert re.search(r"บรรทัด 4\s+ตัวชี้วัดที่ 3", problems), problems
    assert page.locator("#paste textarea").input_value().startswith("ตัวชี้วัด\tคะแนน")
    screenshot(page, "paste-problems")
