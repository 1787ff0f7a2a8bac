"""Issue 10.8: the app's own pages keep to its Content-Security-Policy in Chromium.

Every main page is loaded as the users who see it (an editor with a plan and a measure in
edit mode via htmx, a coordinator, a site administrator in /admin/ and /api/docs); the test
fails on any ``securitypolicyviolation`` event or a console "Refused to …" message.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page
from tests.browser.conftest import PASSWORD, LogIn

from openita.web.agencies.models import Agency, Membership, Role, Unit
from openita.web.plans import services as plan_services

pytestmark = pytest.mark.browser

#: Recorded by the page before any of its own scripts run.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _watch(page: Page) -> list[str]:
    refused: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused to" in message.text else None,
    )
    return refused


def _visit(page: Page, path: str, refused: list[str]) -> None:
    response = page.goto(path)
    assert response is not None, path
    assert response.status < 400, f"{path}: HTTP {response.status}"
    assert "content-security-policy" in response.headers, path
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{path}: {violations}"
    assert refused == [], f"{path}: {refused}"


def test_no_page_of_the_app_violates_its_content_security_policy(
    page: Page,
    coordinator: User,
    stored_results: Agency,
    log_in: LogIn,
    live_server: Any,
) -> None:
    agency = stored_results
    # An agency admin sees every agency page (units and members too).
    editor = User.objects.create_user("agency-admin", password=PASSWORD)
    Membership.objects.create(user=editor, agency=agency, role=Role.ADMIN)
    Unit.objects.create(agency=agency, name="กองคลัง")
    plan = plan_services.create_draft(agency, 2568)
    measure = plan.sections.first().measures.first()  # type: ignore[union-attr]
    refused = _watch(page)

    for path in ("/accounts/login/",):
        _visit(page, path, refused)
    log_in(page, editor)
    editor_pages = [
        "/",
        "/agencies/",
        f"/a/{agency.code}/",
        f"/a/{agency.code}/2568/whatif/",
        f"/a/{agency.code}/upload/",
        f"/a/{agency.code}/enter/",
        f"/a/{agency.code}/units/",
        f"/a/{agency.code}/members/",
        f"/a/{agency.code}/history/",
        f"/a/{agency.code}/plan/",
        f"/a/{agency.code}/plan/import/",
        "/account/tokens/",
        "/accounts/password/",
    ]
    for path in editor_pages:
        _visit(page, path, refused)
    # htmx swaps: the measure's edit form comes in and goes back; a what-if recalculation.
    _visit(page, f"/a/{agency.code}/plan/", refused)
    page.locator(f"#m{measure.pk} a[hx-get]").first.click()
    page.locator(f"#m{measure.pk} form").first.wait_for()
    # … and a measure's tracking part, fetched when it opens; the measure's own page.
    _visit(page, f"/a/{agency.code}/plan/", refused)
    page.locator(f"#m{measure.pk} details.tracking > summary").click()
    page.locator(f"#m{measure.pk} form.progress-form").wait_for()
    _visit(page, f"/a/{agency.code}/plan/measures/{measure.pk}/", refused)
    _visit(page, f"/a/{agency.code}/2568/whatif/", refused)
    number = page.locator(".whatif-inputs input[type=number]").first
    if number.count():
        with page.expect_response(lambda r: "/whatif/" in r.url):
            number.fill("100")
    assert page.evaluate("window.__cspViolations") == [] and refused == []
    # The dashboard's bars are drawn although inline styles are refused.
    _visit(page, f"/a/{agency.code}/", refused)
    width = page.locator(".track .bar[data-width]").first.evaluate("e => e.style.width")
    assert width.endswith("%") and width != "0%"

    page.context.clear_cookies()
    log_in(page, coordinator)
    _visit(page, "/coordination/", refused)
    page.locator("#coordination-table").wait_for()

    page.context.clear_cookies()
    admin = User.objects.create_superuser("root", password=PASSWORD)
    log_in(page, admin)
    for path in (
        "/admin/",
        "/admin/agencies/agency/",
        f"/admin/agencies/agency/{agency.pk}/change/",
        "/admin/assessments/framework/",
        "/admin/assessments/resultversion/",
        f"/admin/plans/measure/{measure.pk}/change/",
        "/admin/auth/user/add/",
        "/api/docs",
        "/admin/oit/clarificationwindow/add/",
        # the assessors' pages (a site administrator may review every agency)
        "/reviews/",
        f"/a/{agency.code}/oit/2568/review/",
    ):
        _visit(page, path, refused)
    # the review page's keyboard script runs under the policy: "?" shows the shortcuts
    page.keyboard.press("?")
    page.locator("#keys-help").wait_for()
    assert page.evaluate("window.__cspViolations") == [] and refused == []
