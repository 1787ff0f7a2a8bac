"""Progress notes written by the plan page, and the progress report download."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from openita.web.plans import services
from openita.web.plans.models import ActionPlan, Evidence, Measure, ProgressNote
from tests.web.conftest import docx_body

from .test_plans_pages import PLAN, first_measure, measure_form


@pytest.fixture
def plan(khambong, users) -> ActionPlan:
    return services.create_draft(khambong, 2568)


def _url(fmt: str = "docx", code: str = "khambong", **query: object) -> str:
    base = reverse("plans:progress_report", kwargs={"code": code, "fmt": fmt})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_progress_update_writes_a_dated_note(client_as, plan: ActionPlan) -> None:
    measure = first_measure(plan)
    response = client_as("editor").post(
        f"{PLAN}measures/{measure.pk}/progress/",
        {"status": "in_progress", "progress": 40, "done": "  ประชุมชี้แจงแล้ว "},
    )
    assert response.status_code == 302
    (note,) = ProgressNote.objects.filter(measure=measure)
    assert (note.date, note.status, note.progress, note.done) == (
        timezone.localdate(), "in_progress", 40, "ประชุมชี้แจงแล้ว"
    )  # fmt: skip
    assert note.author is not None and note.author.username == "editor"


def test_a_refused_update_writes_no_note(client_as, plan: ActionPlan) -> None:
    measure = first_measure(plan)
    client_as("editor").post(f"{PLAN}measures/{measure.pk}/progress/", {"status": "x"})
    assert not ProgressNote.objects.exists()


def test_editing_the_status_on_the_measure_form_writes_a_note_too(client_as, plan) -> None:
    measure = first_measure(plan)
    client_as("editor").post(
        f"{PLAN}measures/{measure.pk}/edit/", measure_form(measure, status="done", progress=100)
    )
    assert [(n.status, n.progress) for n in ProgressNote.objects.all()] == [("done", 100)]
    client_as("editor").post(
        f"{PLAN}measures/{measure.pk}/edit/", measure_form(Measure.objects.get(pk=measure.pk),
                                                           title="ชื่อใหม่")
    )  # fmt: skip
    assert ProgressNote.objects.count() == 1  # only the title changed


def test_the_plan_page_offers_the_progress_report(client_as, plan: ActionPlan) -> None:
    page = client_as("viewer").get(PLAN).content.decode()
    assert _url("docx") in page and _url("pdf") in page


def test_the_progress_report_is_built_from_notes_and_evidence(client_as, plan, khambong):
    measure = first_measure(plan)
    ProgressNote.objects.create(
        measure=measure, date=date(2025, 12, 1), status="in_progress", progress=35,
        done="จัดทำร่างคู่มือแล้ว",
    )  # fmt: skip
    ProgressNote.objects.create(
        measure=measure, date=date(2026, 6, 1), status="done", progress=100, done="เผยแพร่แล้ว"
    )
    Evidence.objects.create(
        measure=measure, title="ข่าว", url="https://khambong.go.th/news/7",
        evidence_date=date(2025, 11, 20),
    )  # fmt: skip
    response = client_as("viewer").get(_url(year=plan.fiscal_year, round=6))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="progress-2569-6m-khambong.docx"'
    )
    body = docx_body(response.content)
    assert "รอบ 6 เดือน" in body and "จัดทำร่างคู่มือแล้ว" in body and "เผยแพร่แล้ว" not in body
    assert "https://khambong.go.th/news/7" in body and ">35<" in body
    year_end = docx_body(client_as("viewer").get(_url(round=12)).content)
    assert "รอบ 12 เดือน" in year_end and "เผยแพร่แล้ว" in year_end and ">100<" in year_end


@pytest.mark.parametrize("query", [{"round": 9}, {"round": "x"}, {"year": 2570}])
def test_a_bad_round_or_a_missing_plan_is_404(client_as, plan, query) -> None:
    assert client_as("viewer").get(_url(**query)).status_code == 404


def test_an_unknown_format_is_404(client_as, plan) -> None:
    assert client_as("viewer").get(_url("odt")).status_code == 404


def test_another_agency_cannot_download_it(client_as, plan) -> None:
    assert client_as("viewer").get(_url(code="other")).status_code in (403, 404)
    assert client_as("outsider_admin").get(_url()).status_code in (403, 404)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_progress_report_has_its_figures_in_its_text(client_as, plan, tmp_path):
    response = client_as("viewer").get(_url("pdf", round=12))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "progress.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    n = Measure.objects.filter(section__plan=plan).count()
    assert "รายงานผลการดำเนินงาน" in text and str(n) in text


def test_the_plan_page_offers_arabic_or_thai_digits(client_as, plan: ActionPlan) -> None:
    page = client_as("viewer").get(PLAN).content.decode()
    assert 'name="digits"' in page and '<option value="thai">' in page


def test_thai_digits_in_the_docx_progress_report_on_request(client_as, plan) -> None:
    measure = first_measure(plan)
    ProgressNote.objects.create(
        measure=measure, date=date(2026, 6, 1), status="in_progress", progress=35, done="ทำแล้ว"
    )
    thai = docx_body(client_as("viewer").get(_url(round=12, digits="thai")).content)
    arabic = docx_body(client_as("viewer").get(_url(round=12)).content)
    assert ">๓๕<" in thai and ">35<" not in thai
    assert ">35<" in arabic and ">๓๕<" not in arabic
    assert "๒๕๖๙" in thai and "2569" in arabic


def test_unknown_digits_are_404(client_as, plan) -> None:
    assert client_as("viewer").get(_url(digits="roman")).status_code == 404


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_progress_report_in_thai_digits_has_them_in_its_text(client_as, plan, tmp_path):
    response = client_as("viewer").get(_url("pdf", round=12, digits="thai"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "progress.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "๒๕๖๙" in text and "2569" not in text
