"""The plan page for 15–50 measures: collapsible indicator sections, combined filters (GET, so
they work without JavaScript) and one card per measure (issue 14, point 4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from openita.thaidate import thai_date
from openita.web.plans import board, services
from openita.web.plans.models import ActionPlan, Comment, Evidence, Measure, ProgressNote, Status
from tests.web.test_plans_pages import PLAN, first_measure


@pytest.fixture
def plan(khambong, users) -> ActionPlan:
    return services.create_draft(khambong, 2568)


def _grow(plan: ActionPlan, total: int) -> None:
    template = first_measure(plan)
    sections = list(plan.sections.order_by("position"))
    for n in range(Measure.objects.filter(section__plan=plan).count(), total):
        Measure.objects.create(
            section=sections[n % len(sections)], title=f"มาตรการเพิ่ม {n}",
            responsible_unit="กองคลัง", start=template.start, end=template.end, position=100 + n,
        )  # fmt: skip


def _open(response) -> list[bool]:
    return [s.open for s in response.context["sections"]]


def test_a_small_plan_opens_every_indicator(client_as, plan):
    count = Measure.objects.filter(section__plan=plan).count()
    assert count <= board.OPEN_SECTIONS_UP_TO
    response = client_as("viewer").get(PLAN)
    assert all(_open(response))
    assert response.content.decode().count('<details class="plan-section" id="s') == len(
        response.context["sections"]
    )


def test_a_plan_of_fifty_opens_as_closed_indicators_with_their_counts(client_as, plan):
    _grow(plan, 50)
    today = date.today()
    late = first_measure(plan)
    Measure.objects.filter(pk=late.pk).update(
        end=today - timedelta(days=1), start=today - timedelta(days=90)
    )
    Measure.objects.filter(section=late.section).exclude(pk=late.pk).update(
        status=Status.DONE, progress=100
    )
    response = client_as("viewer").get(PLAN)
    assert not any(_open(response))
    first = next(s for s in response.context["sections"] if s.section.pk == late.section_id)
    assert (first.done, first.overdue) == (len(first.rows) - 1, 1)
    text = response.content.decode()
    assert f"{len(first.rows)} มาตรการ · เสร็จแล้ว {first.done} · " in text
    assert "เปิดทุกตัวชี้วัด" in text
    assert all(_open(client_as("viewer").get(PLAN, {"open": "all"})))


def test_returning_to_a_measure_opens_only_its_indicator(client_as, plan):
    _grow(plan, 50)
    measure = Measure.objects.filter(section__plan=plan).order_by("-pk")[0]
    response = client_as("viewer").get(PLAN, {"open": f"m{measure.pk}"})
    opened = [s.section.pk for s in response.context["sections"] if s.open]
    assert opened == [measure.section_id]
    by_section = client_as("viewer").get(PLAN, {"open": f"s{measure.section_id}"})
    assert [s.section.pk for s in by_section.context["sections"] if s.open] == opened


def test_status_unit_and_overdue_filters_combine_and_open_what_they_keep(client_as, plan):
    _grow(plan, 30)
    today = date.today()
    measures = list(Measure.objects.filter(section__plan=plan).order_by("pk"))
    Measure.objects.filter(section__plan=plan).update(end=today + timedelta(days=30))
    for m in measures[:3]:
        Measure.objects.filter(pk=m.pk).update(
            end=today - timedelta(days=3), start=today - timedelta(days=60)
        )
    Measure.objects.filter(pk=measures[0].pk).update(status=Status.IN_PROGRESS)
    Measure.objects.filter(pk=measures[1].pk).update(
        status=Status.IN_PROGRESS, responsible_unit="กองช่าง"
    )
    viewer = client_as("viewer")
    overdue = viewer.get(PLAN, {"overdue": "on"})
    assert sorted(r.measure.pk for s in overdue.context["sections"] for r in s.rows) == [
        m.pk for m in measures[:3]
    ]
    assert all(_open(overdue))
    both = viewer.get(PLAN, {"overdue": "on", "status": "in_progress"})
    assert sorted(r.measure.pk for s in both.context["sections"] for r in s.rows) == [
        measures[0].pk, measures[1].pk,
    ]  # fmt: skip
    three = viewer.get(PLAN, {"overdue": "on", "status": "in_progress", "unit": "กองช่าง"})
    assert [r.measure.pk for s in three.context["sections"] for r in s.rows] == [measures[1].pk]
    assert 'name="overdue" id="id_overdue" checked' in three.content.decode()


def _card(text: str, measure: Measure) -> str:
    card = text[text.index(f'<li id="m{measure.pk}"') :]
    return card[: card.index("</li>") + len("</li>")]


def test_a_card_shows_the_facts_and_keeps_steps_and_tracking_behind_a_summary(client_as, plan):
    measure = first_measure(plan)
    text = client_as("editor").get(PLAN).content.decode()
    card = _card(text, measure)
    head, tracking = card.split('<details class="tracking"', 1)
    for fact in ("ผู้รับผิดชอบ", "ระยะเวลาดำเนินงาน", "สถานะ", "ความคืบหน้า", measure.title):
        assert fact in head
    steps = len([line for line in measure.steps.splitlines() if line.strip()])
    assert f'ขั้นตอน หลักฐาน และความคิดเห็น <span class="muted">({steps} ขั้นตอน' in tracking
    assert tracking.startswith(" hx-get=")  # closed until opened, then fetched
    # The steps and the forms are not drawn into the page: the measure's page has them.
    assert '<ol class="steps">' not in tracking and "progress-form" not in text
    assert f'href="{PLAN}measures/{measure.pk}/"' in tracking


def test_a_card_counts_evidence_and_comments_and_shows_the_last_note(client_as, users, plan):
    measure = first_measure(plan)
    editor = users["editor"]
    Evidence.objects.create(measure=measure, title="ประกาศ", url="https://example.org/a")
    Evidence.objects.create(measure=measure, title="รายงาน", url="https://example.org/b")
    Comment.objects.create(measure=measure, author=editor, text="ตรวจแล้ว")
    day = date.today()
    ProgressNote.objects.create(
        measure=measure, date=day - timedelta(days=9), status="in_progress", progress=10,
        done="ประชุมคณะทำงานครั้งแรก",
    )  # fmt: skip
    ProgressNote.objects.create(
        measure=measure, date=day - timedelta(days=2), status="in_progress", progress=40,
        done="ส่งร่างคู่มือให้ปลัดตรวจ",
    )  # fmt: skip
    ProgressNote.objects.create(  # a later update without a text is not "the last note"
        measure=measure, date=day, status="in_progress", progress=45, done=""
    )
    card = _card(client_as("viewer").get(PLAN).content.decode(), measure)
    assert "หลักฐาน 2 รายการ" in card and "ความคิดเห็น 1 รายการ" in card
    assert "ส่งร่างคู่มือให้ปลัดตรวจ" in card and "ประชุมคณะทำงานครั้งแรก" not in card
    assert thai_date(day - timedelta(days=2), abbreviated=True) in card
    assert "https://example.org/a" not in card  # the list itself is on the measure's page


def test_opening_a_card_fetches_its_tracking_part_and_cancel_fetches_the_card(client_as, plan):
    measure = first_measure(plan)
    editor = client_as("editor")
    htmx = {"HTTP_HX_REQUEST": "true"}
    url = f"{PLAN}measures/{measure.pk}/"
    opened = editor.get(url, {"tracking": "open"}, **htmx)
    assert opened.status_code == 200
    text = opened.content.decode()
    assert text.lstrip().startswith(f'<li id="m{measure.pk}"')  # a row, not a page
    assert '<details class="tracking" open>' in text and '<div class="tracking-part">' in text
    assert '<ol class="steps">' in text and 'class="progress-form"' in text
    assert 'name="version"' in text  # the quick update saves on the version it showed
    card = editor.get(url, **htmx).content.decode()
    assert "progress-form" not in card and 'hx-trigger="toggle once"' in card
    # A viewer reads the same part, without the forms.
    read = client_as("viewer").get(url, {"tracking": "open"}, **htmx).content.decode()
    assert '<ol class="steps">' in read and "<form" not in read


def test_without_javascript_the_measure_has_a_page_of_its_own(client_as, plan):
    measure = first_measure(plan)
    page = client_as("editor").get(f"{PLAN}measures/{measure.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<!doctype html>" in text.lower() and measure.title in text
    assert '<details class="tracking" open>' in text and 'class="progress-form"' in text
    assert f'href="{PLAN}?year={plan.fiscal_year}&amp;open=m{measure.pk}#m{measure.pk}"' in text
    viewer = client_as("viewer").get(f"{PLAN}measures/{measure.pk}/").content.decode()
    assert '<ol class="steps">' in viewer and "progress-form" not in viewer


def test_the_plan_page_of_fifty_measures_draws_no_form_per_measure(client_as, plan):
    _grow(plan, 50)
    text = client_as("editor").get(PLAN).content.decode()
    assert text.count('<li id="m') == 50
    assert text.count("<form") < 10  # filters, report, import: not one per measure
    assert text.count('hx-trigger="toggle once"') == 50


def test_after_a_quick_update_the_row_keeps_its_tracking_open(client_as, plan):
    measure = first_measure(plan)
    htmx = {"HTTP_HX_REQUEST": "true"}
    response = client_as("editor").post(
        f"{PLAN}measures/{measure.pk}/progress/",
        {"status": "in_progress", "progress": 20, "version": measure.version},
        **htmx,
    )
    assert response.status_code == 200
    assert '<details class="tracking" open>' in response.content.decode()


def test_a_refused_or_conflicting_tracking_form_comes_back_open_in_its_card(client_as, plan):
    measure = first_measure(plan)
    editor = client_as("editor")
    htmx = {"HTTP_HX_REQUEST": "true"}
    refused = editor.post(f"{PLAN}measures/{measure.pk}/evidence/", {"title": "ไม่มีลิงก์"}, **htmx)
    text = refused.content.decode()
    assert text.lstrip().startswith(f'<li id="m{measure.pk}"')
    assert '<details class="tracking" open>' in text and 'class="errorlist' in text
    assert 'value="ไม่มีลิงก์"' in text  # the bound form keeps what was typed
    # Someone else saved meanwhile: the quick update shows both values, in place.
    Measure.objects.filter(pk=measure.pk).update(progress=30, version=measure.version + 1)
    stale = {
        "status": "in_progress", "progress": 60, "version": measure.version,
        "initial-status": "not_started", "initial-progress": 0,  # what the form showed
    }  # fmt: skip
    conflict = editor.post(f"{PLAN}measures/{measure.pk}/progress/", stale, **htmx)
    text = conflict.content.decode()
    assert '<details class="tracking" open>' in text and 'class="conflict"' in text
    assert Measure.objects.get(pk=measure.pk).progress == 30
