"""The pages on a phone (390×844) and a desktop (1280), the plan's measure form, and the focus
after editing a measure in place by keyboard (issue 14, point 4).

Each test drives Chromium as a person would. The plan is the seed agency's 2569 draft; the
screenshots of the plan (phone and desktop, 15 and 50 measures) are saved as test artefacts.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import TIMEOUT_MS, Axe, LogIn, Screenshot

from openita.thaidate import thai_date
from openita.web.agencies.models import Agency
from openita.web.plans import services as plan_services
from openita.web.plans.models import ActionPlan, Measure, Status

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

#: The page is no wider than the window: nothing to scroll sideways.
OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"
#: The elements reaching past the window outside any scrolling box (the culprits named when
#: the page overflows; a wide table inside its own scrolling box is fine).
WIDE = """() => {
  const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !scrolls(e))
    .slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right);
}"""


@pytest.fixture
def plan(stored_results: Agency) -> ActionPlan:
    return plan_services.create_draft(stored_results, 2568)


def _measures(plan: ActionPlan) -> list[Measure]:
    return list(
        Measure.objects.filter(section__plan=plan).order_by("section__position", "position", "id")
    )


def _plan_of_fifty(plan: ActionPlan) -> None:
    """The draft grown to 50 measures, a few of them overdue (as a big agency's plan is)."""
    sections = list(plan.sections.order_by("position"))
    today = date.today()
    count = Measure.objects.filter(section__plan=plan).count()
    for n in range(count, 50):
        section = sections[n % len(sections)]
        late = n % 7 == 0
        Measure.objects.create(
            section=section,
            title=f"มาตรการเพิ่มเติมที่ {n + 1}: จัดอบรมและเผยแพร่แนวปฏิบัติให้บุคลากรทุกกอง",
            responsible_unit="สำนักปลัดเทศบาล" if n % 2 else "กองคลัง",
            steps="จัดทำร่าง\nเสนอผู้บริหาร\nเผยแพร่",
            start=today - timedelta(days=60),
            end=today - timedelta(days=5) if late else today + timedelta(days=90),
            kpi="บุคลากรเข้าร่วมไม่น้อยกว่าร้อยละ 80",
            status=Status.IN_PROGRESS if n % 3 else Status.NOT_STARTED,
            progress=(n * 7) % 90,
            position=100 + n,
        )


def _assert_no_sideways_scroll(page: Page, where: str) -> None:
    scroll_width, inner_width = page.evaluate(OVERFLOW)
    assert scroll_width <= inner_width, f"{where}: {page.evaluate(WIDE)}"


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE, DESKTOP], ids=["390", "360", "1280"])
def test_no_page_scrolls_sideways_on_a_phone_or_a_desktop(
    page: Page,
    editor: User,
    plan: ActionPlan,
    log_in: LogIn,
    screenshot: Screenshot,
    viewport: dict[str, int],
) -> None:
    code = plan.agency.code
    page.set_viewport_size(viewport)
    page.goto("/accounts/login/")
    _assert_no_sideways_scroll(page, "login")
    log_in(page, editor)
    for name, url in (
        ("dashboard", reverse("assessments:dashboard", kwargs={"code": code})),
        ("plan", reverse("plans:detail", kwargs={"code": code})),
        ("upload", reverse("assessments:upload", kwargs={"code": code})),
    ):
        page.goto(url)
        _assert_no_sideways_scroll(page, name)
    # The other pages of an editor's day fit as well.
    measure = _measures(plan)[0]
    for name, url in (
        ("agencies", "/agencies/"),
        ("what-if", f"/a/{code}/2568/whatif/"),
        ("typed result", f"/a/{code}/enter/"),
        ("measure page", reverse("plans:measure_edit", kwargs={"code": code, "pk": measure.pk})),
        ("API tokens", "/account/tokens/"),
        ("format guide", "/guide/formats/"),
        ("password", "/accounts/password/"),
    ):
        page.goto(url)
        _assert_no_sideways_scroll(page, name)
    # The plan with every tracking part open (steps, evidence, forms) still fits; each part is
    # fetched when it opens (htmx), so wait until none is left to load.
    page.goto(reverse("plans:detail", kwargs={"code": code}))
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    expect(page.locator("li.measure .tracking-part.loading")).to_have_count(0)
    expect(page.locator("li.measure form.progress-form")).to_have_count(len(_measures(plan)))
    _assert_no_sideways_scroll(page, "plan, all open")
    page.evaluate("document.querySelectorAll('details.tracking').forEach(d => d.open = false)")
    screenshot(page, f"plan-{viewport['width']}")


def test_the_phone_header_is_one_line_with_a_menu_button(
    page: Page, editor: User, plan: ActionPlan, log_in: LogIn, screenshot: Screenshot
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, editor)
    page.goto(reverse("plans:detail", kwargs={"code": plan.agency.code}))
    header = page.locator("header.site")
    height = header.bounding_box()["height"]  # type: ignore[index]
    assert height < 0.1 * PHONE["height"], f"the header takes {height}px of {PHONE['height']}"
    menu = page.get_by_role("button", name="เมนู")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#site-menu")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    log_out = page.locator("#site-menu").get_by_role("button", name="ออกจากระบบ")
    expect(log_out).to_be_visible()
    box = log_out.bounding_box()
    assert box is not None and box["height"] < 50, "ออกจากระบบ wraps onto several lines"
    _assert_no_sideways_scroll(page, "menu open")
    screenshot(page, "menu-open")
    page.keyboard.press("Escape")
    expect(page.locator("#site-menu")).to_be_hidden()
    expect(menu).to_be_focused()


def test_every_field_of_the_measure_form_is_visible_and_editable_on_a_phone(
    page: Page, editor: User, plan: ActionPlan, log_in: LogIn, screenshot: Screenshot
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, editor)
    page.goto(reverse("plans:detail", kwargs={"code": plan.agency.code}))
    measure = _measures(plan)[0]
    row = page.locator(f"#m{measure.pk}")
    row.locator("a.edit-measure").click()
    form = row.locator("form.measure-form")
    expect(form.locator("[name=title]")).to_be_focused()  # htmx has settled the form
    fields = form.locator("input:not([type=hidden]), select, textarea")
    names = [fields.nth(i).get_attribute("name") for i in range(fields.count())]
    assert set(names) == {
        "title", "responsible_unit", "start", "end", "status", "progress", "kpi", "steps",
    }  # fmt: skip
    for i in range(fields.count()):
        field = fields.nth(i)
        field.scroll_into_view_if_needed()
        expect(field).to_be_visible()
        expect(field).to_be_editable()
        box = field.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], names[i]
    _assert_no_sideways_scroll(page, "measure form")
    screenshot(page, "measure-form")

    form.locator("[name=start]").fill("๑ ต.ค. ๒๕๖๘")
    form.locator("[name=end]").fill("31/3/2569")
    form.locator("[name=status]").select_option(Status.IN_PROGRESS.value)
    form.locator("[name=progress]").fill("30")
    form.locator("[name=kpi]").fill("คู่มือเผยแพร่ภายในไตรมาสที่ 2")
    form.locator("button[type=submit]").click()
    expect(row.locator(".status")).to_have_text("อยู่ระหว่างดำเนินการ")
    expect(row).to_contain_text("1 ตุลาคม 2568 – 31 มีนาคม 2569")
    measure.refresh_from_db()
    assert (measure.start, measure.end, measure.progress) == (
        date(2025, 10, 1), date(2026, 3, 31), 30,
    )  # fmt: skip


def test_a_ce_year_typed_in_the_form_is_refused_beside_the_field(
    page: Page, editor: User, plan: ActionPlan, log_in: LogIn
) -> None:
    log_in(page, editor)
    page.goto(reverse("plans:detail", kwargs={"code": plan.agency.code}))
    measure = _measures(plan)[0]
    row = page.locator(f"#m{measure.pk}")
    row.locator("a.edit-measure").click()
    # Focus in the form means htmx has settled it (a click before that would post natively).
    expect(row.locator("form.measure-form [name=title]")).to_be_focused()
    row.locator("[name=end]").fill("30/09/2026")
    row.locator("button[type=submit]").click()
    expect(row.locator(".errorlist")).to_contain_text("2026 ดูเหมือนปี ค.ศ.")
    expect(row.locator("[name=end]")).to_be_focused()  # focus goes to the field to fix
    assert Measure.objects.get(pk=measure.pk).end == measure.end


def test_by_keyboard_edit_moves_focus_into_the_form_and_save_or_cancel_back_to_edit(
    page: Page, editor: User, plan: ActionPlan, log_in: LogIn
) -> None:
    log_in(page, editor)
    page.goto(reverse("plans:detail", kwargs={"code": plan.agency.code}))
    measure = _measures(plan)[1]
    row = page.locator(f"#m{measure.pk}")
    edit = row.locator("a.edit-measure")

    edit.focus()
    page.keyboard.press("Enter")
    expect(row.locator("form.measure-form [name=title]")).to_be_focused()
    # Tab walks the form in reading order: title, unit, start, due date, status, percent …
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.name"))
    assert order == ["responsible_unit", "start", "end", "status", "progress", "kpi"]
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "บันทึก"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "ยกเลิก"
    page.keyboard.press("Enter")  # cancel
    expect(row.locator("a.edit-measure")).to_be_focused()
    expect(row.locator("form.measure-form")).to_have_count(0)

    page.keyboard.press("Enter")  # edit again, this time save
    title = row.locator("form.measure-form [name=title]")
    expect(title).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("ทบทวนคู่มือการปฏิบัติงาน (แก้ด้วยแป้นพิมพ์)")
    row.locator("form.measure-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(row.locator("h3.title")).to_have_text("ทบทวนคู่มือการปฏิบัติงาน (แก้ด้วยแป้นพิมพ์)")
    expect(row.locator("a.edit-measure")).to_be_focused()
    assert Measure.objects.get(pk=measure.pk).title == "ทบทวนคู่มือการปฏิบัติงาน (แก้ด้วยแป้นพิมพ์)"

    # The quick progress update, by keyboard: focus stays in that form after the row comes back.
    tracking = row.locator("details.tracking > summary")
    tracking.focus()
    page.keyboard.press("Enter")  # opens the tracking part
    status = row.locator("form.progress-form [name=status]")
    expect(status).to_be_visible()
    status.select_option(Status.IN_PROGRESS.value)
    row.locator("form.progress-form [name=progress]").fill("25")
    row.locator("form.progress-form [name=progress]").press("Enter")
    expect(row.locator(".percent")).to_have_text("25%")
    expect(row.locator("form.progress-form [name=status]")).to_be_focused()


def test_without_javascript_edit_opens_a_page_and_save_returns_to_the_measure(
    browser: Browser, live_server: Any, editor: User, plan: ActionPlan, log_in: LogIn
) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", java_script_enabled=False, viewport=PHONE
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, editor)
        _plan_of_fifty(plan)
        page.goto(reverse("plans:detail", kwargs={"code": plan.agency.code}))
        expect(page.locator("#site-menu nav")).to_be_visible()  # no menu button without JS
        expect(page.locator(".menu-toggle")).to_be_hidden()
        _assert_no_sideways_scroll(page, "plan without JavaScript")
        measure = _measures(plan)[-1]
        section = page.locator(f"#s{measure.section_id}")
        section.locator("> summary").click()
        page.locator(f"#m{measure.pk} a.edit-measure").click()
        page.wait_for_url(f"**/measures/{measure.pk}/edit/")
        due = date.today() + timedelta(days=30)  # after the measure's start (60 days ago)
        page.locator("[name=end]").fill(thai_date(due, abbreviated=True))
        with page.expect_navigation():
            page.locator("form.measure-form button[type=submit]").click()
        assert page.url.endswith(f"open=m{measure.pk}#m{measure.pk}"), page.url
        expect(page.locator(f"#m{measure.pk}")).to_be_visible()  # its section is open
        expect(page.locator(f"#m{measure.pk}")).to_contain_text(thai_date(due))
        assert Measure.objects.get(pk=measure.pk).end == due

        # The steps, evidence, comments and quick update are on the measure's own page.
        page.locator(f"#m{measure.pk} details.tracking > summary").click()
        with page.expect_navigation():
            page.locator(f"#m{measure.pk} .tracking-part.loading a").click()
        assert page.url.endswith(f"/measures/{measure.pk}/"), page.url
        _assert_no_sideways_scroll(page, "measure page without JavaScript")
        quick = page.locator("form.progress-form")
        quick.locator("[name=status]").select_option(Status.IN_PROGRESS.value)
        quick.locator("[name=progress]").fill("35")
        with page.expect_navigation():
            quick.locator("button[type=submit]").click()
        assert page.url.endswith(f"open=m{measure.pk}#m{measure.pk}"), page.url
        expect(page.locator(f"#m{measure.pk} .percent")).to_have_text("35%")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_plan_of_fifty_measures_opens_as_indicator_summaries_and_filters_without_js(
    page: Page,
    editor: User,
    plan: ActionPlan,
    log_in: LogIn,
    screenshot: Screenshot,
    viewport: dict[str, int],
) -> None:
    _plan_of_fifty(plan)
    page.set_viewport_size(viewport)
    log_in(page, editor)
    page.goto(reverse("plans:detail", kwargs={"code": plan.agency.code}))
    sections = page.locator("details.plan-section")
    assert sections.count() == plan.sections.count()
    assert page.locator("details.plan-section[open]").count() == 0
    expect(sections.first.locator("> summary")).to_contain_text("มาตรการ")
    # A short page: the summaries, not 50 cards.
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4 * viewport["height"], height
    focusable = page.evaluate(
        "[...document.querySelectorAll('a[href], button, input, select, textarea, summary')]"
        ".filter(e => e.checkVisibility()).length"
    )
    assert focusable < 60, focusable
    _assert_no_sideways_scroll(page, "plan of 50")
    screenshot(page, f"plan-50-{viewport['width']}")

    # The overdue filter is a GET form: the page comes back with only those, sections open.
    page.locator("#id_overdue").check()
    with page.expect_navigation():
        page.get_by_role("button", name="กรอง").click()
    assert "overdue=on" in page.url
    overdue = Measure.objects.filter(section__plan=plan, end__lt=date.today()).exclude(
        status__in=[Status.DONE, Status.CANCELLED]
    )
    expect(page.locator("li.measure")).to_have_count(overdue.count())
    expect(page.locator("li.measure.is-overdue")).to_have_count(overdue.count())
    assert page.locator("details.plan-section:not([open])").count() == 0
    _assert_no_sideways_scroll(page, "overdue filter")
    screenshot(page, f"plan-50-overdue-{viewport['width']}")


def test_the_coordination_table_fits_a_phone_in_its_own_scrolling_box(
    page: Page, coordinator: User, stored_results: Agency, log_in: LogIn, screenshot: Screenshot
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, coordinator)
    page.goto("/coordination/")
    page.locator("#coordination-table").wait_for()
    _assert_no_sideways_scroll(page, "coordination")
    screenshot(page, "coordination-390")


#: Each weak-point row: where its row header and cells are, and the label a phone shows.
WEAK_ROWS = """() => [...document.querySelectorAll('table.weak-points tbody tr')].map(tr => {
  const box = e => e.getBoundingClientRect();
  const [head, ...cells] = tr.children;
  return {head: box(head).top, width: box(tr.closest('table')).width,
          tops: cells.map(c => box(c).top), widths: cells.map(c => box(c).width),
          label: getComputedStyle(cells[1], '::before').content};
})"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_weak_points_are_labelled_blocks_on_a_phone_and_a_table_on_a_desktop(
    page: Page,
    editor: User,
    stored_results: Agency,
    log_in: LogIn,
    screenshot: Screenshot,
    axe: Axe,
    viewport: dict[str, int],
) -> None:
    """Six columns on a 390-px screen were one word wide (a weak point's question over ten
    lines): on a phone each row is a block, its question on the full width under the item and
    the indicator, score and gain labelled; a desktop keeps the table."""
    page.set_viewport_size(viewport)
    log_in(page, editor)
    page.goto(reverse("assessments:dashboard", kwargs={"code": stored_results.code}))
    rows = page.evaluate(WEAK_ROWS)
    assert len(rows) >= 10
    bars = page.locator("td.cell-bar").first
    if viewport is PHONE:
        for row in rows:
            question, indicator, score = row["tops"][:3]
            assert row["head"] < question < indicator < score, row
            assert row["widths"][0] > 0.9 * row["width"], row  # the question: the full width
        assert rows[0]["label"] == '"ตัวชี้วัด "'
        expect(bars).to_be_hidden()  # the indicator table's bars give their room to the names
    else:
        for row in rows:
            assert max(row["tops"]) - min(row["tops"]) < 2, row  # one line of cells
            assert abs(row["head"] - row["tops"][0]) < 2, row
        assert rows[0]["label"] == "none"
        expect(bars).to_be_visible()
    _assert_no_sideways_scroll(page, "dashboard")
    assert axe(page) == []  # the stacked rows keep the table's roles
    screenshot(page, f"dashboard-weak-points-{viewport['width']}")
