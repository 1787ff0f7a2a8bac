"""A walk through the whole admin as a superuser: no Christian-era year, no server path (issue 14).

With the demo data loaded and one row of every registered model that the demo lacks (log-in
records, tokens, OIT reviews, …, all stamped "now", so a CE year would be this one), every
registered admin's list, the change page of a row, the add page (where there is one), the
history and the delete confirmation answer 200 and their visible text holds no CE year of this
century and no server path. Visible text is what a reader sees: the page without ``<script>``,
``<style>``, tags and attribute values, plus the values of visible inputs (a date box shows
its value). Every page is walked in Thai and again in English.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessFailureLog
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.admin.utils import display_for_field
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

import openita
from openita.web.agencies.models import Agency, AssessorAssignment
from openita.web.api.models import ApiToken
from openita.web.audit.models import AuditEvent
from openita.web.demo import load_demo
from openita.web.oit.models import (
    CheckRun,
    ClarificationWindow,
    Contest,
    DocumentEvidence,
    EvidenceFile,
    ItemGuidance,
    ItemReview,
    StoredDocument,
)
from openita.web.plans.models import Comment, Evidence, Measure, ProgressNote

pytestmark = pytest.mark.django_db

#: A year of this century written the Christian-era way, whatever the separators around it
#: (3 ธันวาคม 2026, 3/12/2026, 2026-12-03, 3.12.2026). BE years are 25xx, and the numbers an
#: admin page shows otherwise (scores, counts, ids of demo rows) stay far below; left out are
#: only the digits inside a word or code (a digest "ca2056d6") and a number with decimals.
CE_YEAR = re.compile(r"(?<!\w)20\d\d(?!\w|[.,]\d)")
VISIBLE_INPUT = re.compile(r"<input\b(?![^>]*type=\"(?:hidden|checkbox|radio|submit)\")[^>]*>")
INPUT_VALUE = re.compile(r'\bvalue="([^"]*)"')


def visible_text(html: str) -> str:
    """What a reader of the page sees, spaces collapsed."""
    shown = [unescape(v) for tag in VISIBLE_INPUT.findall(html) for v in INPUT_VALUE.findall(tag)]
    html = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", " ".join([text, *shown]))


def _server_paths() -> list[str]:
    paths = {
        str(django_settings.MEDIA_ROOT),
        str(django_settings.DATA_DIR),
        str(Path(openita.__file__).resolve().parent),
        sys.prefix,
        str(Path.home()),
    }
    return sorted(p for p in paths if len(p) > 1)


def _every_model_has_a_row() -> None:
    """The demo plus one row of each model it does not fill, with dates that include today."""
    agency = Agency.objects.get(code="khambong")
    user = User.objects.filter(is_superuser=False).order_by("pk").first()
    assert user is not None
    year = 2568
    Group.objects.get_or_create(name="ผู้ประสานงาน")
    AssessorAssignment.objects.get_or_create(user=user, agency=agency, fiscal_year=year)
    # django-axes: a failed log-in (attempt, failure) and a good one (access log).
    Client().post(reverse("login"), {"username": user.username, "password": "wrong"})
    user.set_password("walk-the-admin-42")
    user.save()
    Client().post(reverse("login"), {"username": user.username, "password": "walk-the-admin-42"})
    ApiToken.issue(user, "สคริปต์รายงาน")  # after the new password, which revokes tokens
    # A good log-in resets the user's attempts: the attempt kept is another name's.
    Client().post(reverse("login"), {"username": "somchai", "password": "wrong"})
    # The failure log is off in the settings; a row as django-axes writes it when it is on.
    AccessFailureLog.objects.create(
        username="somchai",
        ip_address="192.0.2.7",
        user_agent="Firefox",
        path_info="/accounts/login/",
    )
    now = timezone.now()
    run = CheckRun.objects.create(agency=agency, fiscal_year=year, requested_by=user)
    CheckRun.objects.filter(pk=run.pk).update(started_at=now, finished_at=now)
    today = timezone.localdate()
    ClarificationWindow.objects.create(
        fiscal_year=year, opens=today, closes=today + timedelta(days=14)
    )
    review = ItemReview.objects.create(
        agency=agency, fiscal_year=year, item_id="O1", verdict="fail", score=Decimal(0)
    )
    Contest.objects.create(
        agency=agency,
        fiscal_year=year,
        item_id="O1",
        review=review,
        explanation="เอกสารอยู่ในหน้าข่าว",
        decided_at=now,
    )
    EvidenceFile.objects.create(
        agency=agency,
        fiscal_year=year,
        item_id="O7",
        title="รายงานประจำปี",
        file=SimpleUploadedFile("annual.pdf", b"%PDF-1.4 test"),
    )
    DocumentEvidence.objects.create(
        agency=agency, fiscal_year=year, item_id="O27", kind="report", document_year=2567
    )
    StoredDocument.objects.create(
        agency=agency,
        kind="report",
        document_year=2567,
        file=SimpleUploadedFile("report.pdf", b"%PDF-1.4 test"),
        filename="ita-2567-khambong.pdf",
        stamp="s",
        rendered_at=now,
    )
    ItemGuidance.objects.create(
        fiscal_year=year, kind="", item_id="O1", keywords="โครงสร้าง", updated_by=user
    )
    measure = Measure.objects.filter(section__plan__agency=agency).order_by("pk")[0]
    ProgressNote.objects.create(
        measure=measure, date=today, status="in_progress", progress=40, author=user
    )
    Evidence.objects.create(
        measure=measure, title="รายงานการประชุม", url="https://example.org/a", evidence_date=today
    )
    Comment.objects.create(measure=measure, text="เร่งดำเนินการ", author=user)


@pytest.fixture
def walker(settings: Any) -> Client:
    settings.DEBUG = True
    load_demo(force=True)
    _every_model_has_a_row()
    superuser = User.objects.create_superuser("walker", password="walk-the-admin-42")
    # Each walked row's history has a line (its time is what the history page prints).
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        model_admin.log_addition(request, _row(model), [{"added": {}}])
    client = Client()
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _row(model: type[models.Model]) -> models.Model:
    """The row whose pages are walked: the measure with notes, evidence and comments; else
    the newest (its dates are today's)."""
    if model is Measure:
        return Measure.objects.filter(notes__isnull=False).order_by("pk")[0]
    row = model._default_manager.order_by("-pk").first()
    assert row is not None, f"no {model._meta.label} row to walk"
    return row


def _pages(client: Client) -> Iterator[str]:
    """The URL of every page of the walk, with its permissions as the superuser sees them."""
    yield reverse("admin:index")
    request = client.get(reverse("admin:index")).wsgi_request
    apps = sorted({model._meta.app_label for model in admin.site._registry})
    for app in apps:
        yield reverse("admin:app_list", kwargs={"app_label": app})
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        row = _row(model)
        yield reverse(f"{info}_changelist")
        yield reverse(f"{info}_change", args=[row.pk])
        yield reverse(f"{info}_history", args=[row.pk])
        if model_admin.has_add_permission(request):
            yield reverse(f"{info}_add")
        if model_admin.has_delete_permission(request, row):
            yield reverse(f"{info}_delete", args=[row.pk])
    # The log's detail page shows what was stored of any row: the newest event of every kind
    # (a framework's event holds its data file, which lies on the server).
    for label in AuditEvent.objects.values_list("model", flat=True).distinct().order_by():
        event = AuditEvent.objects.filter(model=label).order_by("-pk")[0]
        yield reverse("admin:audit_auditevent_change", args=[event.pk])


def _walk(client: Client) -> dict[str, list[str]]:
    """Every page's problems: a status other than 200, CE years, server paths."""
    paths = _server_paths()
    problems: dict[str, list[str]] = {}
    for url in _pages(client):
        response = client.get(url)
        if response.status_code != 200:
            problems[url] = [f"status {response.status_code}"]
            continue
        html = response.content.decode()
        text = visible_text(html)
        found = [text[max(0, m.start() - 40) : m.end() + 10] for m in CE_YEAR.finditer(text)]
        found += [f"path {p}" for p in paths if p in html]
        if found:
            problems[url] = found
    return problems


def test_every_admin_page_in_thai_shows_buddhist_era_years_only_and_no_server_path(walker):
    walker.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "th"
    problems = _walk(walker)
    assert problems == {}
    # The walk saw the dates it checks: today's, in the BE.
    page = visible_text(walker.get(reverse("admin:audit_auditevent_changelist")).content.decode())
    today = timezone.localdate()
    assert f"{today.year + 543}" in page and "ปีงบประมาณ" in page


def test_every_admin_page_in_english_shows_buddhist_era_years_only(walker):
    walker.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    problems = _walk(walker)
    assert problems == {}
    page = visible_text(walker.get(reverse("admin:audit_auditevent_changelist")).content.decode())
    assert "fiscal year" in page.lower()


@pytest.mark.parametrize(
    ("html", "seen"),
    [
        ("<p>3 ธันวาคม 2026</p>", True),
        ('<input type="text" name="d" value="3/12/2026">', True),
        ('<input type="hidden" name="d" value="2026-12-03">', False),
        ('<a href="?at__year=2026">ทั้งหมด</a>', False),
        ("<script>const y = 2026;</script>", False),
        ("<td>2026.50</td><td>2569</td><td>ca2056d6</td><td>v20261</td>", False),
        ("<td>3.12.2026</td>", True),
        ("<td>Dec 3,2026</td>", True),
        ("<td>2026-12-03</td>", True),
    ],
)
def test_the_walk_sees_what_a_reader_sees(html: str, seen: bool) -> None:
    assert bool(CE_YEAR.search(visible_text(html))) is seen


def test_the_walked_rows_carry_dates_that_django_would_print_in_the_ce(walker) -> None:
    """The walk is not vacuous: the rows it reads are dated today, and Django's own format
    of such a date (what a read-only field or a history line printed) has the CE year."""
    token = _row(ApiToken)
    assert isinstance(token, ApiToken)
    field = ApiToken._meta.get_field("created_at")
    with translation.override("th"):
        django_format = display_for_field(token.created_at, field, "-")
    assert CE_YEAR.search(visible_text(str(django_format)))
