"""Evidence and comments on a measure: what the working group shows the assessors.

Evidence is a link (e.g. the OIT page on the agency's website) or a file (minutes, orders);
files are downloaded only through an access-checked view, by people who may read the plan.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openita.web.plans import services
from openita.web.plans.models import ActionPlan, Comment, Evidence, Measure

PLAN = "/a/khambong/plan/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def plan(khambong, users) -> ActionPlan:
    return services.create_draft(khambong, 2568)


@pytest.fixture
def measure(plan: ActionPlan) -> Measure:
    return Measure.objects.filter(section__plan=plan).order_by("section__position", "position")[0]


def in_english(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def add_evidence(client: Client, measure: Measure, **data: object) -> object:
    return client.post(f"{PLAN}measures/{measure.pk}/evidence/", data)


def test_a_link_is_kept_as_evidence_with_its_own_date(client_as, users, measure):
    response = add_evidence(
        client_as("editor"),
        measure,
        title="ประกาศเจตจำนงสุจริตบนเว็บไซต์",
        url="https://khambong.go.th/ita/o1",
        evidence_date="15 พ.ย. 2568",
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(measure=measure)
    assert (evidence.url, str(evidence.evidence_date)) == (
        "https://khambong.go.th/ita/o1",
        "2025-11-15",
    )
    assert evidence.added_by == users["editor"]
    page = client_as("viewer").get(f"{PLAN}measures/{measure.pk}/").content.decode()
    assert "https://khambong.go.th/ita/o1" in page and "15 พ.ย. 2568" in page  # Thai date
    card = client_as("viewer").get(PLAN).content.decode()
    assert "https://khambong.go.th/ita/o1" not in card and "หลักฐาน 1 รายการ" in card


def test_a_file_is_stored_under_media_and_a_viewer_downloads_it_as_an_attachment(
    client_as, measure, settings
):
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    add_evidence(client_as("editor"), measure, title="รายงานการประชุม", file=upload)
    evidence = Evidence.objects.get(measure=measure)
    stored = Path(settings.MEDIA_ROOT) / evidence.file.name
    assert stored.read_bytes() == PDF
    assert evidence.file.name.startswith(f"evidence/khambong/{measure.pk}/")
    url = f"{PLAN}evidence/{evidence.pk}/file/"
    for role in ("viewer", "coordinator", "editor"):
        response = client_as(role).get(url)
        assert response.status_code == 200, role
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''" in response["Content-Disposition"]  # the Thai title
        assert b"".join(response.streaming_content) == PDF
    for role in ("outsider_admin", "coordinator_elsewhere"):
        assert client_as(role).get(url).status_code == 404, role
    # another agency's code does not open khambong's evidence either
    elsewhere = client_as("outsider_admin").get(f"/a/other/plan/evidence/{evidence.pk}/file/")
    assert elsewhere.status_code == 404
    assert client_as("anonymous").get(url).status_code == 302  # to the login page


def test_evidence_needs_a_link_or_a_file(client_as, measure):
    response = add_evidence(in_english(client_as("editor")), measure, title="ไม่มีอะไรแนบ")
    assert response.status_code == 200
    assert "Give a link, a file, or both." in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tool.exe", b"MZ\x90\x00"),
        ("script.js", b"alert(1)"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("renamed.pdf", b"<html><script>alert(1)</script></html>"),
        ("noextension", PDF),
    ],
)
def test_files_a_browser_could_run_are_refused(client_as, measure, name, content):
    upload = SimpleUploadedFile(name, content)
    response = add_evidence(client_as("editor"), measure, title="x", file=upload)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("budget.xlsx", b"PK\x03\x04rest-of-zip"),
        ("order.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"),
    ],
)
def test_pictures_and_office_documents_are_accepted(client_as, measure, name, content):
    add_evidence(client_as("editor"), measure, title="x", file=SimpleUploadedFile(name, content))
    assert Evidence.objects.filter(measure=measure).count() == 1


def test_a_file_over_the_upload_limit_is_refused(client_as, measure, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 100)
    response = add_evidence(client_as("editor"), measure, title="x", file=upload)
    assert response.context["form"].errors["file"]
    assert not Evidence.objects.exists()


def test_with_htmx_a_refused_file_comes_back_in_the_row_with_its_error(client_as, measure):
    response = client_as("editor").post(
        f"{PLAN}measures/{measure.pk}/evidence/",
        {"title": "x", "file": SimpleUploadedFile("page.html", b"<html></html>")},
        HTTP_HX_REQUEST="true",
    )
    assert response.templates[0].name == "plans/_measure.html"
    assert response.context["row"].forms["evidence"].errors["file"]
    assert "<details open>" in response.content.decode()


def test_viewers_cannot_add_or_delete_evidence(client_as, measure):
    viewer = client_as("viewer")
    assert add_evidence(viewer, measure, title="x", url="https://example.org").status_code == 403
    evidence = Evidence.objects.create(measure=measure, title="x", url="https://example.org")
    assert viewer.post(f"{PLAN}evidence/{evidence.pk}/delete/").status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_deleting_evidence_removes_its_file_once_the_delete_is_committed(
    client_as, measure, settings, django_capture_on_commit_callbacks
):
    editor = client_as("editor")
    add_evidence(editor, measure, title="x", file=SimpleUploadedFile("a.pdf", PDF))
    evidence = Evidence.objects.get(measure=measure)
    stored = Path(settings.MEDIA_ROOT) / evidence.file.name
    elsewhere = client_as("outsider_admin").post(f"/a/other/plan/evidence/{evidence.pk}/delete/")
    assert elsewhere.status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"{PLAN}evidence/{evidence.pk}/delete/")
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert not stored.exists()


def test_a_comment_is_listed_under_the_measure_with_its_author(client_as, users, measure):
    users["editor"].first_name, users["editor"].last_name = "สมศรี", "ใจดี"
    users["editor"].save()
    editor = client_as("editor")
    response = editor.post(
        f"{PLAN}measures/{measure.pk}/comments/", {"text": "ส่งร่างคู่มือให้ปลัดตรวจแล้ว"}
    )
    assert response.status_code == 302
    comment = Comment.objects.get(measure=measure)
    assert comment.author == users["editor"]
    row = client_as("viewer").get(f"{PLAN}measures/{measure.pk}/").content.decode()
    assert "ส่งร่างคู่มือให้ปลัดตรวจแล้ว" in row and "สมศรี ใจดี" in row
    card = client_as("viewer").get(PLAN).content.decode()
    assert "ความคิดเห็น 1 รายการ" in card


def test_an_empty_comment_is_refused_and_a_viewer_may_not_comment(client_as, measure):
    url = f"{PLAN}measures/{measure.pk}/comments/"
    response = client_as("editor").post(url, {"text": ""})
    assert response.status_code == 200 and response.context["form"].errors["text"]
    assert client_as("viewer").post(url, {"text": "x"}).status_code == 403
    assert not Comment.objects.exists()
