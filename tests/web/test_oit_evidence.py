"""OIT evidence beyond links: uploaded files (stored with the plans' evidence, served with
access checks or, for public items, without login), OpenITA's own report and progress report
attached with one click, and each item's self-check history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from openita.web.agencies.models import Agency
from openita.web.audit.models import AuditEvent
from openita.web.oit import documents
from openita.web.oit.models import CheckOutcome, CheckRun, DocumentEvidence, EvidenceFile
from openita.web.plans import evidence_storage
from openita.web.plans import services as plan_services
from tests.oitcheck.site import docx, pdf
from tests.web.conftest import SEED_2568, _save

pytestmark = pytest.mark.django_db


def _url(name, year=2568, **kwargs):
    return reverse(name, kwargs={"code": "khambong", "year": year, **kwargs})


def _pdf(name="รายงาน.pdf", text="รายงานผลการดำเนินงานประจำปี พ.ศ. 2567"):
    return SimpleUploadedFile(name, pdf(text), content_type="application/pdf")


def _upload(client, item="O7", **kwargs):
    return client.post(_url("oit:file_add", item=item), {"file": _pdf(**kwargs), "title": ""})


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# -- uploaded files ---------------------------------------------------------------------------


def test_an_uploaded_file_is_listed_downloaded_and_deleted_with_its_audit_trail(
    client_as, khambong, settings, django_capture_on_commit_callbacks
):
    editor = client_as("editor")
    assert _upload(editor, name="คำสั่งแต่งตั้ง.pdf").status_code == 302
    upload = EvidenceFile.objects.get()
    assert upload.item_id == "O7" and upload.title == "คำสั่งแต่งตั้ง"
    stored = settings.MEDIA_ROOT / upload.file.name
    assert stored.is_file() and upload.file.name.startswith("evidence/khambong/oit-2568-O7/")
    assert AuditEvent.objects.filter(model="oit.evidencefile", action="create").exists()

    viewer = client_as("viewer")
    page = viewer.get(_url("oit:checklist")).content.decode()
    assert "คำสั่งแต่งตั้ง" in page and _url("oit:file", pk=upload.pk) in page
    download = viewer.get(_url("oit:file", pk=upload.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "sandbox"
    assert _body(download).startswith(b"%PDF")

    assert viewer.post(_url("oit:file_delete", pk=upload.pk)).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(_url("oit:file_delete", pk=upload.pk)).status_code == 302
    assert not EvidenceFile.objects.exists() and not stored.exists()
    assert AuditEvent.objects.filter(model="oit.evidencefile", action="delete").exists()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>", "ไม่ใช่ไฟล์"),
        ("page.html", b"<html></html>", "html"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * 3000, "MB"),
    ],
)
def test_a_file_of_the_wrong_content_type_or_size_is_refused_and_nothing_is_written(
    client_as, khambong, settings, name, content, error
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2048
    editor = client_as("editor")
    response = editor.post(
        _url("oit:file_add", item="O7"),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert not EvidenceFile.objects.exists()
    assert not (settings.MEDIA_ROOT / "evidence").exists()
    assert error in response.content.decode()


def test_a_file_is_public_only_while_its_item_is(client, client_as, khambong):
    editor = client_as("editor")
    _upload(editor, item="O7")
    _upload(editor, item="O12", name="secret.pdf")
    o7, o12 = EvidenceFile.objects.order_by("item_id")
    o7, o12 = (o7, o12) if o7.item_id == "O7" else (o12, o7)
    assert client.get(_url("oit_public:file", pk=o7.pk)).status_code == 404
    editor.post(_url("oit:item_state", item="O7"), {"public": "on"})
    served = client.get(_url("oit_public:file", pk=o7.pk))
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Type"] == "application/octet-stream"
    assert client.get(_url("oit_public:file", pk=o12.pk)).status_code == 404  # O12 not public
    # the same file under another agency's code or another year is not found either
    other = reverse("oit_public:file", kwargs={"code": "other", "year": 2568, "pk": o7.pk})
    assert client.get(other).status_code == 404
    assert client.get(_url("oit_public:file", year=2569, pk=o7.pk)).status_code == 404
    page = client.get(_url("oit_public:page")).content.decode()
    assert _url("oit_public:file", pk=o7.pk) in page and "secret" not in page
    feed = client.get(_url("oit_public:feed")).json()
    assert feed["items"][0]["links"] == [
        {"url": f"http://testserver{_url('oit_public:file', pk=o7.pk)}", "label": o7.title}
    ]
    editor.post(_url("oit:item_state", item="O7"), {})
    assert client.get(_url("oit_public:file", pk=o7.pk)).status_code == 404


def test_cleaning_the_evidence_store_keeps_the_oit_files(client_as, khambong):
    _upload(client_as("editor"))
    upload = EvidenceFile.objects.get()
    later = timezone.now().timestamp() + 2 * evidence_storage.GRACE
    assert upload.file.name not in evidence_storage.orphans(now=later)
    assert evidence_storage.missing() == []
    upload.file.storage.delete(upload.file.name)
    assert evidence_storage.missing() == [(upload.pk, upload.file.name)]


@pytest.mark.django_db(transaction=True)
def test_the_self_check_reads_uploaded_files_like_fetched_documents(client_as, khambong):
    editor = client_as("editor")
    # FY2568: O7 covers 2567 (the annual report of the year before), O1 covers 2568.
    _upload(editor, item="O7", text="รายงานผลการดำเนินงานประจำปี พ.ศ. 2566")
    word = SimpleUploadedFile("o1.docx", docx("โครงสร้างหน่วยงาน ปีงบประมาณ พ.ศ. ๒๕๖๘"))
    editor.post(_url("oit:file_add", item="O1"), {"file": word})
    editor.post(_url("oit:check_start"))
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run = CheckRun.objects.get()
    assert run.status == CheckRun.Status.DONE
    outcomes = {o.item_id: o for o in CheckOutcome.objects.filter(run=run)}
    assert outcomes["O7"].verdict == "wrong_year"
    assert outcomes["O1"].verdict == "ok"
    assert outcomes["O2"].verdict == "missing"
    o7_file = EvidenceFile.objects.get(item_id="O7")
    assert outcomes["O7"].links[0]["file_id"] == o7_file.pk
    assert outcomes["O7"].links[0]["years"] == [2566]
    page = editor.get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "ตรวจล่าสุด" in page and "ปีไม่ตรง" in page


# -- OpenITA documents ------------------------------------------------------------------------


def test_items_that_take_an_openita_document_offer_it_for_the_right_year(client_as, khambong):
    editor = client_as("editor")
    sheet = editor.get(_url("oit:checklist")).context["sheet"]
    offers = {item.id: item.offer for item in sheet.items if item.offer is not None}
    # FY2568 local government: O27 the measures (the report on the 2567 results, which
    # carries the plan of 2568), O28 their progress (the plan of 2568, not drafted yet).
    assert set(offers) == {"O27", "O28"}
    assert offers["O27"].kind == documents.Kind.REPORT and offers["O27"].year == 2567
    assert offers["O27"].available
    assert offers["O28"].kind == documents.Kind.PROGRESS and offers["O28"].year == 2568
    assert not offers["O28"].available and "2568" in offers["O28"].missing
    page = editor.get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert page.count("แนบรายงานจาก OpenITA") == 1  # O27 only; O28 says why not
    assert "ยังไม่มีแผนของปีงบประมาณ 2568" in page

    refused = editor.post(_url("oit:document_attach", item="O28"))
    assert refused.status_code == 302 and not DocumentEvidence.objects.exists()
    assert editor.post(_url("oit:document_attach", item="O1")).status_code == 404
    plan_services.create_draft(khambong, 2567)  # the plan of 2568
    editor.post(_url("oit:document_attach", item="O28"))
    row = DocumentEvidence.objects.get()
    assert (row.item_id, row.kind, row.document_year) == ("O28", "progress", 2568)
    assert AuditEvent.objects.filter(model="oit.documentevidence").exists()


def test_a_central_agency_gets_its_report_offered_on_o25_of_2569(client_as, khambong):
    agency = Agency.objects.create(code="rail", name="สถาบันทดสอบ", kind="central_agency")
    _save(agency, SEED_2568, {"code": "rail", "name": "สถาบันทดสอบ"})
    from openita.web.oit.checklist import checklist

    sheet = checklist(agency, 2569)
    offers = {item.id: item.offer for item in sheet.items if item.offer is not None}
    assert offers["O25"].kind == documents.Kind.REPORT and offers["O25"].year == 2568
    assert offers["O25"].available
    # O26 reports the previous year's measures: the progress report of the plan of 2568
    assert offers["O26"].kind == documents.Kind.PROGRESS and offers["O26"].year == 2568


def test_the_document_link_serves_the_latest_pdf_only_while_the_item_is_public(
    client, client_as, khambong, monkeypatch, django_capture_on_commit_callbacks
):
    from openita.web.assessments import reporting

    calls = []
    real = reporting.render

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(reporting, "render", counted)
    editor = client_as("editor")
    editor.post(_url("oit:document_attach", item="O27"))
    link = reverse(
        "oit_public:document", kwargs={"code": "khambong", "year": 2567, "kind": "report"}
    )
    assert client.get(link).status_code == 404  # O27 is not public yet
    with django_capture_on_commit_callbacks(execute=True):  # making it public queues the PDF
        editor.post(_url("oit:item_state", item="O27"), {"public": "on", "ready": "on"})
    page = client.get(_url("oit_public:page")).content.decode()
    assert link in page
    assert client.get(link).status_code == 503 and calls == []  # being prepared
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)  # LibreOffice
    assert len(calls) == 1
    first = client.get(link)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    content = _body(first)
    assert content.startswith(b"%PDF")
    assert first["X-Content-Type-Options"] == "nosniff"
    assert "ita-2567-khambong.pdf" in first["Content-Disposition"]
    assert _body(client.get(link)) == content and len(calls) == 1  # stored, not rendered again
    assert client.get(link.replace("report", "nothing")).status_code == 404


# -- self-check history -----------------------------------------------------------------------


def _run(agency, when, verdict, years):
    run = CheckRun.objects.create(
        agency=agency, fiscal_year=2568, status=CheckRun.Status.DONE, finished_at=when
    )
    reasons = [{"code": "other_years", "params": {"year": 2567, "years": years}}]
    if verdict == "ok":
        reasons = [{"code": "year_found", "params": {"year": 2567}}]
    link = {"url": "https://khambong.go.th/o7.pdf", "verdict": verdict, "reasons": reasons}
    CheckOutcome.objects.create(run=run, item_id="O7", verdict=verdict, links=[link])
    return run


def test_each_item_shows_its_latest_verdict_and_its_history_newest_first(client_as, khambong):
    now = timezone.now().replace(year=2026, month=12, day=2, hour=10)
    _run(khambong, now - timedelta(days=30), "wrong_year", "2566")
    _run(khambong, now, "ok", "")
    viewer = client_as("viewer")
    page = viewer.get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "ตรวจล่าสุด 2 ธ.ค. 2569: พร้อม" in page
    history_url = _url("oit:item_history", item="O7")
    assert history_url in page
    history = viewer.get(history_url, HTTP_ACCEPT_LANGUAGE="th")
    assert history.status_code == 200
    text = history.content.decode()
    assert text.index("2 ธ.ค. 2569") < text.index("2 พ.ย. 2569")  # newest first
    assert "2566" in text and "https://khambong.go.th/o7.pdf" in text
    english = viewer.get(history_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 Dec 2569" in english
    assert viewer.get(_url("oit:item_history", item="O99")).status_code == 404


def test_a_control_character_in_a_file_name_never_reaches_its_title(client_as, khambong):
    upload = SimpleUploadedFile("รายงาน\x07.pdf", pdf("พ.ศ. 2567"))
    client_as("editor").post(_url("oit:file_add", item="O7"), {"file": upload})
    assert EvidenceFile.objects.get().title == "รายงาน"
    typed = SimpleUploadedFile("o7.pdf", pdf("พ.ศ. 2567"))
    client_as("editor").post(_url("oit:file_add", item="O7"), {"file": typed, "title": "a\x07"})
    assert EvidenceFile.objects.count() == 1  # a typed title is checked like any stored text


@pytest.mark.django_db(transaction=True)
def test_the_self_check_flags_an_attached_document_whose_link_is_still_closed(client_as, khambong):
    editor = client_as("editor")
    editor.post(_url("oit:document_attach", item="O27"))
    for public in (False, True):
        editor.post(_url("oit:item_state", item="O27"), {"public": "on"} if public else {})
        editor.post(_url("oit:check_start"))
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        outcome = CheckOutcome.objects.get(run=CheckRun.objects.first(), item_id="O27")
        link = outcome.links[-1]
        assert link["document"] is True
        assert link["url"] == "/p/khambong/2567/documents/report.pdf"
        if public:
            assert outcome.verdict == "ok" and link["reasons"][0]["code"] == "document_ready"
        else:
            assert outcome.verdict == "broken"
            assert link["reasons"][0]["code"] == "document_not_public"


def test_the_checklist_shows_public_addresses_in_full_with_a_copy_button(
    client_as, khambong, settings
):
    """Built from the request: behind the proxy the scheme comes from X-Forwarded-Proto."""
    settings.ALLOWED_HOSTS = ["testserver", "ita.example.go.th"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    editor = client_as("editor")
    _upload(editor, item="O7")
    editor.post(_url("oit:document_attach", item="O27"))
    for item in ("O7", "O27"):
        editor.post(_url("oit:item_state", item=item), {"public": "on"})
    upload = EvidenceFile.objects.get()
    page = editor.get(
        _url("oit:checklist"),
        HTTP_HOST="ita.example.go.th",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_ACCEPT_LANGUAGE="th",
    ).content.decode()
    base = "https://ita.example.go.th"
    for path in (
        _url("oit_public:file", pk=upload.pk),
        reverse("oit_public:document", kwargs={"code": "khambong", "year": 2567, "kind": "report"}),
        _url("oit_public:page"),
    ):
        address = base + path
        # selectable text (a link) without JavaScript; the button is shown by oit.js
        assert f'<a href="{address}" class="url">{address}</a>' in page, path
        assert f'data-copy="{address}"' in page
    assert page.count('class="link copy"') == 3 and page.count("hidden>คัดลอก") == 3
    assert "/static/openita/oit.js" in page
    # plain http without the proxy header gives http addresses
    plain = editor.get(_url("oit:checklist"), HTTP_HOST="ita.example.go.th").content.decode()
    assert f"http://ita.example.go.th{_url('oit_public:file', pk=upload.pk)}" in plain


def test_an_attached_document_is_pending_not_ready_until_its_pdf_is_stored(client_as, khambong):
    """The public address answers 503 until the worker has stored the PDF, so the self-check
    may not call the document ready before that (here no worker runs: nothing is stored)."""
    from django.core.files.base import ContentFile

    from openita.web.oit.models import StoredDocument
    from openita.web.oit.tasks import execute_run, start_run

    editor = client_as("editor")
    editor.post(_url("oit:document_attach", item="O27"))
    editor.post(_url("oit:item_state", item="O27"), {"public": "on"})

    def check() -> tuple[CheckOutcome, dict]:
        run = start_run(khambong, 2568)
        assert run is not None
        execute_run(run.pk)
        outcome = CheckOutcome.objects.get(run=run, item_id="O27")
        return outcome, outcome.links[-1]

    outcome, link = check()
    assert link["document"] is True
    assert outcome.verdict == "pending" and link["verdict"] == "pending"
    assert link["reasons"] == [{"code": "document_pending", "params": {"year": 2567}}]
    page = editor.get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    item = page[page.index('id="O27"') :]
    assert "ยังไม่พร้อม: รอไฟล์ PDF" in item and "แต่ระบบยังจัดทำไฟล์ PDF ไม่เสร็จ" in item
    row = StoredDocument.objects.create(agency=khambong, kind="report", document_year=2567)
    row.file.save("report-2567.pdf", ContentFile(b"%PDF-1.4 stored"))
    outcome, link = check()
    assert outcome.verdict == "ok" and link["reasons"][0]["code"] == "document_ready"
    row.file.storage.delete(row.file.name)  # the file gone from storage: pending again
    assert check()[0].verdict == "pending"
