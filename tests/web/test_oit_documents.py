"""The public addresses of OpenITA documents serve PDFs the background worker rendered and
stored; a public request never renders (docs/oit.md, "OpenITA's own documents").

A request that finds no stored PDF answers 503 "กำลังจัดทำเอกสาร" with Retry-After and queues
one rendering; a stored PDF of older inputs is served while a new one is queued; making an item
public or changing a document's inputs queues a rendering once the change is committed.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openita.web.assessments import reporting
from openita.web.assessments.models import Result
from openita.web.oit import documents
from openita.web.oit.models import DocumentEvidence, ItemState, StoredDocument
from openita.web.plans import progress_report
from openita.web.plans import services as plan_services

pytestmark = pytest.mark.django_db

TASK = "openita.web.oit.tasks.render_document"
REPORT = reverse("oit_public:document", kwargs={"code": "khambong", "year": 2567, "kind": "report"})


def _never_render(*args, **kwargs):
    raise AssertionError("a public request rendered a document")


@pytest.fixture
def no_rendering(monkeypatch):
    """Any rendering fails the test: the report code and the document maker alike."""
    monkeypatch.setattr(reporting, "render", _never_render)
    monkeypatch.setattr(progress_report, "render", _never_render)
    monkeypatch.setattr(documents, "make", _never_render)


@pytest.fixture
def fake_pdf(monkeypatch):
    """A quick stand-in for LibreOffice in the worker: each rendering gives a new PDF."""
    made = []

    def make(agency, kind, year):
        made.append((agency.code, kind, year))
        content = f"%PDF-1.4 {kind} {year} #{len(made)}".encode()
        return documents.Document(f"ita-{year}-{agency.code}.pdf", content)

    monkeypatch.setattr(documents, "make", make)
    return made


@pytest.fixture
def published(khambong):
    """O27 of 2568 shows the report on the 2567 results and is on the public page (rows made
    directly: no commit hooks run in these tests, so nothing is queued yet)."""
    DocumentEvidence.objects.create(
        agency=khambong, fiscal_year=2568, item_id="O27", kind="report", document_year=2567
    )
    ItemState.objects.create(agency=khambong, fiscal_year=2568, item_id="O27", public=True)
    return khambong


def _tasks():
    return list(DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at"))


def _work():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_public_request_never_renders_it_answers_503_and_queues_one_task(
    client, published, no_rendering
):
    first = client.get(REPORT, HTTP_ACCEPT_LANGUAGE="th")
    assert first.status_code == 503
    assert first["Retry-After"] == str(documents.RETRY_AFTER_SECONDS)
    assert first["Cache-Control"] == "no-store"
    assert first["Content-Type"].startswith("text/html")
    page = first.content.decode()
    assert "กำลังจัดทำเอกสาร" in page and "เทศบาลตำบลคำบง" in page
    assert f"{documents.RETRY_AFTER_SECONDS}\u00a0วินาที" in page  # kept on one line
    tasks = _tasks()
    assert len(tasks) == 1
    assert tasks[0].args_kwargs == {"args": [published.pk, "report", 2567], "kwargs": {}}
    # a second request (another visitor, a crawler) while the task waits queues nothing more
    assert client.get(REPORT).status_code == 503
    assert len(_tasks()) == 1
    english = client.get(REPORT, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The document is being prepared" in english


def test_two_requests_that_read_the_row_before_either_claimed_queue_one_task(
    published, no_rendering, monkeypatch
):
    """The claim is the conditional UPDATE, not the row each request read earlier."""
    current = documents.stamp(published, documents.Kind.REPORT, 2567)
    row = documents._row(published, documents.Kind.REPORT, 2567)
    monkeypatch.setattr(documents, "_row", lambda *args: row)  # both hold the unclaimed row
    assert documents.request(published, documents.Kind.REPORT, 2567, current) is True
    assert documents.request(published, documents.Kind.REPORT, 2567, current) is False
    assert len(_tasks()) == 1


def test_the_worker_stores_the_pdf_and_the_address_serves_it_without_rendering(
    client, published, fake_pdf, settings, monkeypatch
):
    assert client.get(REPORT).status_code == 503
    _work()
    assert fake_pdf == [("khambong", documents.Kind.REPORT, 2567)]
    stored = StoredDocument.objects.get()
    path = Path(settings.MEDIA_ROOT) / (stored.file.name or "")
    assert stored.file.name.startswith("documents/khambong/report-2567-")
    assert path.read_bytes() == b"%PDF-1.4 report 2567 #1"
    assert stored.stamp == documents.stamp(published, documents.Kind.REPORT, 2567)
    assert stored.rendered_at is not None and stored.error == ""
    assert _tasks()[0].status == "SUCCESSFUL"

    monkeypatch.setattr(documents, "make", _never_render)
    served = client.get(REPORT)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert _body(served) == b"%PDF-1.4 report 2567 #1"
    assert "ita-2567-khambong.pdf" in served["Content-Disposition"]
    assert served["Content-Disposition"].startswith("inline")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Cache-Control"] == "public, max-age=300"
    assert len(_tasks()) == 1  # fresh: nothing queued


def test_changed_inputs_queue_a_new_rendering_and_the_old_pdf_is_served_meanwhile(
    client, published, fake_pdf, settings, django_capture_on_commit_callbacks
):
    client.get(REPORT)
    _work()
    old = Path(settings.MEDIA_ROOT) / (StoredDocument.objects.get().file.name or "")
    Result.objects.get(agency=published, fiscal_year=2567).save()  # a new upload of the year
    stale = client.get(REPORT)
    assert stale.status_code == 200 and _body(stale) == b"%PDF-1.4 report 2567 #1"
    assert stale["Cache-Control"] == "public, max-age=60"
    assert len(_tasks()) == 2
    client.get(REPORT)
    assert len(_tasks()) == 2  # queued once for these inputs
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes on commit
        _work()
    assert len(fake_pdf) == 2
    assert _body(client.get(REPORT)) == b"%PDF-1.4 report 2567 #2"
    assert not old.exists()  # the replaced PDF is deleted
    assert len(list((Path(settings.MEDIA_ROOT) / "documents" / "khambong").iterdir())) == 1


def test_a_queued_task_that_never_ran_is_queued_again_after_a_while(
    client, published, no_rendering
):
    client.get(REPORT)
    client.get(REPORT)
    assert len(_tasks()) == 1
    long_ago = timezone.now() - timedelta(seconds=documents.REQUEUE_SECONDS + 1)
    StoredDocument.objects.update(queued_at=long_ago)  # the worker was down meanwhile
    client.get(REPORT)
    assert len(_tasks()) == 2


def test_a_stored_pdf_lost_from_storage_is_made_again(client, published, fake_pdf):
    client.get(REPORT)
    _work()
    stored = StoredDocument.objects.get()
    stored.file.storage.delete(stored.file.name)
    assert client.get(REPORT).status_code == 503
    assert len(_tasks()) == 2
    _work()
    assert client.get(REPORT).status_code == 200


def test_a_failed_rendering_is_recorded_and_the_task_fails(client, published, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("soffice exited with 1")

    monkeypatch.setattr(documents, "make", broken)
    client.get(REPORT)
    _work()
    assert _tasks()[0].status == "FAILED"
    stored = StoredDocument.objects.get()
    assert stored.error == "soffice exited with 1" and not stored.file
    assert client.get(REPORT).status_code == 503


def test_a_document_not_public_or_no_longer_makeable_is_404_and_queues_nothing(
    client, published, no_rendering
):
    ItemState.objects.filter(item_id="O27").update(public=False)
    assert client.get(REPORT).status_code == 404
    ItemState.objects.filter(item_id="O27").update(public=True)
    Result.objects.filter(agency=published, fiscal_year=2567).delete()
    assert client.get(REPORT).status_code == 404
    assert _tasks() == []


def test_making_the_item_public_queues_the_rendering_before_anyone_asks(
    client_as, khambong, no_rendering, django_capture_on_commit_callbacks
):
    editor = client_as("editor")
    url = reverse("oit:document_attach", kwargs={"code": "khambong", "year": 2568, "item": "O27"})
    state = reverse("oit:item_state", kwargs={"code": "khambong", "year": 2568, "item": "O27"})
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(url)
    assert _tasks() == []  # attached, but not public
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(state, {"public": "on"})
    assert len(_tasks()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(state, {"public": "on", "ready": "on"})  # the same inputs: nothing new
    assert len(_tasks()) == 1


def test_a_change_of_the_plan_or_its_progress_queues_the_progress_report(
    khambong, fake_pdf, django_capture_on_commit_callbacks
):
    plan = plan_services.create_draft(khambong, 2567)  # the plan of 2568
    DocumentEvidence.objects.create(
        agency=khambong, fiscal_year=2568, item_id="O28", kind="progress", document_year=2568
    )
    with django_capture_on_commit_callbacks(execute=True):
        ItemState.objects.create(agency=khambong, fiscal_year=2568, item_id="O28", public=True)
    assert len(_tasks()) == 1
    _work()
    assert fake_pdf == [("khambong", documents.Kind.PROGRESS, 2568)]
    from openita.web.plans.models import Measure

    measure = Measure.objects.filter(section__plan=plan).first()
    with django_capture_on_commit_callbacks(execute=True):
        measure.title = measure.title + " (แก้ไข)"
        measure.save()
    assert len(_tasks()) == 2
    _work()
    assert len(fake_pdf) == 2
    with django_capture_on_commit_callbacks(execute=True):
        Result.objects.get(agency=khambong, fiscal_year=2568).save()  # not an input of it
    assert len(_tasks()) == 2


def test_deleting_the_agency_deletes_its_stored_pdfs(
    client, published, fake_pdf, settings, django_capture_on_commit_callbacks
):
    client.get(REPORT)
    _work()
    path = Path(settings.MEDIA_ROOT) / (StoredDocument.objects.get().file.name or "")
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        published.delete()
    assert not StoredDocument.objects.exists() and not path.exists()
