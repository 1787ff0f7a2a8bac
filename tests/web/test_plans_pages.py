"""The plan page: drafting from the seed, editing measures, tracking progress, who may do what.

The seed agency (khambong) has results for 2567 and 2568; its 2568 weak points are answered by
the plan of fiscal year 2569 (results come out in August, so the plan runs the year after).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from openita.thaidate import fiscal_year_bounds, thai_period
from openita.web.agencies.models import Unit
from openita.web.assessments.models import Result
from openita.web.audit.models import AuditEvent
from openita.web.dates import posted_value
from openita.web.plans import services
from openita.web.plans.models import ActionPlan, Comment, Evidence, Measure, ProgressNote

PLAN = "/a/khambong/plan/"


@pytest.fixture
def plan(khambong, users) -> ActionPlan:
    return services.create_draft(khambong, 2568)


def first_measure(plan: ActionPlan) -> Measure:
    return Measure.objects.filter(section__plan=plan).order_by("section__position", "position")[0]


def measure_form(measure: Measure, **changes: object) -> dict[str, object]:
    """The edit form's fields as the page fills them, with ``changes`` applied; dates are
    typed as a Thai user writes them ("1/10/2568", Buddhist era)."""
    data: dict[str, object] = {
        "title": measure.title,
        "responsible_unit": measure.responsible_unit,
        "steps": measure.steps,
        "start": posted_value(measure.start),
        "end": posted_value(measure.end),
        "kpi": measure.kpi,
        "status": measure.status,
        "progress": measure.progress,
    }
    shown = {f"initial-{name}": value for name, value in data.items()}  # hidden initials
    typed = {k: posted_value(v) if isinstance(v, date) else v for k, v in changes.items()}
    return data | shown | {"version": measure.version} | typed


def in_english(client: Client) -> Client:
    """Assertions on messages read the English source text, whatever the Thai wording."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def edit_url(measure: Measure) -> str:
    return f"{PLAN}measures/{measure.pk}/edit/"


# --- drafting -------------------------------------------------------------------------------


def test_an_editor_drafts_the_2569_plan_from_the_seed_with_every_indicator(client_as):
    editor = client_as("editor")
    page = editor.get(PLAN)
    assert page.status_code == 200
    assert b'name="result_year"' in page.content  # the page offers to draft
    response = editor.post(f"{PLAN}draft/", {"result_year": 2568})
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}?year=2569"
    plan = ActionPlan.objects.get(agency__code="khambong", fiscal_year=2569)
    # Issue 11: every indicator gets its measures (maintain measures where it is already high).
    assert list(plan.sections.values_list("indicator", flat=True)) == [str(n) for n in range(1, 11)]
    page = editor.get(response["Location"])
    text = page.content.decode()
    for section in plan.sections.all():
        assert section.indicator_name in text
    start, end = fiscal_year_bounds(2569)
    assert thai_period(start, end) in text  # "1 ตุลาคม 2568 – 30 กันยายน 2569"


def test_drafting_again_keeps_the_plan_as_it_is_and_says_so(client_as, plan):
    measure = first_measure(plan)
    measure.title = "แก้ไขแล้ว"
    measure.save()
    editor = in_english(client_as("editor"))
    response = editor.post(f"{PLAN}draft/", {"result_year": 2568}, follow=True)
    assert ActionPlan.objects.filter(agency__code="khambong").count() == 1
    Measure.objects.get(pk=measure.pk, title="แก้ไขแล้ว")
    assert "already exists" in response.content.decode()


def test_a_year_of_published_figures_only_cannot_be_drafted_from(client_as, khambong, users):
    Result.objects.create(
        agency=khambong, fiscal_year=2566, source_name="x.json", source=b"{}", sha256="0" * 64,
        published_only=True, overall=95.0,
    )  # fmt: skip
    editor = in_english(client_as("editor"))
    response = editor.post(f"{PLAN}draft/", {"result_year": 2566}, follow=True)
    assert "no scored result of 2566" in response.content.decode()
    assert not ActionPlan.objects.filter(agency=khambong).exists()


def test_a_viewer_is_not_offered_a_draft_and_may_not_make_one(client_as, khambong, users):
    viewer = client_as("viewer")
    page = viewer.get(PLAN)
    assert page.status_code == 200
    assert b'name="result_year"' not in page.content
    assert viewer.post(f"{PLAN}draft/", {"result_year": 2568}).status_code == 403
    assert not ActionPlan.objects.exists()


# --- reading --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "coordinator"])
def test_readers_see_the_plan_and_its_progress_without_edit_controls(client_as, plan, role):
    page = client_as(role).get(PLAN)
    assert page.status_code == 200
    text = page.content.decode()
    assert first_measure(plan).title in text
    assert services.progress(plan).measures > 0
    assert "/edit/" not in text and "/progress/" not in text and "draft/" not in text


def test_people_outside_the_agency_get_404_for_its_plan(client_as, plan):
    measure = first_measure(plan)
    for role in ("outsider_admin", "coordinator_elsewhere"):
        client = client_as(role)
        assert client.get(PLAN).status_code == 404
        assert client.get(edit_url(measure)).status_code == 404
        assert client.post(edit_url(measure), measure_form(measure)).status_code == 404


def test_an_outsider_using_their_own_agency_code_cannot_reach_a_khambong_measure(client_as, plan):
    measure = first_measure(plan)
    response = client_as("outsider_admin").get(f"/a/other/plan/measures/{measure.pk}/edit/")
    assert response.status_code == 404


# --- editing --------------------------------------------------------------------------------


def test_an_edited_measure_shows_on_the_plan_page_and_in_the_plan_the_report_uses(client_as, plan):
    measure = first_measure(plan)
    editor = client_as("editor")
    form = measure_form(
        measure,
        title="จัดทำคู่มือการปฏิบัติงานฉบับปรับปรุง",
        responsible_unit="กองยุทธศาสตร์",
        status="in_progress",
        progress=40,
        steps="ร่างคู่มือ\n\nเผยแพร่คู่มือ  \n",
    )
    response = editor.post(edit_url(measure), form)
    assert response.status_code == 302
    # Back at the measure, its indicator's section open (without JavaScript too).
    assert response["Location"].endswith(f"?year=2569&open=m{measure.pk}#m{measure.pk}")
    text = editor.get(PLAN).content.decode()
    assert "จัดทำคู่มือการปฏิบัติงานฉบับปรับปรุง" in text and "กองยุทธศาสตร์" in text
    edited = next(
        m for s in services.action_plan(plan).sections for m in s.measures
        if m.title == "จัดทำคู่มือการปฏิบัติงานฉบับปรับปรุง"
    )  # fmt: skip
    assert (edited.responsible_unit, edited.status, edited.progress) == (
        "กองยุทธศาสตร์", "in_progress", 40,
    )  # fmt: skip
    assert edited.steps == ["ร่างคู่มือ", "เผยแพร่คู่มือ"]  # blank lines dropped


def test_a_percent_of_140_is_refused_next_to_the_field_and_nothing_is_saved(client_as, plan):
    measure = first_measure(plan)
    before = Measure.objects.get(pk=measure.pk)
    response = client_as("editor").post(
        edit_url(measure), measure_form(measure, title="ไม่ควรถูกบันทึก", progress=140)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["progress"]
    assert 'aria-invalid="true"' in response.content.decode()
    after = Measure.objects.get(pk=measure.pk)
    assert (after.title, after.progress) == (before.title, before.progress)


def test_a_due_date_before_the_start_is_refused(client_as, plan):
    measure = first_measure(plan)
    response = client_as("editor").post(
        edit_url(measure), measure_form(measure, end=(measure.start - timedelta(days=1)))
    )
    assert response.context["form"].errors["end"]
    assert Measure.objects.get(pk=measure.pk).end == measure.end


def test_marking_a_measure_done_sets_it_to_100_percent_and_says_so(client_as, plan):
    measure = first_measure(plan)
    editor = in_english(client_as("editor"))
    response = editor.post(
        edit_url(measure), measure_form(measure, status="done", progress=60), follow=True
    )
    assert Measure.objects.get(pk=measure.pk).progress == 100
    assert "set to 100" in response.content.decode()


def test_100_percent_suggests_done_but_keeps_the_chosen_status(client_as, plan):
    measure = first_measure(plan)
    response = in_english(client_as("editor")).post(
        edit_url(measure), measure_form(measure, status="in_progress", progress=100), follow=True
    )
    saved = Measure.objects.get(pk=measure.pk)
    assert (saved.status, saved.progress) == ("in_progress", 100)
    assert "mark it as done" in response.content.decode()


def test_with_units_the_responsible_unit_is_chosen_from_them_and_kept_as_a_link(
    client_as, khambong, plan
):
    Unit.objects.create(agency=khambong, name="สำนักปลัดเทศบาล", position=1)
    Unit.objects.create(agency=khambong, name="กองคลัง", position=2)
    measure = first_measure(plan)
    editor = client_as("editor")
    form = editor.get(edit_url(measure)).context["form"]
    names = [value for value, _label in form.fields["responsible_unit"].choices]
    assert names[:2] == ["สำนักปลัดเทศบาล", "กองคลัง"]
    assert measure.responsible_unit in names  # the drafted text is kept as a choice
    editor.post(edit_url(measure), measure_form(measure, responsible_unit="กองคลัง"))
    saved = Measure.objects.select_related("unit").get(pk=measure.pk)
    assert saved.unit is not None and saved.unit.name == "กองคลัง"
    refused = editor.post(edit_url(measure), measure_form(measure, responsible_unit="กองอื่น"))
    assert refused.context["form"].errors["responsible_unit"]


def test_with_htmx_the_edit_form_swaps_in_and_the_saved_row_comes_back(client_as, plan):
    measure = first_measure(plan)
    editor = in_english(client_as("editor"))
    htmx = {"HTTP_HX_REQUEST": "true"}
    form = editor.get(edit_url(measure), **htmx)
    assert form.templates[0].name == "plans/_measure_form.html"
    assert f'<li id="m{measure.pk}" class="measure editing">' in form.content.decode()
    saved = editor.post(edit_url(measure), measure_form(measure, status="done"), **htmx)
    text = saved.content.decode()
    assert saved.templates[0].name == "plans/_measure.html"
    assert (
        f'<li id="m{measure.pk}" class="measure">' in text
        and "100%" in text
        and "set to 100" in text
    )
    invalid = editor.post(edit_url(measure), measure_form(measure, progress=-5), **htmx)
    assert invalid.templates[0].name == "plans/_measure_form.html"
    assert invalid.context["form"].errors["progress"]


def test_the_quick_progress_update_changes_status_and_percent(client_as, plan):
    measure = first_measure(plan)
    editor = client_as("editor")
    url = f"{PLAN}measures/{measure.pk}/progress/"
    response = editor.post(url, {"status": "in_progress", "progress": 30})
    assert response.status_code == 302
    saved = Measure.objects.get(pk=measure.pk)
    assert (saved.status, saved.progress) == ("in_progress", 30)
    row = editor.post(url, {"status": "in_progress", "progress": 101}, HTTP_HX_REQUEST="true")
    assert row.context["row"].forms["progress"].errors["progress"]
    assert Measure.objects.get(pk=measure.pk).progress == 30
    assert editor.get(url).status_code == 405
    assert client_as("viewer").post(url, {"status": "done", "progress": 100}).status_code == 403


def test_an_editor_adds_a_measure_for_the_plan_year_and_deletes_it_after_confirming(
    client_as, plan
):
    section = plan.sections.get(indicator="9")
    editor = in_english(client_as("editor"))
    add = f"{PLAN}sections/{section.pk}/measures/add/"
    initial = editor.get(add).context["form"].initial
    assert (initial["start"], initial["end"]) == fiscal_year_bounds(2569)
    response = editor.post(
        add,
        {
            "title": "เผยแพร่รายงานผลการดำเนินงานรายไตรมาส",
            "responsible_unit": "สำนักปลัด",
            "steps": "รวบรวมผล\nเผยแพร่บนเว็บไซต์",
            "start": "1 Oct 2568",
            "end": "31/3/2569",
            "kpi": "เผยแพร่ครบ 4 ไตรมาส",
            "status": "not_started",
            "progress": 0,
        },
    )
    assert response.status_code == 302
    added = section.measures.get(title="เผยแพร่รายงานผลการดำเนินงานรายไตรมาส")
    assert added.position == section.measures.exclude(pk=added.pk).count()
    delete = f"{PLAN}measures/{added.pk}/delete/"
    confirm = editor.get(delete)
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    assert Measure.objects.filter(pk=added.pk).exists()
    editor.post(delete)
    assert not Measure.objects.filter(pk=added.pk).exists()


def test_an_outsider_cannot_add_to_a_khambong_section_through_their_own_agency(client_as, plan):
    section = plan.sections.first()
    response = client_as("outsider_admin").post(
        f"/a/other/plan/sections/{section.pk}/measures/add/", {"title": "x"}
    )
    assert response.status_code == 404


# --- tracking -------------------------------------------------------------------------------


def _set(measure: Measure, **values: object) -> None:
    for key, value in values.items():
        setattr(measure, key, value)
    measure.save()


def test_a_measure_past_its_due_date_is_overdue_until_done(client_as, plan):
    today = date.today()
    Measure.objects.filter(section__plan=plan).update(end=today + timedelta(days=30))
    measures = list(Measure.objects.filter(section__plan=plan).order_by("pk")[:3])
    past = today - timedelta(days=10)
    _set(measures[0], start=past - timedelta(days=30), end=past, status="in_progress")
    _set(measures[1], start=past - timedelta(days=30), end=past, status="done", progress=100)
    _set(measures[2], start=past - timedelta(days=30), end=past, status="cancelled")
    viewer = client_as("viewer")
    page = viewer.get(PLAN)
    assert page.context["overdue"] == 1
    assert f'<li id="m{measures[0].pk}" class="measure is-overdue">' in page.content.decode()
    only = viewer.get(PLAN, {"overdue": "on"})
    shown = [row.measure.pk for s in only.context["sections"] for row in s.rows]
    assert shown == [measures[0].pk]
    # The summary card's old link (status=overdue) still gives the same list.
    old = viewer.get(PLAN, {"status": "overdue"})
    assert [row.measure.pk for s in old.context["sections"] for row in s.rows] == shown


def test_filters_by_status_and_unit_keep_only_matching_measures(client_as, plan):
    measures = list(Measure.objects.filter(section__plan=plan).order_by("pk"))
    _set(measures[0], status="in_progress", responsible_unit="กองทดสอบ")
    _set(measures[1], status="in_progress")
    viewer = client_as("viewer")
    by_status = viewer.get(PLAN, {"status": "in_progress"}).context["sections"]
    assert sorted(r.measure.pk for s in by_status for r in s.rows) == [
        measures[0].pk, measures[1].pk,
    ]  # fmt: skip
    both = viewer.get(PLAN, {"status": "in_progress", "unit": "กองทดสอบ"}).context["sections"]
    assert [r.measure.pk for s in both for r in s.rows] == [measures[0].pk]
    assert len(both) == 1  # sections without a matching measure are left out


def test_the_page_shows_the_plan_of_the_year_asked_for(client_as, khambong, plan):
    older = services.create_draft(khambong, 2567)
    viewer = client_as("viewer")
    assert viewer.get(PLAN).context["plan"].pk == plan.pk  # the newest by default
    assert viewer.get(PLAN, {"year": 2568}).context["plan"].pk == older.pk
    missing = viewer.get(PLAN, {"year": 2570})
    assert missing.status_code == 200 and missing.context["plan"] is None


def test_a_measure_edit_is_in_the_audit_log_with_before_and_after(client_as, users, plan):
    measure = first_measure(plan)
    client_as("editor").post(edit_url(measure), measure_form(measure, title="ชื่อใหม่", progress=20))
    event = AuditEvent.objects.filter(
        model="plans.measure", object_id=str(measure.pk), action="update"
    ).first()
    assert event is not None
    assert event.actor == users["editor"]
    assert event.agency_id == plan.agency_id
    assert {"title", "progress"} <= set(event.changed_fields())
    assert (event.before["title"], event.after["title"]) == (measure.title, "ชื่อใหม่")
    assert (event.before["progress"], event.after["progress"]) == (measure.progress, 20)


def test_post_only_views_refuse_get(client_as, plan):
    editor: Client = client_as("editor")
    measure = first_measure(plan)
    assert editor.get(f"{PLAN}draft/").status_code == 405
    assert editor.get(f"{PLAN}measures/{measure.pk}/comments/").status_code == 405
    assert editor.get(f"{PLAN}measures/{measure.pk}/evidence/").status_code == 405


def test_the_plan_page_reads_in_the_same_number_of_queries_however_many_measures(client_as, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    editor = client_as("editor")
    editor.get(PLAN)  # warm up the session and the translation catalogues

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor.get(PLAN).status_code == 200
        return len(captured)

    before = queries()
    template = first_measure(plan)
    for n in range(5):
        added = Measure.objects.create(
            section=template.section, title=f"มาตรการเพิ่ม {n}", responsible_unit="สำนักปลัด",
            start=template.start, end=template.end, position=100 + n,
        )  # fmt: skip
        # what a card counts and shows: evidence, comments, the last progress note
        Evidence.objects.create(measure=added, title="ประกาศ", url="https://example.org/")
        Comment.objects.create(measure=added, text="ตรวจแล้ว")
        ProgressNote.objects.create(
            measure=added, date=template.start, status="in_progress", progress=10, done="เริ่มแล้ว"
        )
    assert queries() == before


@pytest.mark.parametrize(
    ("today", "ended"),
    [(date(2026, 3, 1), False), (date(2026, 9, 30), False), (date(2026, 10, 1), True)],
)
def test_once_the_plan_year_is_over_the_page_says_what_is_due_now(
    client_as, plan, monkeypatch, today, ended
):
    """After 30 September the plan's measures are all past their dates; the page says the year
    ended, where the year-end progress report is, and that the next plan answers the results
    of this year (an editor gets the upload link, a viewer only the words)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)
    editor = in_english(client_as("editor"))
    text = editor.get(PLAN).content.decode()
    assert ("fiscal year has ended</h2>" in text) is ended
    if ended:
        assert "Fiscal year 2569 ended on 30 " in text and "the results of 2569" in text
        assert 'href="/a/khambong/upload/"' in text
        viewer = in_english(client_as("viewer")).get(PLAN).content.decode()
        assert "Fiscal year 2569 ended on" in viewer and 'href="/a/khambong/upload/"' not in viewer
        thai = client_as("viewer").get(PLAN).content.decode()
        assert "ปีงบประมาณของแผนนี้สิ้นสุดแล้ว" in thai and "30 กันยายน 2569" in thai
