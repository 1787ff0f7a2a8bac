"""Action plans through the API: draft, read, and track measures with the plan page's rules."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from openita.web.agencies.models import Agency, Unit
from openita.web.api.models import ApiToken
from openita.web.audit.models import AuditEvent
from openita.web.plans import services as plans
from openita.web.plans.models import ActionPlan, Measure

AGENCY = "/api/agencies/khambong"


@pytest.fixture
def editor(users: dict[str, Any]) -> Client:
    _, token = ApiToken.issue(users["editor"], "tests")
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def measure(khambong: Agency) -> Measure:
    plan = plans.create_draft(khambong, 2568)
    return Measure.objects.filter(section__plan=plan).order_by("pk")[0]


def patch(client: Client, measure_id: int, changes: dict[str, Any]) -> Any:
    return client.patch(
        f"{AGENCY}/measures/{measure_id}", json.dumps(changes), content_type="application/json"
    )


def test_drafting_answers_the_2568_results_with_the_plan_of_2569(editor: Client) -> None:
    response = editor.post(
        f"{AGENCY}/plans", json.dumps({"result_year": 2568}), content_type="application/json"
    )
    assert response.status_code == 201
    plan = response.json()
    assert (plan["fiscal_year"], plan["based_on_year"]) == (2569, 2568)
    stored = ActionPlan.objects.get(agency__code="khambong", fiscal_year=2569)
    assert [s["indicator"] for s in plan["sections"]] == list(
        stored.sections.order_by("position").values_list("indicator", flat=True)
    )
    measures = sum(len(s["measures"]) for s in plan["sections"])
    assert plan["progress"]["measures"] == measures > 0


def test_drafting_again_keeps_the_existing_plan(editor: Client, measure: Measure) -> None:
    measure.title = "แก้ไขแล้ว"
    measure.save()
    response = editor.post(
        f"{AGENCY}/plans", json.dumps({"result_year": 2568}), content_type="application/json"
    )
    assert response.status_code == 200
    titles = [m["title"] for s in response.json()["sections"] for m in s["measures"]]
    assert "แก้ไขแล้ว" in titles


def test_drafting_without_a_stored_result_is_422(editor: Client) -> None:
    response = editor.post(
        f"{AGENCY}/plans", json.dumps({"result_year": 2566}), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "result_year"
    assert not ActionPlan.objects.exists()


def test_the_plan_lists_its_measures_with_status_and_progress(
    editor: Client, measure: Measure
) -> None:
    listing = editor.get(f"{AGENCY}/plans").json()
    assert [p["fiscal_year"] for p in listing] == [2569]
    plan = editor.get(f"{AGENCY}/plans/2569").json()
    found = next(m for s in plan["sections"] for m in s["measures"] if m["id"] == measure.pk)
    assert (found["status"], found["progress"]) == (measure.status, measure.progress)
    assert found["end"] == measure.end.isoformat()
    assert editor.get(f"{AGENCY}/plans/2570").status_code == 404


def test_tracking_a_measure_changes_it_in_the_plan_and_the_report_plan(
    editor: Client, measure: Measure, khambong: Agency, users: dict[str, Any]
) -> None:
    Unit.objects.create(agency=khambong, name="กองคลัง")
    new_end = measure.end - timedelta(days=30)
    response = patch(
        editor,
        measure.pk,
        {
            "title": "เผยแพร่รายงานผลการดำเนินงานประจำปี",
            "status": "in_progress",
            "progress": 40,
            "responsible_unit": "กองคลัง",
            "end": new_end.isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.json()["notes"] == []
    measure.refresh_from_db()
    assert (measure.status, measure.progress, measure.end) == ("in_progress", 40, new_end)
    assert measure.unit is not None and measure.unit.name == "กองคลัง"
    pure = plans.action_plan(measure.section.plan)
    titles = {m.title: m for s in pure.sections for m in s.measures}
    assert titles["เผยแพร่รายงานผลการดำเนินงานประจำปี"].responsible_unit == "กองคลัง"
    event = AuditEvent.objects.filter(model="plans.measure", action="update").latest("pk")
    assert event.actor == users["editor"]
    assert (event.before["progress"], event.after["progress"]) == (0, 40)


def test_a_measure_marked_done_is_100_percent_done(editor: Client, measure: Measure) -> None:
    response = patch(editor, measure.pk, {"status": "done"})
    assert response.status_code == 200
    body = response.json()
    assert body["measure"]["progress"] == 100
    assert any("100" in note for note in body["notes"])
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("done", 100)


def test_100_percent_only_suggests_done(editor: Client, measure: Measure) -> None:
    body = patch(editor, measure.pk, {"progress": 100}).json()
    assert body["measure"]["status"] == measure.status != "done"
    assert any("done" in note for note in body["notes"])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"progress": 140}, "progress"),
        ({"progress": -1}, "progress"),
        ({"status": "finished"}, "status"),
        ({"title": "   "}, "title"),
        ({"percent": 40}, "percent"),  # not a field: a typo must not pass silently
    ],
)
def test_a_bad_change_is_422_and_nothing_is_saved(
    editor: Client, measure: Measure, changes: dict[str, Any], field: str
) -> None:
    before = Measure.objects.values().get(pk=measure.pk)
    response = patch(editor, measure.pk, changes)
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == field
    assert Measure.objects.values().get(pk=measure.pk) == before


def test_a_due_date_before_the_start_is_422(editor: Client, measure: Measure) -> None:
    early = (measure.start - timedelta(days=1)).isoformat()
    response = patch(editor, measure.pk, {"end": early})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "end"
    measure.refresh_from_db()
    assert measure.end.isoformat() != early


def test_null_is_refused_rather_than_blanking_a_field(editor: Client, measure: Measure) -> None:
    response = patch(editor, measure.pk, {"title": None})
    assert response.status_code == 422
    measure.refresh_from_db()
    assert measure.title


def test_steps_are_stored_one_per_line(editor: Client, measure: Measure) -> None:
    body = patch(editor, measure.pk, {"steps": [" ประชุมคณะทำงาน ", "", "เผยแพร่บนเว็บไซต์"]})
    assert body.json()["measure"]["steps"] == ["ประชุมคณะทำงาน", "เผยแพร่บนเว็บไซต์"]
    measure.refresh_from_db()
    assert measure.steps == "ประชุมคณะทำงาน\nเผยแพร่บนเว็บไซต์"
