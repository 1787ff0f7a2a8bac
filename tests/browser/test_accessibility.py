"""axe-core finds no violation on any page of the app (issue 14, point 9).

Every page a person can reach — logged out, as an agency admin, as a coordinator, and the
error pages — is opened in Chromium as that person reaches it, and axe-core (WCAG 2.1 A/AA and
best practices, :data:`tests.browser.conftest.AXE_TAGS`) runs on it as rendered. A page that
changes with htmx is checked after the change too (an opened measure form).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page
from tests.browser.conftest import EXAMPLES, PASSWORD, Axe, LogIn, Screenshot
from tests.browser.test_results_flow import _upload

from openita.web.agencies.models import Agency, Membership, Role, Unit
from openita.web.audit.recorder import acting_as
from openita.web.oit.models import EvidenceLink, ItemState

pytestmark = pytest.mark.browser


def _check(page: Page, axe: Axe, screenshot: Screenshot, found: dict[str, list[str]], name: str):
    screenshot(page, name)
    violations = axe(page)
    if violations:
        found[f"{name} ({page.url})"] = violations


@pytest.fixture
def agency_admin(stored_results: Agency) -> User:
    from openita.web.plans.services import create_draft

    user = User.objects.create_user(
        "somchai", password=PASSWORD, first_name="สมชาย", last_name="ใจดี"
    )
    Membership.objects.create(user=user, agency=stored_results, role=Role.ADMIN)
    with acting_as(user):
        create_draft(stored_results, 2568)
        Unit.objects.create(agency=stored_results, name="กองคลัง", position=1)
        Unit.objects.create(agency=stored_results, name="กองช่าง", position=2)
        clerk = User.objects.create_user("somsri", first_name="สมศรี")
        Membership.objects.create(user=clerk, agency=stored_results, role=Role.EDITOR)
        EvidenceLink.objects.create(
            agency=stored_results, fiscal_year=2568, item_id="O1", url="https://example.go.th/o1"
        )
        ItemState.objects.create(
            agency=stored_results, fiscal_year=2568, item_id="O1", ready=True, public=True
        )
    return user


def test_the_pages_of_an_agency_admin_have_no_axe_violations(
    page: Page,
    agency_admin: User,
    stored_results: Agency,
    log_in: LogIn,
    axe: Axe,
    screenshot: Screenshot,
    settings: Any,
) -> None:
    settings.ROOT_URLCONF = "tests.browser.urls_failing"
    code = stored_results.code
    found: dict[str, list[str]] = {}
    log_in(page, agency_admin)
    pages = {
        "dashboard": reverse("assessments:dashboard", kwargs={"code": code}),
        "dashboard-2567": reverse("assessments:dashboard", kwargs={"code": code}) + "?year=2567",
        "whatif": reverse("assessments:whatif", kwargs={"code": code, "year": 2568}),
        "upload": reverse("assessments:upload", kwargs={"code": code}),
        "enter": reverse("assessments:enter", kwargs={"code": code}),
        "plan": reverse("plans:detail", kwargs={"code": code}),
        "units": reverse("agencies:units", kwargs={"code": code}),
        "members": reverse("agencies:members", kwargs={"code": code}),
        "change-log": reverse("audit:agency_log", kwargs={"code": code}),
        "agencies": reverse("agencies:list"),
        "tokens": reverse("api:tokens"),
        "format-guide": reverse("format_guide"),
        "password-change": reverse("password_change"),
        "not-found": "/a/no-such-agency/",
        "server-error": "/failing/",
        "versions": reverse("assessments:versions", kwargs={"code": code, "year": 2568}),
        "oit-checklist": reverse("oit:checklist", kwargs={"code": code, "year": 2568}),
        "oit-public": reverse("oit_public:page", kwargs={"code": code, "year": 2568}),
        "oit-embed": reverse("oit_public:embed", kwargs={"code": code, "year": 2568}),
    }
    for name, url in pages.items():
        page.goto(url)
        _check(page, axe, screenshot, found, name)
    # The upload preview (the "results" of a file before it is kept).
    _upload(page, code, EXAMPLES / "khambong-2568.json")
    _check(page, axe, screenshot, found, "upload-preview")
    # A measure's edit form, opened in place with htmx.
    page.goto(pages["plan"])
    edit = page.locator("a[href*='/edit/'], button:has-text('แก้ไข')").first
    if edit.count():
        edit.click()
        page.wait_for_load_state("networkidle")
        _check(page, axe, screenshot, found, "plan-measure-form")
    # A measure's tracking part (steps, evidence, comments, forms), fetched when opened, and
    # the measure's own page (the same part without JavaScript).
    page.goto(pages["plan"])
    page.locator("details.tracking > summary").first.click()
    page.locator("li.measure form.progress-form").first.wait_for()
    _check(page, axe, screenshot, found, "plan-tracking-open")
    tracking_page = page.locator("li.measure .tracking-part.loading a").first.get_attribute("href")
    assert tracking_page is not None
    page.goto(tracking_page)
    _check(page, axe, screenshot, found, "measure-page")
    # A token just made (its one-time display).
    page.goto(pages["tokens"])
    page.locator("form input[name=name]").fill("สคริปต์รายงาน")
    with page.expect_navigation():
        page.locator("form:has(input[name=name]) button[type=submit]").click()
    _check(page, axe, screenshot, found, "token-made")
    assert found == {}, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in found.items())


def test_a_coordinators_pages_and_the_403_page_have_no_axe_violations(
    page: Page,
    coordinator: User,
    stored_results: Agency,
    log_in: LogIn,
    axe: Axe,
    screenshot: Screenshot,
) -> None:
    found: dict[str, list[str]] = {}
    log_in(page, coordinator)
    for name, url in {
        "coordination": reverse("coordination:table"),
        "coordination-filtered": reverse("coordination:table") + "?level=ผ่านดี",
        "dashboard-read-only": reverse(
            "assessments:dashboard", kwargs={"code": stored_results.code}
        ),
        "forbidden": reverse("agencies:members", kwargs={"code": stored_results.code}),
    }.items():
        page.goto(url)
        _check(page, axe, screenshot, found, name)
    assert found == {}, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in found.items())


def test_the_pages_before_login_have_no_axe_violations(
    page: Page, editor: User, axe: Axe, screenshot: Screenshot, settings: Any
) -> None:
    editor.email = "editor@khambong.go.th"
    editor.save()
    found: dict[str, list[str]] = {}
    for name, url in {
        "login": reverse("login"),
        "reset-form": reverse("password_reset"),
        "not-found-anonymous": "/no/such/page/",
    }.items():
        page.goto(url)
        _check(page, axe, screenshot, found, name)
    # A login refused: the form with its error.
    page.goto(reverse("login"))
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("wrong")
    with page.expect_navigation():
        page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    _check(page, axe, screenshot, found, "login-refused")
    # The reset: the form with an error, the request, the link, the new password.
    page.goto(reverse("password_reset"))
    page.locator("#id_email").fill("not an address")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    _check(page, axe, screenshot, found, "reset-form-error")
    page.locator("#id_email").fill(editor.email)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    _check(page, axe, screenshot, found, "reset-done")
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    page.goto(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    _check(page, axe, screenshot, found, "reset-confirm")
    page.locator("#id_new_password1").fill("a-brand-new-passphrase-77")
    page.locator("#id_new_password2").fill("a-brand-new-passphrase-78")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    _check(page, axe, screenshot, found, "reset-confirm-mismatch")
    page.locator("#id_new_password1").fill("a-brand-new-passphrase-77")
    page.locator("#id_new_password2").fill("a-brand-new-passphrase-77")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    _check(page, axe, screenshot, found, "reset-complete")
    page.goto(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    _check(page, axe, screenshot, found, "reset-link-used")
    # A form sent from an expired page: the CSRF failure page.
    page.goto(reverse("login"))
    page.context.clear_cookies()
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("x")
    with page.expect_navigation():
        page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    assert "แบบฟอร์มหมดอายุ" in page.locator("main").inner_text()
    _check(page, axe, screenshot, found, "csrf-failure")
    # Too many wrong passwords: the locked-out page.
    settings.AXES_FAILURE_LIMIT = 1
    page.goto(reverse("login"))
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("wrong")
    with page.expect_navigation():
        page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    assert "ลองใหม่" in page.locator("main").inner_text()
    _check(page, axe, screenshot, found, "locked-out")
    assert found == {}, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in found.items())
