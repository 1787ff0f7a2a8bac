"""The plan page for 15–50 measures: collapsible indicator sections, combined filters (GET, so
they work without JavaScript) and one card per measure (issue 14, point 4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from openita.web.plans import board, services
from openita.web.plans.models import ActionPlan, Measure, Status
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


def test_a_card_shows_the_facts_and_keeps_steps_and_tracking_behind_a_summary(client_as, plan):
    measure = first_measure(plan)
    text = client_as("editor").get(PLAN).content.decode()
    card = text[text.index(f'<li id="m{measure.pk}"') :]
    card = card[: card.index("</li>\n\n") if "</li>\n\n" in card else len(card)]
    head, tracking = card.split('<details class="tracking"', 1)
    for fact in ("ผู้รับผิดชอบ", "ระยะเวลาดำเนินงาน", "สถานะ", "ความคืบหน้า", measure.title):
        assert fact in head
    assert "ขั้นตอน หลักฐาน และความคิดเห็น" in tracking and '<ol class="steps">' in tracking
    assert tracking.startswith(">")  # closed until opened


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
