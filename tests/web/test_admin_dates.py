"""Dates in the Django admin are read and written in the Buddhist era (issue 14).

Every registered admin and inline draws its date fields with the app's Thai date box
(:mod:`openita.web.admin_dates`), reads "31/3/2569" or "31 มี.ค. 2569", refuses a CE year with
the hint, and its lists show dates as "30 ก.ย. 2569".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from axes.models import AccessAttempt
from django.contrib import admin
from django.db import models
from django.test import Client
from django.utils import timezone, translation

from openita.web.admin_dates import FORMFIELDS, ThaiDatesAdmin, ThaiDatesInline
from openita.web.api.models import ApiToken
from openita.web.audit.models import AuditEvent
from openita.web.dates import ThaiDateField
from openita.web.plans import services
from openita.web.plans.models import Measure

from .test_dashboard import _text


def _has_dates(model: type[models.Model]) -> bool:
    return any(isinstance(f, models.DateField) for f in model._meta.get_fields())


def test_every_admin_and_inline_with_dates_uses_the_thai_date_fields() -> None:
    missing = []
    for model, model_admin in admin.site._registry.items():
        if _has_dates(model) and not isinstance(model_admin, ThaiDatesAdmin):
            missing.append(model._meta.label)
        if model_admin.date_hierarchy:  # its drill-down prints CE years
            missing.append(f"{model._meta.label} date_hierarchy")
        for inline in model_admin.inlines:
            if _has_dates(inline.model):
                overrides = inline.formfield_overrides
                if not issubclass(inline, ThaiDatesInline) or any(
                    overrides.get(k) != v for k, v in FORMFIELDS.items()
                ):
                    missing.append(f"{model._meta.label} → {inline.__name__}")
    assert missing == []


def _management(response: Any) -> dict[str, Any]:
    """The management forms of the change page's inline formsets (no inline row is sent)."""
    data: dict[str, Any] = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {
            f"{formset.prefix}-TOTAL_FORMS": 0,
            f"{formset.prefix}-INITIAL_FORMS": 0,
            f"{formset.prefix}-MIN_NUM_FORMS": 0,
            f"{formset.prefix}-MAX_NUM_FORMS": 1000,
        }
    return data


def _measure_data(measure: Measure, **changes: Any) -> dict[str, Any]:
    data = {
        "section": measure.section_id,
        "title": measure.title,
        "responsible_unit": measure.responsible_unit,
        "unit": "",
        "steps": measure.steps,
        "start": "1/10/2568",
        "end": "30/9/2569",
        "kpi": measure.kpi,
        "status": measure.status,
        "progress": measure.progress,
        "addresses": "[]",
        "position": measure.position,
    }
    return data | changes


def test_the_measure_admin_shows_and_reads_dates_in_the_buddhist_era(client_as, khambong):
    plan = services.create_draft(khambong, 2568)
    measure = Measure.objects.filter(section__plan=plan).order_by("pk")[0]
    admin_client: Client = client_as("site_admin")
    url = f"/admin/plans/measure/{measure.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert isinstance(form.fields["start"], ThaiDateField)
    start = re.search(r'<input[^>]*name="start"[^>]*>', page.content.decode())
    assert start is not None and 'value="1 ต.ค. 2568"' in start.group()
    assert "vDateField" not in page.content.decode()  # not Django's CE calendar box

    saved = admin_client.post(url, _measure_data(measure, end="31 มี.ค. 2569") | _management(page))
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    measure.refresh_from_db()
    assert measure.end == date(2026, 3, 31)

    refused = admin_client.post(url, _measure_data(measure, end="31/03/2026") | _management(page))
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors["end"]
    assert "2026 ดูเหมือนปี ค.ศ." in errors[0] and "2569" in errors[0]
    assert Measure.objects.get(pk=measure.pk).end == date(2026, 3, 31)


def test_date_columns_of_admin_lists_read_in_the_buddhist_era(client_as, khambong):
    plan = services.create_draft(khambong, 2568)
    Measure.objects.filter(section__plan=plan).update(end=date(2026, 9, 30))
    admin_client: Client = client_as("site_admin")
    text = admin_client.get("/admin/plans/measure/").content.decode()
    assert "30 ก.ย. 2569" in text and "2026" not in text
    ordered = admin_client.get("/admin/plans/measure/", {"o": "5"})  # by the due-date column
    assert ordered.status_code == 200
    english = admin_client.get("/admin/plans/measure/", HTTP_ACCEPT_LANGUAGE="en")
    assert "30 Sep 2569" in english.content.decode()


def test_the_user_admin_shows_dates_and_times_in_the_buddhist_era(client_as, users):
    editor = users["editor"]
    assert editor is not None
    editor.date_joined = editor.date_joined.replace(year=2025, month=10, day=1, hour=7, minute=5)
    editor.save()
    page = client_as("site_admin").get(f"/admin/auth/user/{editor.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    joined = re.search(r'<input[^>]*name="date_joined_0"[^>]*>', text)
    assert joined is not None and 'value="1 ต.ค. 2568"' in joined.group()
    time_box = re.search(r'<input[^>]*name="date_joined_1"[^>]*>', text)
    assert time_box is not None and re.search(r'value="\d\d:\d\d"', time_box.group())
    assert 'aria-label="วันที่เข้าร่วม: เวลา"' in time_box.group()  # the label names the date box


def test_a_thai_dates_admin_with_a_date_hierarchy_fails_the_checks() -> None:
    class Drilled(ThaiDatesAdmin[AuditEvent]):
        date_hierarchy = "at"

    errors = Drilled(AuditEvent, admin.site).check()
    assert [e.id for e in errors] == ["openita.E101"]
    assert not [e for e in admin.site._registry[AuditEvent].check() if e.id == "openita.E101"]


def _event_at(moment: datetime) -> AuditEvent:
    event = AuditEvent.objects.create(action="create", model="plans.measure", object_id="1")
    AuditEvent.objects.filter(pk=event.pk).update(at=moment)
    event.refresh_from_db()
    return event


def test_lists_filter_by_fiscal_year_and_month_in_the_buddhist_era(client_as, users):
    zone = timezone.get_current_timezone()
    AuditEvent.objects.all().delete()
    _event_at(datetime(2025, 9, 30, 23, 30, tzinfo=zone))  # FY 2568, the last evening
    _event_at(datetime(2025, 10, 1, 0, 10, tzinfo=zone))  # FY 2569, its first minutes
    _event_at(datetime(2026, 12, 3, 9, 0, tzinfo=zone))  # FY 2570
    client: Client = client_as("site_admin")
    url = "/admin/audit/auditevent/"
    page = client.get(url)
    text = _text(page)
    assert "ปีงบประมาณ (เวลา)" in text and "เดือน (เวลา)" in text
    assert "ก.ย. 2568" in text and "ต.ค. 2568" in text and "ธ.ค. 2569" in text
    assert not re.search(r"\b20[0-9]{2}\b", text)
    assert client.get(url, {"at_fy": "2569"}).context["cl"].result_count == 1
    assert client.get(url, {"at_fy": "2568"}).context["cl"].result_count == 1
    assert client.get(url, {"at_month": "2568-10"}).context["cl"].result_count == 1
    assert client.get(url, {"at_month": "2569-12"}).context["cl"].result_count == 1
    assert client.get(url, {"at_month": "2026-12"}).context["cl"].result_count == 3  # ignored
    in_2569 = _text(client.get(url, {"at_fy": "2569"}))
    assert "ต.ค. 2568" in in_2569 and "ธ.ค. 2569" not in in_2569.split("เดือน (เวลา)")[1]
    english = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Dec 2569" in english and "fiscal year (when)" in english


def test_read_only_dates_and_titles_read_in_the_buddhist_era(client_as, users):
    zone = timezone.get_current_timezone()
    event = _event_at(datetime(2026, 12, 3, 14, 5, tzinfo=zone))
    with translation.override("th"):
        assert str(event).startswith("3 ธ.ค. 2569 14:05")
    client: Client = client_as("site_admin")
    page = _text(client.get(f"/admin/audit/auditevent/{event.pk}/change/"))
    assert "3 ธ.ค. 2569 14:05" in page and "2026" not in page
    token, _plain = ApiToken.issue(users["editor"], "รายงาน")
    ApiToken.objects.filter(pk=token.pk).update(created_at=datetime(2026, 3, 31, 8, 0, tzinfo=zone))
    page = _text(client.get(f"/admin/api/apitoken/{token.pk}/change/"))
    assert "31 มี.ค. 2569 08:00" in page and "2026" not in page
    attempt = AccessAttempt.objects.create(
        username="somchai",
        ip_address="192.0.2.7",
        user_agent="x",
        path_info="/login/",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=datetime(2026, 3, 31, 8, 0, tzinfo=zone)
    )
    attempt.refresh_from_db()
    with translation.override("en"):
        assert str(attempt) == "access attempt somchai 31 Mar 2569 08:00"
    page = _text(client.get(f"/admin/axes/accessattempt/{attempt.pk}/change/"))
    assert "31 มี.ค. 2569 08:00" in page and "2026" not in page
