"""axe-core finds no violation on the Django admin in Thai (issue 14): its index, a list with
the fiscal-year and month filters, a change form with Thai date boxes and inline tables, a
user's form (a date-and-time field) and a view-only audit event.

Where a violation is in Django's own markup and cannot reasonably be fixed, the one rule is
turned off for that one selector, with the reason (:data:`DJANGO_MARKUP`).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page
from tests.browser.conftest import PASSWORD, Axe, LogIn, Screenshot

from openita.thaidate import fiscal_year_of
from openita.web.agencies.models import Agency
from openita.web.audit.models import AuditEvent
from openita.web.audit.recorder import acting_as
from openita.web.plans.models import Measure, ProgressNote

pytestmark = pytest.mark.browser

#: Django's markup that axe-core flags and that OpenITA leaves as it is, one rule each:
DJANGO_MARKUP = {
    # The table inlines' first header cell sits over the column holding each row's title and
    # hidden id; it is empty in Django's tabular template, and filling it would mean keeping
    # a copy of that whole template. A minor rule; the row's inputs are named (aria-label).
    "empty-table-header": "th.original",
    # The search icon of the two-list picker (a user's groups and permissions) is a <span>
    # with aria-label, written by Django's SelectFilter2.js; the box it sits beside has a
    # label of its own. Fixing it would mean replacing Django's script.
    "aria-prohibited-attr": "span.help-tooltip.search-label-icon",
}


def test_the_admin_in_thai_has_no_axe_violations(
    page: Page, stored_results: Agency, log_in: LogIn, axe: Axe, screenshot: Screenshot
) -> None:
    from openita.web.plans.services import create_draft

    superuser = User.objects.create_superuser("walker", password=PASSWORD)
    with acting_as(superuser):
        plan = create_draft(stored_results, 2568)
    measure = Measure.objects.filter(section__plan=plan).order_by("pk")[0]
    ProgressNote.objects.create(
        measure=measure, date=measure.start, status="in_progress", progress=30, author=superuser
    )
    event = AuditEvent.objects.filter(model="plans.measure").order_by("pk")[0]
    log_in(page, superuser)
    this_year = fiscal_year_of(timezone.localdate())  # the audit events are today's
    pages = {
        "index": reverse("admin:index"),
        "audit-list": reverse("admin:audit_auditevent_changelist") + f"?at_fy={this_year}",
        "measure-change": reverse("admin:plans_measure_change", args=[measure.pk]),
        # A date-and-time field (date joined: a Thai date box beside a time box).
        "user-change": reverse("admin:auth_user_change", args=[superuser.pk]),
        # A view-only page: every field read-only, the time in the BE.
        "audit-event": reverse("admin:audit_auditevent_change", args=[event.pk]),
    }
    found: dict[str, list[str]] = {}
    for name, url in pages.items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "th"
        if name == "audit-list":  # the list shows rows, and both filters
            assert page.locator("#result_list tbody tr").count() > 0
            assert page.locator("#changelist-filter").get_by_text("เดือน (เวลา)").count() == 1
        screenshot(page, name)
        if violations := axe(page, DJANGO_MARKUP):
            found[name] = violations
    assert found == {}, "\n".join(f"{k}: {v}" for k, vs in found.items() for v in vs)
