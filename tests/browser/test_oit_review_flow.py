"""The OIT review flow end to end (issue 13): the agency attaches a link and marks the item
ready → the assessor reviews with the keyboard → the agency contests one item in the
clarification window → the assessor accepts → the final OIT score on the dashboard. The new
pages have no axe-core violations and do not scroll sideways on a 390 px phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.conftest import PASSWORD, Axe, LogIn, Screenshot
from tests.browser.test_phone_layout import PHONE, _assert_no_sideways_scroll

from openita.web.agencies.models import Agency, AssessorAssignment
from openita.web.oit import review
from openita.web.oit.models import ClarificationWindow, Contest, EvidenceLink, ItemState

pytestmark = pytest.mark.browser
YEAR = 2568


@pytest.fixture
def assessor(stored_results: Agency) -> User:
    user = User.objects.create_user("assessor", password=PASSWORD)
    AssessorAssignment.objects.create(user=user, agency=stored_results, fiscal_year=YEAR)
    return user


def _log_out(page: Page) -> None:
    page.context.clear_cookies()


def test_review_contest_and_final_score(
    page: Page,
    editor: User,
    assessor: User,
    stored_results: Agency,
    log_in: LogIn,
    axe: Axe,
    screenshot: Screenshot,
) -> None:
    code = stored_results.code
    checklist = reverse("oit:checklist", kwargs={"code": code, "year": YEAR})
    batch = reverse("oit:review", kwargs={"code": code, "year": YEAR})

    # the agency attaches a link to O1 and marks it ready
    log_in(page, editor)
    page.goto(checklist)
    o1 = page.locator("article#O1")
    o1.locator("details.item-edit > summary").click()
    o1.locator("input[name=url]").fill("https://khambong.go.th/ita/o1.pdf")
    with page.expect_navigation():
        o1.locator("form.add-link button[type=submit]").click()
    o1 = page.locator("article#O1")
    o1.locator("details.item-edit > summary").click()
    o1.locator("form.state input[name=ready]").check()
    with page.expect_navigation():
        o1.locator("form.state button[type=submit]").click()
    assert EvidenceLink.objects.filter(item_id="O1").exists()
    assert ItemState.objects.get(item_id="O1").ready
    _log_out(page)

    # the assessor reviews with the keyboard: O1 pass, O2 fail with a comment, O3 partial
    log_in(page, assessor)
    page.goto(reverse("oit_review:mine"))
    expect(page.get_by_role("link", name=stored_results.name)).to_be_visible()
    assert axe(page) == []
    page.get_by_role("link", name=stored_results.name).click()
    expect(page.locator("#r-O1")).to_have_class(
        "oit-item review-item current"
    )  # the first item is selected
    expect(page.locator("#r-O1")).to_contain_text("khambong.go.th/ita/o1.pdf")
    page.keyboard.press("?")
    expect(page.locator("#keys-help")).to_be_visible()
    page.keyboard.press("?")
    with page.expect_navigation():
        page.keyboard.press("p")
        page.keyboard.press("Enter")
    expect(page.locator("#r-O2.current")).to_be_visible()  # moved on to the next item
    page.keyboard.press("f")
    page.keyboard.type("ไม่พบข้อมูลผู้บริหารครบทุกตำแหน่ง")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#r-O3.current")).to_be_visible()
    page.keyboard.press("a")
    page.keyboard.type("50")
    page.keyboard.press("c")  # the score box is left with Esc first
    page.keyboard.press("Escape")
    page.keyboard.press("c")
    page.keyboard.type("ขาดช่องทางติดต่อทางอีเมล")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    current = review.current_reviews(stored_results, YEAR)
    assert {k: (v.verdict, float(v.score)) for k, v in current.items()} == {
        "O1": ("pass", 100.0),
        "O2": ("fail", 0.0),
        "O3": ("partial", 50.0),
    }
    expect(page.locator("#reviewed-title")).to_contain_text("ผลการตรวจของผู้ประเมิน")
    assert axe(page) == []
    screenshot(page, "batch-review")
    page.set_viewport_size(PHONE)
    _assert_no_sideways_scroll(page, "batch review")
    screenshot(page, "batch-review-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    # a fail without its comment is refused at the comment box
    o4 = page.locator("#r-O4")
    o4.locator("input[name=verdict][value=fail]").check()
    with page.expect_navigation():
        o4.locator("form.review-form button[type=submit]").click()
    expect(page.locator("#r-O4-comment-errors")).to_be_visible()
    expect(page.locator("#r-O4-comment")).to_have_attribute(
        "aria-describedby", "r-O4-comment-errors"
    )
    assert axe(page) == []
    screenshot(page, "review-refused-at-the-field")
    _log_out(page)

    # the window opens: the agency contests O2 with a new link
    today = timezone.localdate()
    window = ClarificationWindow.objects.create(
        fiscal_year=YEAR, opens=today - timedelta(days=1), closes=today + timedelta(days=1)
    )
    log_in(page, editor)
    page.goto(checklist)
    o2 = page.locator("article#O2")
    expect(o2).to_contain_text("ไม่ผ่าน")
    o2.locator("details.contest > summary").click()
    o2.locator("textarea[name=explanation]").fill("เผยแพร่ข้อมูลผู้บริหารครบแล้ว")
    o2.locator("textarea[name=links]").fill("https://khambong.go.th/ita/o2.html")
    with page.expect_navigation():
        o2.locator("form.contest-form button[type=submit]").click()
    assert Contest.objects.get().decision == "pending"
    assert axe(page) == []
    page.set_viewport_size(PHONE)
    _assert_no_sideways_scroll(page, "checklist with reviews")
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_out(page)

    # the assessor accepts with a pass
    log_in(page, assessor)
    page.goto(batch + "#r-O2")
    o2 = page.locator("#r-O2")
    expect(o2).to_contain_text("เผยแพร่ข้อมูลผู้บริหารครบแล้ว")
    o2.locator("input[name=decision][value=accept]").check()
    o2.locator("select[name=verdict]").select_option("pass")
    o2.locator("textarea[name=answer]").fill("พบข้อมูลครบแล้ว")
    with page.expect_navigation():
        o2.locator("form.decide-form button[type=submit]").click()
    assert Contest.objects.get().decision == "accepted"
    assert review.current_reviews(stored_results, YEAR)["O2"].verdict == "pass"
    assert axe(page) == []
    _log_out(page)

    # the window closes: the dashboard shows the final scores
    window.opens, window.closes = today - timedelta(days=10), today - timedelta(days=1)
    window.save()
    scores = review.summary(stored_results, YEAR)
    assert scores is not None and scores.final
    log_in(page, editor)
    page.goto(reverse("assessments:dashboard", kwargs={"code": code}))
    card = page.locator("section.review-summary")
    expect(card).to_contain_text("ผลสุดท้าย")
    expect(card).to_contain_text(f"{scores.projection.oit:.2f}")
    screenshot(page, "dashboard-final")
    assert axe(page) == []


def test_a_refused_review_opens_on_the_refused_field_not_on_o1(
    page: Page, assessor: User, stored_results: Agency, log_in: LogIn, axe: Axe
) -> None:
    """The batch page's script selects an item on load; after a refused save it must be the
    refused one, with the field the server marked ``aria-invalid`` focused, so the assessor
    types the missing comment (or score) straight away."""
    batch = reverse("oit:review", kwargs={"code": stored_results.code, "year": YEAR})
    log_in(page, assessor)
    page.goto(batch)
    expect(page.locator("#r-O1.current")).to_be_visible()
    # a fail without its comment (the comment box is marked)
    o4 = page.locator("#r-O4")
    o4.locator("input[name=verdict][value=fail]").check()
    with page.expect_navigation():
        o4.locator("form.review-form button[type=submit]").click()
    expect(page.locator("#r-O4-comment")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#r-O4-comment")).to_be_focused()
    expect(page.locator("#r-O4.current")).to_be_visible()
    expect(page.locator("#r-O1")).not_to_have_class("oit-item review-item current")
    expect(o4.locator("input[name=verdict][value=fail]")).to_be_checked()  # kept as chosen
    page.keyboard.type("ไม่พบรายงานของปีที่ประเมิน")  # typed into the refused comment
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert review.current_reviews(stored_results, YEAR)["O4"].verdict == "fail"
    # a partial without its score, further down: the score box is marked and focused
    o9 = page.locator("#r-O9")
    o9.locator("input[name=verdict][value=partial]").check()
    o9.locator("textarea[name=comment]").fill("ขาดรายงานไตรมาสที่ 4")
    with page.expect_navigation():
        o9.locator("form.review-form button[type=submit]").click()
    expect(page.locator("#r-O9-score")).to_be_focused()
    expect(page.locator("#r-O9.current")).to_be_visible()
    page.keyboard.type("40")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    saved = review.current_reviews(stored_results, YEAR)["O9"]
    assert (saved.verdict, float(saved.score), saved.comment) == (
        "partial",
        40.0,
        "ขาดรายงานไตรมาสที่ 4",
    )
    assert axe(page) == []
