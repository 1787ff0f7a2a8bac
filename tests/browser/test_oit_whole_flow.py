"""The OIT workspace's whole flow in Chromium (issue 13, Deliver 5), against the loopback test
site (tests/oitcheck/site.py) for fiscal year 2569:

the editor links O1 and O7 (O7 to last year's report of the wrong year) → runs the self-check
from its button (the queued task run in-process by ``db_worker``) → O7 is flagged with its Thai
reason → the editor removes that link, adds the right year's report and runs the check again →
O7 passes → O1 and O7 are marked ready and public → the assigned assessor reviews with the
keyboard (p, f + comment, j, Enter) → in the clarification window the editor contests the
failed item → the assessor accepts it with a partial score → the window closes → the dashboard
shows the final OIT score the engine gives for those item scores → the public page on a 390 px
phone: no sideways scroll, the public items and their links, no axe-core violations.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.conftest import PASSWORD, Axe, LogIn, Screenshot
from tests.browser.test_phone_layout import PHONE, _assert_no_sideways_scroll
from tests.oitcheck.site import serve

from openita.analysis.oit_projection import project_item_scores
from openita.frameworks.loader import load_framework
from openita.web.agencies.models import Agency, AssessorAssignment
from openita.web.oit import review
from openita.web.oit.models import (
    CheckOutcome,
    CheckRun,
    ClarificationWindow,
    Contest,
    EvidenceLink,
    ItemState,
)

pytestmark = pytest.mark.browser
YEAR = 2569  # O1 covers 2569, O7 (last year's annual report) covers 2568
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def assessor(stored_results: Agency) -> User:
    user = User.objects.create_user("assessor", password=PASSWORD)
    AssessorAssignment.objects.create(user=user, agency=stored_results, fiscal_year=YEAR)
    return user


def _add_link(page: Page, item: str, url: str) -> None:
    article = page.locator(f"article#{item}")
    article.locator("details.item-edit > summary").click()
    article.locator("input[name=url]").fill(url)
    with page.expect_navigation():
        article.locator("form.add-link button[type=submit]").click()


def _mark_ready_and_public(page: Page, item: str) -> None:
    article = page.locator(f"article#{item}")
    article.locator("details.item-edit > summary").click()
    article.locator("form.state input[name=ready]").check()
    article.locator("form.state input[name=public]").check()
    with page.expect_navigation():
        article.locator("form.state button[type=submit]").click()


def _run_self_check(page: Page) -> CheckRun:
    """The button, then what the worker does: the queued task, run here by ``db_worker``."""
    runs = CheckRun.objects.count()
    with page.expect_navigation():
        page.get_by_role("button", name="ตรวจทุกลิงก์ตอนนี้").click()
    assert CheckRun.objects.count() == runs + 1, "the button started no run"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run = CheckRun.objects.latest("pk")
    assert run.status == CheckRun.Status.DONE
    page.reload()
    return run


def test_the_whole_oit_flow_from_evidence_to_the_public_page(
    page: Page,
    editor: User,
    assessor: User,
    stored_results: Agency,
    log_in: LogIn,
    axe: Axe,
    screenshot: Screenshot,
    settings: Any,
) -> None:
    agency = stored_results
    code = agency.code
    checklist = reverse("oit:checklist", kwargs={"code": code, "year": YEAR})
    settings.OPENITA_OITCHECK_ALLOW_LOOPBACK = True

    with serve() as base:
        o1_url, right, wrong = (
            f"{base}/ita/o1.html",
            f"{base}/ita/o7.pdf",
            f"{base}/ita/o7-wrong-year.pdf",
        )

        # 1. the editor attaches the links, one of them last year's report of the wrong year
        log_in(page, editor)
        page.goto(checklist)
        _add_link(page, "O1", o1_url)
        _add_link(page, "O7", wrong)
        assert set(EvidenceLink.objects.values_list("item_id", "url")) == {
            ("O1", o1_url),
            ("O7", wrong),
        }

        # 2. the self-check flags O7 with its reason, in Thai
        run = _run_self_check(page)
        assert CheckOutcome.objects.get(run=run, item_id="O7").verdict == "wrong_year"
        o7 = page.locator("article#O7")
        flagged = o7.locator("p.verdict")
        expect(flagged).to_have_class(re.compile(r"\bverdict-wrong_year\b"))
        expect(flagged).to_contain_text("ปีไม่ตรง")
        expect(flagged).to_contain_text("พบปี 2566 แต่ไม่พบปีงบประมาณ 2568")
        expect(page.locator("article#O1 p.verdict")).to_have_class(re.compile(r"\bverdict-ok\b"))
        o7.scroll_into_view_if_needed()
        screenshot(page, "1-o7-flagged")

        # 3. the editor removes the wrong document, adds the right one and checks again
        with page.expect_navigation():
            o7.get_by_role("button", name=wrong).click()
        assert not EvidenceLink.objects.filter(url=wrong).exists()
        _add_link(page, "O7", right)
        run = _run_self_check(page)
        assert CheckOutcome.objects.get(run=run, item_id="O7").verdict == "ok"
        passed = page.locator("article#O7 p.verdict")
        expect(passed).to_have_class(re.compile(r"\bverdict-ok\b"))
        expect(passed).to_contain_text("พบปีงบประมาณ 2568")
        expect(page.locator(f'article#O7 a[href="{right}"]')).to_be_visible()
        expect(page.locator(f'article#O7 a[href="{wrong}"]')).to_have_count(0)
        page.locator("article#O7").scroll_into_view_if_needed()
        screenshot(page, "2-o7-passes")

    # 4. ready and on the public page
    for item in ("O1", "O7"):
        _mark_ready_and_public(page, item)
    states = ItemState.objects.filter(agency=agency, fiscal_year=YEAR)
    assert {(s.item_id, s.ready, s.public) for s in states} == {
        ("O1", True, True),
        ("O7", True, True),
    }
    assert axe(page) == []
    page.context.clear_cookies()

    # 5. the assigned assessor reviews with the keyboard: O1 pass, O2 fail, O7 pass
    log_in(page, assessor)
    page.goto(reverse("oit_review:mine"))
    with page.expect_navigation():
        page.get_by_role("link", name=agency.name).click()
    expect(page.locator("#r-O1.current")).to_be_visible()
    expect(page.locator("#r-O1")).to_contain_text(o1_url)
    with page.expect_navigation():
        page.keyboard.press("p")
        page.keyboard.press("Enter")
    expect(page.locator("#r-O2.current")).to_be_visible()
    page.keyboard.press("f")
    page.keyboard.type("ไม่พบข้อมูลผู้บริหาร")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#r-O3.current")).to_be_visible()
    for _ in range(4):  # O3 → O7
        page.keyboard.press("j")
    expect(page.locator("#r-O7.current")).to_be_visible()
    expect(page.locator("#r-O7")).to_contain_text(right)
    with page.expect_navigation():
        page.keyboard.press("p")
        page.keyboard.press("Enter")
    expect(page.locator("#r-O8.current")).to_be_visible()
    current = review.current_reviews(agency, YEAR)
    assert {k: (v.verdict, float(v.score)) for k, v in current.items()} == {
        "O1": ("pass", 100.0),
        "O2": ("fail", 0.0),
        "O7": ("pass", 100.0),
    }
    assert current["O2"].comment == "ไม่พบข้อมูลผู้บริหาร"
    screenshot(page, "3-reviewed")
    assert axe(page) == []
    page.context.clear_cookies()

    # 6. the clarification window opens: the editor contests O2
    today = timezone.localdate()
    window = ClarificationWindow.objects.create(
        fiscal_year=YEAR, opens=today - timedelta(days=1), closes=today + timedelta(days=1)
    )
    log_in(page, editor)
    page.goto(checklist)
    o2 = page.locator("article#O2")
    expect(o2).to_contain_text("ไม่พบข้อมูลผู้บริหาร")  # the assessor's comment
    o2.locator("details.contest > summary").click()
    o2.locator("textarea[name=explanation]").fill("เผยแพร่ข้อมูลผู้บริหารบนหน้าเว็บไซต์แล้ว")
    with page.expect_navigation():
        o2.locator("form.contest-form button[type=submit]").click()
    contest = Contest.objects.get()
    assert (contest.item_id, contest.decision) == ("O2", "pending")
    page.locator("article#O2").scroll_into_view_if_needed()
    screenshot(page, "4-contested")
    assert axe(page) == []
    page.context.clear_cookies()

    # 7. the assessor accepts with a new, partial score
    log_in(page, assessor)
    page.goto(reverse("oit:review", kwargs={"code": code, "year": YEAR}) + "#r-O2")
    o2 = page.locator("#r-O2")
    expect(o2).to_contain_text("เผยแพร่ข้อมูลผู้บริหารบนหน้าเว็บไซต์แล้ว")
    o2.locator("input[name=decision][value=accept]").check()
    o2.locator("select[name=verdict]").select_option("partial")
    o2.locator("form.decide-form input[name=score]").fill("60")
    o2.locator("textarea[name=answer]").fill("พบข้อมูลบางส่วน ยังขาดประวัติผู้บริหาร")
    with page.expect_navigation():
        o2.locator("form.decide-form button[type=submit]").click()
    contest.refresh_from_db()
    assert contest.decision == "accepted"
    assert float(review.current_reviews(agency, YEAR)["O2"].score) == 60.0
    screenshot(page, "5-contest-accepted")
    page.context.clear_cookies()

    # 8. the window closes: the dashboard shows the final OIT score, as the engine gives it
    window.opens, window.closes = today - timedelta(days=10), today - timedelta(days=1)
    window.save()
    framework = load_framework(YEAR, agency.kind)
    expected = project_item_scores(
        framework, {"O1": 100.0, "O2": 60.0, "O7": 100.0}, review.stored_base(agency, YEAR)
    )
    assert 0 < expected.oit < 100
    log_in(page, editor)
    page.goto(reverse("assessments:dashboard", kwargs={"code": code}))
    card = page.locator("section.review-summary")
    expect(card).to_contain_text("ผลสุดท้าย")
    expect(card.locator("p.big")).to_have_text(f"คะแนน OIT {expected.oit:.2f}")
    for indicator, value in expected.indicators.items():
        expect(card).to_contain_text(f"ตัวชี้วัดที่ {indicator}: {value:.2f}")
    expect(card).to_contain_text(f"ตรวจแล้ว 3 จาก {len(framework.oit_items)} ข้อ")
    screenshot(page, "6-dashboard-final")
    assert axe(page) == []
    page.context.clear_cookies()

    # 9. the public page on a phone: both public items with their links, nothing else
    page.set_viewport_size(PHONE)
    page.goto(reverse("oit_public:page", kwargs={"code": code, "year": YEAR}))
    for item, url in (("O1", o1_url), ("O7", right)):
        expect(page.locator(f"li#{item}")).to_be_visible()
        expect(page.locator(f'li#{item} a[href="{url}"]')).to_be_visible()
    expect(page.locator(f'a[href="{wrong}"]')).to_have_count(0)
    expect(page.locator("li#O2")).to_have_count(0)  # not marked public
    _assert_no_sideways_scroll(page, "public page")
    screenshot(page, "7-public-390")
    assert axe(page) == []
    page.set_viewport_size(DESKTOP)
