"""Logging in with the keyboard only, and switching the UI between Thai and English.

Issue 6: pages are accessible (labels, keyboard) and Thai is the default UI language with
English available (Django i18n, the .po files in src/openita/web/locale).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page
from tests.browser.conftest import PASSWORD, Screenshot

pytestmark = pytest.mark.browser

#: Enough Tab presses to pass the skip link, the brand, the language form and reach the form.
MAX_TABS = 20


def _tab_to(page: Page, selector: str) -> None:
    """Press Tab until ``selector`` has the focus (fails if the keyboard cannot reach it)."""
    target = page.locator(selector)
    for _ in range(MAX_TABS):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} cannot be reached with Tab")


def test_the_login_form_is_filled_and_sent_with_tab_and_enter(
    page: Page, editor: User, screenshot: Screenshot
) -> None:
    page.goto("/accounts/login/")
    page.locator("body").focus()
    _tab_to(page, "#id_username")
    page.keyboard.type(editor.get_username())
    page.keyboard.press("Tab")
    assert page.locator("#id_password").evaluate("e => e === document.activeElement")
    page.keyboard.type(PASSWORD)
    screenshot(page, "login")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # An editor of one agency lands on its dashboard.
    assert page.url.endswith("/a/khambong/")


def test_a_wrong_password_is_refused_with_a_message_a_screen_reader_announces(
    page: Page, editor: User
) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(editor.get_username())
    page.get_by_label("รหัสผ่าน").fill("not-the-password")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "/accounts/login/" in page.url


def _switch_language(page: Page, code: str) -> None:
    page.locator("#language").select_option(code)
    with page.expect_navigation():
        page.locator("form.lang button[type=submit]").click()


def test_the_language_switch_changes_the_interface_between_thai_and_english(
    page: Page, screenshot: Screenshot
) -> None:
    page.goto("/accounts/login/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "เข้าสู่ระบบ"
    assert page.locator("html").get_attribute("lang") == "th"

    _switch_language(page, "en")
    assert heading.inner_text() == "Log in"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_label("User name").is_visible()
    screenshot(page, "login-en")

    # The choice is kept for the next page, and switching back gives Thai again.
    page.goto("/accounts/login/")
    assert heading.inner_text() == "Log in"
    _switch_language(page, "th")
    assert heading.inner_text() == "เข้าสู่ระบบ"
    assert page.get_by_label("ชื่อผู้ใช้").is_visible()


def test_pages_load_the_site_stylesheet_and_htmx(page: Page) -> None:
    page.goto("/accounts/login/")
    font = page.locator("body").evaluate("e => getComputedStyle(e).fontFamily")
    assert "Sarabun" in font, "site.css was not applied"
    assert page.evaluate("typeof window.htmx") == "object", "htmx was not loaded"
