"""The plan as the YAML file of ``openita plan draft``: exported, edited offline, imported back.

An import is all or nothing: a mistake in the file is shown with its line and field and the
plan stays as it was; matched measures keep their evidence and comments.
"""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openita.analysis.plan import parse_plan
from openita.web.plans import services
from openita.web.plans.models import ActionPlan, Comment, Evidence, Measure, ProgressNote

PLAN = "/a/khambong/plan/"


@pytest.fixture
def plan(khambong, users) -> ActionPlan:
    return services.create_draft(khambong, 2568)


def export(client: Client) -> str:
    response = client.get(f"{PLAN}export.yaml", {"year": 2569})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plan-2569-khambong.yaml"'
    return response.content.decode("utf-8")


def import_(client: Client, text: str, name: str = "plan.yaml") -> object:
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")
    return client.post(f"{PLAN}import/", {"year": 2569, "file": upload})


def stored(plan: ActionPlan) -> list[tuple[str, str, str, int]]:
    return [
        (m.section.indicator, m.title, m.status, m.progress)
        for m in Measure.objects.filter(section__plan=plan)
        .select_related("section")
        .order_by("section__position", "position")
    ]


def test_the_export_is_the_plan_file_of_the_cli_and_reads_back_unchanged(client_as, plan):
    text = export(client_as("viewer"))
    parsed = parse_plan(text, "plan.yaml")
    assert parsed == services.action_plan(plan)
    before = stored(plan)
    response = import_(client_as("editor"), text)
    assert response.status_code == 302
    assert stored(plan) == before


def test_an_offline_edit_comes_back_and_the_measure_keeps_its_evidence_and_comments(
    client_as, users, plan
):
    first = Measure.objects.filter(section__plan=plan).order_by("section__position", "position")[0]
    Evidence.objects.create(measure=first, title="หลักฐาน", url="https://example.org/o1")
    Comment.objects.create(measure=first, author=users["editor"], text="เริ่มแล้ว")
    editor = client_as("editor")
    doc = yaml.safe_load(export(editor))
    changed = doc["sections"][0]["measures"][0]
    changed.update(title="คู่มือการปฏิบัติงาน (ฉบับแก้ไขนอกระบบ)", status="done", progress=80)
    doc["sections"][1]["measures"].append(
        {
            "title": "มาตรการใหม่จากไฟล์",
            "responsible_unit": "กองคลัง",
            "steps": ["ขั้นที่ 1"],
            "start": "2025-10-01",
            "end": "2026-09-30",
        }
    )
    dropped = doc["sections"][-1]["measures"].pop()
    response = import_(editor, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    assert response.status_code == 302
    renamed = Measure.objects.get(pk=first.pk)  # matched by place: the title changed
    assert renamed.title == "คู่มือการปฏิบัติงาน (ฉบับแก้ไขนอกระบบ)"
    assert (renamed.status, renamed.progress) == ("done", 100)  # done counts as 100 %
    assert renamed.evidence.count() == 1 and renamed.comments.count() == 1
    assert Measure.objects.filter(section__plan=plan, title="มาตรการใหม่จากไฟล์").exists()
    last_section = plan.sections.order_by("-position")[0]
    assert not last_section.measures.filter(title=dropped["title"]).exists()


def test_a_mistake_in_the_file_is_shown_with_its_line_and_nothing_is_saved(client_as, plan):
    editor = client_as("editor")
    text = export(editor)
    before = stored(plan)
    broken = text.replace("progress: 0", "progress: 140", 1).replace(
        "status: not_started", "status: finished", 1
    )
    response = import_(editor, broken, "my-plan.yaml")
    assert response.status_code == 400
    problems = response.context["problems"]
    lines = broken.splitlines()
    by_field = {p.field.rsplit(".", 1)[-1]: p for p in problems}
    assert set(by_field) == {"progress", "status"}
    for key, value in (("progress", "140"), ("status", "finished")):
        problem = by_field[key]
        assert problem.file == "my-plan.yaml"
        assert lines[problem.line - 1].strip() == f"{key}: {value}"
    assert stored(plan) == before


def test_the_plan_of_another_agency_or_year_is_refused(client_as, plan):
    editor = client_as("editor")
    text = export(editor)
    other = text.replace("agency: เทศบาลตำบลคำบง", "agency: เทศบาลตำบลตัวอย่าง")
    problems = import_(editor, other).context["problems"]
    assert [p.field for p in problems] == ["agency"]
    later = text.replace("fiscal_year: 2569", "fiscal_year: 2570")
    assert [p.field for p in import_(editor, later).context["problems"]] == ["fiscal_year"]


def test_a_measure_with_evidence_is_not_dropped_silently_by_an_import(client_as, plan):
    editor = client_as("editor")
    doc = yaml.safe_load(export(editor))
    kept = Measure.objects.filter(section__plan=plan).order_by("-section__position", "-position")[0]
    Evidence.objects.create(measure=kept, title="หลักฐาน", url="https://example.org/o28")
    doc["sections"][-1]["measures"] = [
        m for m in doc["sections"][-1]["measures"] if m["title"] != kept.title
    ]
    response = import_(editor, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    assert response.status_code == 400
    assert kept.title in response.context["problems"][0].message
    assert Measure.objects.filter(pk=kept.pk).exists()


def test_a_file_that_is_not_yaml_text_is_refused(client_as, plan):
    editor = client_as("editor")
    upload = SimpleUploadedFile("plan.yaml", b"\xff\xfe\x00binary")
    response = editor.post(f"{PLAN}import/", {"year": 2569, "file": upload})
    assert response.status_code == 400
    assert response.context["problems"][0].file == "plan.yaml"


def test_readers_export_and_only_editors_import(client_as, plan):
    text = export(client_as("coordinator"))
    assert import_(client_as("viewer"), text).status_code == 403
    assert client_as("outsider_admin").get(f"{PLAN}export.yaml").status_code == 404
    assert import_(client_as("outsider_admin"), text).status_code == 404


# --- progress notes -------------------------------------------------------------------------


def _first(plan: ActionPlan) -> Measure:
    return Measure.objects.filter(section__plan=plan).order_by("section__position", "position")[0]


def _notes(measure: Measure) -> list[tuple[object, ...]]:
    return [(n.date, n.status, n.progress, n.done) for n in measure.notes.order_by("date")]


def test_progress_notes_and_their_evidence_survive_export_and_import(client_as, users, plan):
    first = _first(plan)
    ProgressNote.objects.create(
        measure=first, date=date(2025, 12, 1), status="in_progress", progress=30,
        done="จัดทำร่างคู่มือแล้ว", author=users["editor"],
    )  # fmt: skip
    ProgressNote.objects.create(
        measure=first, date=date(2026, 3, 15), status="in_progress", progress=60,
        done="เสนอผู้บริหารแล้ว", author=users["editor"],
    )  # fmt: skip
    Evidence.objects.create(
        measure=first, title="ข่าว", url="https://khambong.go.th/news/7",
        evidence_date=date(2025, 11, 20),
    )  # fmt: skip
    Evidence.objects.create(
        measure=first, title="คำสั่งแต่งตั้ง.pdf", file="evidence/khambong/x/order.pdf",
        evidence_date=date(2026, 3, 1),
    )  # fmt: skip
    editor = client_as("editor")
    text = export(editor)
    notes = parse_plan(text, "plan.yaml").sections[0].measures[0].notes
    assert [(n.date, n.progress, n.done) for n in notes] == [
        (date(2025, 12, 1), 30, "จัดทำร่างคู่มือแล้ว"),
        (date(2026, 3, 15), 60, "เสนอผู้บริหารแล้ว"),
    ]
    assert notes[0].evidence == ["https://khambong.go.th/news/7"]
    assert notes[1].evidence == ["คำสั่งแต่งตั้ง.pdf"]  # a file: named by its title
    before = (_notes(first), Evidence.objects.count())
    response = import_(editor, text)
    assert response.status_code == 302
    assert (_notes(first), Evidence.objects.count()) == before  # nothing doubled
    assert export(editor) == text


def test_a_note_written_offline_is_imported_with_its_link(client_as, users, plan):
    editor = client_as("editor")
    doc = yaml.safe_load(export(editor))
    doc["sections"][0]["measures"][0]["notes"] = [
        {
            "date": "2026-02-10",
            "progress": 50,
            "status": "in_progress",
            "done": "ประชุมคณะทำงานแล้ว",
            "evidence": ["https://khambong.go.th/meeting/2"],
        }
    ]
    response = import_(editor, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    assert response.status_code == 302
    first = _first(plan)
    assert _notes(first) == [(date(2026, 2, 10), "in_progress", 50, "ประชุมคณะทำงานแล้ว")]
    assert first.notes.get().author == users["editor"]
    link = first.evidence.get()
    assert (link.url, link.evidence_date) == ("https://khambong.go.th/meeting/2", date(2026, 2, 10))
    again = parse_plan(export(editor), "plan.yaml").sections[0].measures[0].notes
    assert [(n.date, n.done, n.evidence) for n in again] == [
        (date(2026, 2, 10), "ประชุมคณะทำงานแล้ว", ["https://khambong.go.th/meeting/2"])
    ]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "จากบันทึกความก้าวหน้าในไฟล์: เพิ่มบันทึก 1 รายการ และลิงก์หลักฐาน 1 รายการ" in messages


def test_a_note_link_that_is_no_web_address_is_refused_with_its_line(client_as, plan):
    editor = client_as("editor")
    doc = yaml.safe_load(export(editor))
    doc["sections"][0]["measures"][0]["notes"] = [
        {"date": "2026-02-10", "progress": 50, "status": "in_progress",
         "evidence": ["หนังสือที่ อด 123/2569"]}
    ]  # fmt: skip
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    response = import_(editor, text, "my-plan.yaml")
    assert response.status_code == 400
    (problem,) = response.context["problems"]
    assert problem.file == "my-plan.yaml" and problem.field.endswith("notes.0.evidence.0")
    assert "หนังสือที่ อด 123/2569" in text.splitlines()[problem.line - 1]
    assert not ProgressNote.objects.exists() and not Evidence.objects.exists()


def test_a_note_in_a_buddhist_era_year_is_refused_as_the_cli_refuses_it(client_as, plan):
    editor = client_as("editor")
    doc = yaml.safe_load(export(editor))
    doc["sections"][0]["measures"][0]["notes"] = [
        {"date": "2569-02-10", "progress": 50, "status": "in_progress"}
    ]
    response = import_(editor, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    assert response.status_code == 400
    assert response.context["problems"][0].field.endswith("notes.0.date")
    assert not ProgressNote.objects.exists()
