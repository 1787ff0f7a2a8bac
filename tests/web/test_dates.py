"""Buddhist-era dates on every page and in every date field (issue 14, point 3).

Pages show "2 ธ.ค. 2569" / "2 ธันวาคม 2569" (English: "2 Dec 2569", the BE year beside BE
fiscal years); date fields are text boxes that read "1 ต.ค. 2568", "1/10/2568" and Thai
digits, and refuse a Christian-era year or a day the month does not have.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone, translation

from openita.web import dates
from openita.web.api.models import ApiToken
from openita.web.plans import services
from openita.web.plans.models import ActionPlan, Evidence, Measure
from tests.web.test_plans_pages import PLAN, edit_url, first_measure, in_english, measure_form

#: Four digits starting 20: a Christian-era year of this century (BE years start 25).
CE_YEAR = re.compile(r"\b20[0-9]{2}\b")


@pytest.fixture
def plan(khambong, users) -> ActionPlan:
    return services.create_draft(khambong, 2568)


def test_dates_are_short_or_long_thai_with_the_buddhist_era_year() -> None:
    with translation.override("th"):
        assert dates.short(date(2026, 12, 2)) == "2 ธ.ค. 2569"
        assert dates.long(date(2026, 12, 2)) == "2 ธันวาคม 2569"
        assert dates.period(date(2025, 10, 1), date(2026, 9, 30)) == (
            "1 ตุลาคม 2568 – 30 กันยายน 2569"
        )
    with translation.override("en"):
        assert dates.short(date(2026, 12, 2)) == "2 Dec 2569"
        assert dates.long(date(2026, 12, 2)) == "2 December 2569"


def test_a_datetime_is_shown_on_its_local_day_and_time(settings) -> None:
    settings.TIME_ZONE = "Asia/Bangkok"
    late = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)  # 03:30 on 2 Dec in Bangkok
    with timezone.override("Asia/Bangkok"), translation.override("th"):
        assert dates.short_datetime(late) == "2 ธ.ค. 2569 03:30"
        assert dates.short(late) == "2 ธ.ค. 2569"


def test_the_plan_page_shows_periods_and_evidence_dates_in_the_buddhist_era(client_as, users, plan):
    measure = first_measure(plan)
    Evidence.objects.create(
        measure=measure,
        title="ประกาศ",
        url="https://example.org/a",
        evidence_date=date(2025, 11, 15),
    )
    text = client_as("editor").get(PLAN).content.decode()
    assert "1 ตุลาคม 2568 – 30 กันยายน 2569" in text
    # evidence is listed on the measure's part (fetched when opened, or its own page)
    part = client_as("editor").get(f"{PLAN}measures/{measure.pk}/").content.decode()
    assert "15 พ.ย. 2568" in part
    assert 'type="date"' not in text and 'type="date"' not in part
    english = in_english(client_as("editor")).get(PLAN).content.decode()
    assert "1 October 2568 – 30 September 2569" in english


def test_the_edit_form_shows_its_dates_as_thai_users_write_them(client_as, plan):
    measure = first_measure(plan)
    text = client_as("editor").get(edit_url(measure)).content.decode()
    start = re.search(r'<input[^>]*name="start"[^>]*>', text)
    assert start is not None
    assert 'value="1 ต.ค. 2568"' in start.group() and 'type="text"' in start.group()
    assert 'placeholder="เช่น 1 ต.ค. 2568"' in start.group()
    assert 'name="initial-start" value="1/10/2568"' in text  # hidden: "what did you change"


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("15 ม.ค. 2569", date(2026, 1, 15)),
        ("15/1/2569", date(2026, 1, 15)),
        ("๑๕ ม.ค. ๒๕๖๙", date(2026, 1, 15)),
        ("15 มกราคม พ.ศ. 2569", date(2026, 1, 15)),
    ],
)
def test_a_due_date_typed_in_the_buddhist_era_is_saved(client_as, plan, typed, saved):
    measure = first_measure(plan)
    response = client_as("editor").post(edit_url(measure), measure_form(measure, end=typed))
    assert response.status_code == 302
    assert Measure.objects.get(pk=measure.pk).end == saved


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("15/1/2026", "2026 ดูเหมือนปี ค.ศ."),
        ("15 ม.ค. 2026", "ปี พ.ศ.: 2569"),
        ("31 ก.พ. 2569", "กุมภาพันธ์ 2569 ไม่มีวันที่ 31"),
        ("29 ก.พ. 2569", "ไม่มีวันที่ 29"),
        ("15 ม.ค. 69", "เขียนปีให้ครบ 4 หลัก เช่น 2569"),
        ("พรุ่งนี้", "วัน เดือน และปี พ.ศ."),
    ],
)
def test_a_ce_year_or_an_impossible_day_is_refused_beside_the_field(
    client_as, plan, typed, message
):
    measure = first_measure(plan)
    response = client_as("editor").post(edit_url(measure), measure_form(measure, end=typed))
    assert response.status_code == 200
    errors = response.context["form"].errors["end"]
    assert any(message in e for e in errors), errors
    assert message in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).end == measure.end


def test_the_ce_refusal_reads_in_english_on_english_pages(client_as, plan):
    measure = first_measure(plan)
    editor = in_english(client_as("editor"))
    response = editor.post(edit_url(measure), measure_form(measure, end="15/1/2026"))
    assert response.context["form"].errors["end"] == [
        "2026 looks like a Christian-era (CE) year. Write the Buddhist-era year: 2569."
    ]


def test_an_evidence_date_in_the_ce_is_refused_and_nothing_is_stored(client_as, plan):
    measure = first_measure(plan)
    response = client_as("editor").post(
        f"{PLAN}measures/{measure.pk}/evidence/",
        {"title": "ภาพกิจกรรม", "url": "https://example.org/p", "evidence_date": "1/12/2025"},
    )
    assert response.status_code == 200
    assert "2025 ดูเหมือนปี ค.ศ." in response.content.decode()
    assert not Evidence.objects.filter(measure=measure).exists()


def test_pages_with_saved_times_show_them_in_the_buddhist_era(client_as, users):
    ApiToken.issue(users["editor"], "ทดสอบ")
    for page in ("/a/khambong/", "/account/tokens/"):
        text = client_as("editor").get(page).content.decode()
        year = str(timezone.localdate().year + 543)
        assert CE_YEAR.search(_visible(text)) is None, page
        if page == "/a/khambong/":
            assert year in text, page


def _visible(html: str) -> str:
    """The page's text without tags and attributes (machine dates in attributes are ISO)."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))


def test_a_conflict_on_a_due_date_shows_both_dates_in_the_buddhist_era(client_as, plan):
    measure = first_measure(plan)
    shown = Measure.objects.get(pk=measure.pk)
    Measure.objects.filter(pk=measure.pk).update(end=date(2026, 6, 30), version=2)
    client = client_as("editor")
    response = client.post(edit_url(measure), measure_form(shown, end="31 ส.ค. 2569"))
    assert response.status_code == 200
    conflict = response.context["form"].conflict
    assert [(r["yours"], r["theirs"]) for r in conflict] == [("31 ส.ค. 2569", "30 มิ.ย. 2569")]
    # Saving again from the form as shown keeps the user's date.
    again = client.post(edit_url(measure), dict(response.context["form"].data))
    assert again.status_code == 302
    assert Measure.objects.get(pk=measure.pk).end == date(2026, 8, 31)
