"""Action plans through the API: draft, read, and track measures with the plan page's rules."""

from __future__ import annotations

import json
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from openita.web.agencies.models import Agency, Unit
from openita.web.api.models import ApiToken
from openita.web.audit.models import AuditEvent
from openita.web.plans import services as plans
from openita.web.plans.models import ActionPlan, Measure
from tests.web.conftest import docx_body

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


# --- progress notes ---------------------------------------------------------------------------


def notes_url(measure_id: int) -> str:
    return f"{AGENCY}/measures/{measure_id}/notes"


def add_note(client: Client, measure_id: int, note: dict[str, Any], **headers: str) -> Any:
    return client.post(
        notes_url(measure_id), json.dumps(note), content_type="application/json", **headers
    )


def test_a_note_is_listed_and_moves_the_measure_as_the_plan_page_update_does(
    editor: Client, measure: Measure
) -> None:
    assert editor.get(notes_url(measure.pk)).json() == []
    response = add_note(
        editor, measure.pk,
        {"date": "2025-12-01", "status": "in_progress", "progress": 35, "done": " ร่างคู่มือแล้ว "},
    )  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert body["note"]["date"] == "2025-12-01" and body["note"]["done"] == "ร่างคู่มือแล้ว"
    assert body["note"]["author"] == "editor" and body["notes"] == []
    assert (body["measure"]["status"], body["measure"]["progress"]) == ("in_progress", 35)
    assert response["ETag"] == f'"m{measure.pk}.v{body["measure"]["version"]}"'
    listed = editor.get(notes_url(measure.pk)).json()
    assert [(n["date"], n["status"], n["progress"]) for n in listed] == [
        ("2025-12-01", "in_progress", 35)
    ]
    # the progress report and the plan file read it
    (pure,) = [
        m for s in plans.action_plan(measure.section.plan).sections for m in s.measures
        if m.title == measure.title
    ]  # fmt: skip
    assert [(n.date.isoformat(), n.progress) for n in pure.notes] == [("2025-12-01", 35)]


def test_a_note_without_a_date_is_dated_today(editor: Client, measure: Measure) -> None:
    from django.utils import timezone

    body = add_note(editor, measure.pk, {"status": "in_progress", "progress": 10}).json()
    assert body["note"]["date"] == timezone.localdate().isoformat()


def test_a_done_note_is_100_percent_done(editor: Client, measure: Measure) -> None:
    body = add_note(editor, measure.pk, {"date": "2026-01-05", "status": "done", "progress": 70})
    assert body.json()["note"]["progress"] == 100
    assert body.json()["notes"] == ["progress set to 100 because the status is done"]
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("done", 100)


def test_an_older_note_fills_the_history_and_leaves_the_measure_as_it_is(
    editor: Client, measure: Measure
) -> None:
    add_note(editor, measure.pk, {"date": "2026-02-01", "status": "in_progress", "progress": 60})
    response = add_note(
        editor, measure.pk, {"date": "2025-11-01", "status": "in_progress", "progress": 20}
    )
    assert response.status_code == 201
    measure.refresh_from_db()
    assert measure.progress == 60
    dates = [n["date"] for n in editor.get(notes_url(measure.pk)).json()]
    assert dates == ["2025-11-01", "2026-02-01"]  # oldest first


@pytest.mark.parametrize(
    ("note", "field"),
    [
        ({"date": "2569-02-10", "status": "in_progress", "progress": 50}, "date"),  # BE year
        ({"date": "2099-01-01", "status": "in_progress", "progress": 50}, "date"),  # future
        ({"date": "10/02/2569", "status": "in_progress", "progress": 50}, "date"),  # not ISO
        ({"status": "finished", "progress": 50}, "status"),
        ({"status": "in_progress", "progress": 140}, "progress"),
        ({"status": "in_progress", "progress": -1}, "progress"),
        ({"status": "in_progress", "progress": 5, "done": "ก" * 2001}, "done"),
        ({"status": "in_progress", "progress": 5, "done": "ทำแล้ว\x00"}, "done"),
        ({"status": "in_progress", "progress": 5, "author": "x"}, "author"),
    ],
)
def test_a_bad_note_is_422_and_nothing_is_saved(
    editor: Client, measure: Measure, note: dict[str, Any], field: str
) -> None:
    before = Measure.objects.values().get(pk=measure.pk)
    response = add_note(editor, measure.pk, note)
    assert response.status_code == 422, response.json()
    assert field in json.dumps(response.json()["problems"])
    assert not measure.notes.exists()
    assert Measure.objects.values().get(pk=measure.pk) == before


def test_a_buddhist_era_date_is_refused_with_its_conversion(
    editor: Client, measure: Measure
) -> None:
    response = add_note(
        editor, measure.pk, {"date": "2569-02-10", "status": "in_progress", "progress": 5}
    )
    (problem,) = response.json()["problems"]
    assert problem["field"] == "date" and "2569 -> 2026" in problem["message"]


def test_a_note_on_a_changed_measure_is_412_with_if_match(editor: Client, measure: Measure) -> None:
    stale = f'"m{measure.pk}.v{measure.version}"'
    patch(editor, measure.pk, {"kpi": "ใหม่"})
    response = add_note(
        editor, measure.pk, {"status": "in_progress", "progress": 5}, HTTP_IF_MATCH=stale
    )
    assert response.status_code == 412
    assert not measure.notes.exists()


def test_readers_list_notes_and_only_editors_add_them(
    users: dict[str, Any], measure: Measure
) -> None:
    _, token = ApiToken.issue(users["viewer"], "tests")
    viewer = Client(headers={"Authorization": f"Bearer {token}"})
    assert viewer.get(notes_url(measure.pk)).status_code == 200
    assert add_note(viewer, measure.pk, {"status": "done", "progress": 100}).status_code == 403
    _, other = ApiToken.issue(users["outsider_admin"], "tests")
    outsider = Client(headers={"Authorization": f"Bearer {other}"})
    assert outsider.get(notes_url(measure.pk)).status_code == 404
    assert add_note(outsider, measure.pk, {"status": "done", "progress": 100}).status_code == 404
    assert not measure.notes.exists()


def test_adding_a_note_is_audited_under_the_tokens_user(
    editor: Client, users: dict[str, Any], measure: Measure
) -> None:
    add_note(editor, measure.pk, {"status": "in_progress", "progress": 15})
    event = AuditEvent.objects.filter(model="plans.measure", action="update").latest("pk")
    assert event.actor == users["editor"]
    assert (event.before["progress"], event.after["progress"]) == (0, 15)


# --- progress notes written by a PATCH ------------------------------------------------------


def test_patching_the_status_writes_the_days_note_by_the_caller_as_the_plan_page_does(
    editor: Client, users: dict[str, Any], measure: Measure
) -> None:
    from django.utils import timezone

    body = patch(editor, measure.pk, {"status": "in_progress", "progress": 45}).json()
    (note,) = measure.notes.all()
    assert (note.date, note.status, note.progress) == (timezone.localdate(), "in_progress", 45)
    assert note.author == users["editor"]
    assert body["progress_note"]["id"] == note.pk and body["progress_note"]["author"] == "editor"
    event = AuditEvent.objects.get(model="plans.progressnote", action="create")
    assert event.actor == users["editor"] and event.after["progress"] == 45
    # the agency's change log reads it as a sentence naming the measure
    admin = Client()
    admin.force_login(users["agency_admin"])
    url = reverse("audit:agency_log", kwargs={"code": "khambong"})
    log = admin.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert f"editor เพิ่มบันทึกความก้าวหน้า '{measure.title}'" in unescape(log)


@pytest.mark.parametrize(
    "changes", [{"kpi": "ร้อยละ 90"}, {"status": "not_started", "progress": 0}, {}]
)
def test_a_patch_that_moves_neither_status_nor_progress_writes_no_note(
    editor: Client, measure: Measure, changes: dict[str, Any]
) -> None:
    assert (measure.status, measure.progress) == ("not_started", 0)
    body = patch(editor, measure.pk, changes).json()
    assert body["progress_note"] is None
    assert not measure.notes.exists()


def test_a_refused_patch_writes_no_note(editor: Client, measure: Measure) -> None:
    assert patch(editor, measure.pk, {"status": "in_progress", "progress": 140}).status_code == 422
    stale = f'"m{measure.pk}.v{measure.version - 1}"'
    response = editor.patch(
        f"{AGENCY}/measures/{measure.pk}",
        json.dumps({"status": "done"}),
        content_type="application/json",
        HTTP_IF_MATCH=stale,
    )
    assert response.status_code == 412
    assert not measure.notes.exists()


def test_the_progress_report_shows_a_patched_status(
    editor: Client, measure: Measure, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a day of FY2569 (the plan's year), the six-month report carries the PATCH's note."""
    from datetime import date

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 2, 15))
    patch(editor, measure.pk, {"status": "in_progress", "progress": 45})
    assert [n.date for n in measure.notes.all()] == [date(2026, 2, 15)]
    url = f"{AGENCY}/plans/{measure.section.plan.fiscal_year}/progress-report.docx"
    six_months = docx_body(editor.get(url, {"round": 6}).content)
    assert ">45<" in six_months and "รอบ 6 เดือน" in six_months


# --- the progress report ------------------------------------------------------------------


def test_the_progress_report_takes_the_round_and_thai_digits(
    editor: Client, measure: Measure
) -> None:
    from datetime import date

    from openita.web.plans.models import ProgressNote

    ProgressNote.objects.create(
        measure=measure, date=date(2025, 12, 1), status="in_progress", progress=35, done="ร่างแล้ว"
    )
    url = f"{AGENCY}/plans/{measure.section.plan.fiscal_year}/progress-report.docx"
    response = editor.get(url, {"round": 6, "digits": "thai"})
    assert response.status_code == 200
    assert 'filename="progress-2569-6m-khambong.docx"' in response["Content-Disposition"]
    thai = docx_body(response.content)
    assert "รอบ ๖ เดือน" in thai and ">๓๕<" in thai and ">35<" not in thai
    arabic = docx_body(editor.get(url, {"round": 12}).content)
    assert "รอบ 12 เดือน" in arabic and ">35<" in arabic


@pytest.mark.parametrize(
    ("query", "field"), [({"round": 9}, "round"), ({"round": "x"}, "round"),
                         ({"digits": "roman"}, "digits")]
)  # fmt: skip
def test_a_bad_progress_report_option_is_422_naming_the_field(
    editor: Client, measure: Measure, query: dict[str, Any], field: str
) -> None:
    url = f"{AGENCY}/plans/{measure.section.plan.fiscal_year}/progress-report.docx"
    response = editor.get(url, query)
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["problems"]] == [field]


def test_no_progress_report_without_the_plan_or_for_another_agency(
    users: dict[str, Any], measure: Measure
) -> None:
    _, token = ApiToken.issue(users["outsider_admin"], "tests")
    outsider = Client(headers={"Authorization": f"Bearer {token}"})
    assert outsider.get(f"{AGENCY}/plans/2569/progress-report.docx").status_code == 404
    _, token = ApiToken.issue(users["viewer"], "tests")
    viewer = Client(headers={"Authorization": f"Bearer {token}"})
    assert viewer.get(f"{AGENCY}/plans/2569/progress-report.docx").status_code == 200
    assert viewer.get(f"{AGENCY}/plans/2570/progress-report.docx").status_code == 404
