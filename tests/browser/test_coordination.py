"""A provincial coordinator reads the table of the agencies under it (issue 6).

อุดรธานี has three agencies: the seed agency (94.11), and two examples entered with lower
indicator scores, so sorting by score has something to order. The coordinator of อุดรธานี lands
on the table, finds the seed agency with 94.11, and sorts by the overall score both ways.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page
from tests.browser.conftest import LogIn, Screenshot

from openita.web.agencies.models import Agency
from openita.web.assessments import services

pytestmark = pytest.mark.browser


def _example_agency(code: str, name: str, indicator_score: float) -> Agency:
    """An example agency in อุดรธานี whose ten indicators all score ``indicator_score``."""
    agency = Agency.objects.create(
        code=code, name=name, agency_type="เทศบาลตำบล", ministry="กระทรวงมหาดไทย", province="อุดรธานี"
    )
    indicators = {str(n): indicator_score for n in range(1, 11)}
    filename, data = services.entered_result(agency, 2568, {"indicators": indicators})
    services.save_result(agency, services.read_upload(data, filename, agency))
    return agency


def _column(page: Page, key: str) -> list[str]:
    """The cells of the column whose header sorts by ``key``, top to bottom."""
    headers = page.locator("table thead th")
    index = next(
        i
        for i in range(headers.count())
        if f"sort={key}" in (headers.nth(i).locator("a").get_attribute("href") or "")
    )
    return [
        row.locator("th, td").nth(index).inner_text().strip()
        for row in page.locator("table tbody tr").all()
    ]


def _sort_by(page: Page, key: str) -> list[float]:
    with page.expect_navigation():
        page.locator(f"thead a[href*='sort={key}']").click()
    return [float(cell) for cell in _column(page, key)]


def test_a_coordinator_sees_the_agency_with_94_11_and_sorts_by_score(
    page: Page,
    coordinator: User,
    stored_results: Agency,
    log_in: LogIn,
    screenshot: Screenshot,
) -> None:
    _example_agency("example-1", "เทศบาลตำบลตัวอย่าง 1 (ข้อมูลสมมติ)", 80.0)
    _example_agency("example-2", "เทศบาลตำบลตัวอย่าง 2 (ข้อมูลสมมติ)", 97.0)
    log_in(page, coordinator)
    assert page.url.split("?")[0].endswith(reverse("coordination:table"))

    row = page.locator("table tbody tr", has_text=stored_results.name)
    assert "94.11" in row.inner_text()
    screenshot(page, "table")

    first = _sort_by(page, "overall")
    assert sorted(first) == [80.0, 94.11, 97.0]
    assert first in (sorted(first), sorted(first, reverse=True))
    assert _sort_by(page, "overall") == list(reversed(first))
    direction = "descending" if first[0] < first[-1] else "ascending"
    assert page.locator("thead th[aria-sort]").get_attribute("aria-sort") == direction
    screenshot(page, "table-sorted")


def test_at_desktop_width_names_take_at_most_two_lines_and_the_table_fits(
    page: Page, coordinator: User, stored_results: Agency, log_in: LogIn
) -> None:
    """One-line headers as wide as their columns squeezed the names to five lines."""
    _example_agency("example-4", "องค์การบริหารส่วนตำบลตัวอย่างชื่อยาว 4 (ข้อมูลสมมติ)", 90.0)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, coordinator)
    name = page.locator("table tbody th", has_text="ชื่อยาว").first
    lines = page.evaluate(
        "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)",
        name.element_handle(),
    )
    assert lines < 3.2, lines  # two lines of text plus the cell's padding
    wrap = page.locator("#coordination-table .table-wrap, .table-wrap:has(table.agencies)").first
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
