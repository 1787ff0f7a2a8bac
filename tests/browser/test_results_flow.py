"""An agency's working group uploads its ITAS results and reads its dashboard (issue 6).

The seed agency (เทศบาลตำบลคำบง) starts with no result; its editor uploads the 2567 and 2568
files through the upload page, checks the preview, confirms, and the dashboard shows the
published 2568 figures: 94.11, ผ่านดี (tests/conftest.py draws where they come from).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, get_args

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page
from tests.browser.conftest import EXAMPLES, LogIn, Screenshot

from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result

pytestmark = pytest.mark.browser

#: Roles of the controls a person operates; each needs a name a screen reader can say.
ControlRole = Literal[
    "button",
    "textbox",
    "searchbox",
    "combobox",
    "listbox",
    "checkbox",
    "radio",
    "spinbutton",
    "slider",
]
CONTROL_ROLES: tuple[ControlRole, ...] = get_args(ControlRole)


def _upload(page: Page, code: str, path: Path) -> None:
    page.goto(reverse("assessments:upload", kwargs={"code": code}))
    form = page.locator("form:has(input[type=file])")
    form.locator("input[type=file]").set_input_files(path)
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()


def _confirm(page: Page, code: str) -> None:
    confirm_url = reverse("assessments:upload_confirm", kwargs={"code": code})
    form = page.locator(f"form[action='{confirm_url}']")
    with page.expect_navigation():
        form.locator("button[type=submit]:not([name=cancel])").first.click()


def test_an_editor_uploads_two_years_confirms_the_preview_and_sees_94_11_pass_good(
    page: Page,
    editor: User,
    fresh_agency: Agency,
    log_in: LogIn,
    screenshot: Screenshot,
) -> None:
    log_in(page, editor)
    screenshot(page, "empty-dashboard")

    _upload(page, fresh_agency.code, EXAMPLES / "khambong-2567.json")
    assert "99.00" in page.locator("main").inner_text()
    assert not Result.objects.filter(agency=fresh_agency).exists(), "saved before the confirm"
    _confirm(page, fresh_agency.code)

    _upload(page, fresh_agency.code, EXAMPLES / "khambong-2568.json")
    preview = page.locator("main").inner_text()
    assert "2568" in preview
    assert "94.11" in preview
    screenshot(page, "preview")
    _confirm(page, fresh_agency.code)

    dashboard = reverse("assessments:dashboard", kwargs={"code": fresh_agency.code})
    assert page.url.split("?")[0].endswith(dashboard)
    assert "2568" in page.url or "year" not in page.url
    main = page.locator("main")
    assert re.search(r"94\.11\s*ผ่านดี(?!เยี่ยม)", main.inner_text()), main.inner_text()[:500]
    screenshot(page, "dashboard")
    assert sorted(
        Result.objects.filter(agency=fresh_agency).values_list("fiscal_year", flat=True)
    ) == [2567, 2568]


def _unnamed_controls(page: Page) -> dict[str, list[str]]:
    """Per role, the ARIA snapshots of the page's controls when some of them have no name."""
    unnamed: dict[str, list[str]] = {}
    for role in CONTROL_ROLES:
        controls = page.get_by_role(role)
        named = page.get_by_role(role, name=re.compile(r"\S"))
        if controls.count() != named.count():
            unnamed[role] = [control.aria_snapshot() for control in controls.all()]
    return unnamed


@pytest.mark.parametrize(
    "url_name",
    ["assessments:dashboard", "assessments:whatif", "assessments:upload", "plans:detail"],
)
def test_every_control_of_the_agency_pages_has_an_accessible_name(
    page: Page,
    editor: User,
    stored_results: Agency,
    log_in: LogIn,
    screenshot: Screenshot,
    url_name: str,
) -> None:
    from openita.web.plans.services import create_draft

    create_draft(stored_results, 2568)
    kwargs = {"code": stored_results.code}
    if url_name == "assessments:whatif":
        kwargs["year"] = "2568"
    log_in(page, editor)
    page.goto(reverse(url_name, kwargs=kwargs))
    assert page.get_by_role("button").count() > 0
    screenshot(page, "page")
    assert _unnamed_controls(page) == {}
