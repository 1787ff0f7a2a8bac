"""A self-check run with the crawl, from the checklist's button through the worker: the items
without link show what was found on the agency's site, and one click adds it as evidence."""

from __future__ import annotations

from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from openita.web.oit.models import CheckOutcome, CheckRun, EvidenceLink
from openita.web.oit.tasks import execute_run
from tests.oitcheck.site import serve

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    return reverse(name, kwargs={"code": "khambong", "year": 2569, **kwargs})


def test_a_run_with_crawl_shows_possible_documents_and_adds_one_as_evidence(
    client_as, khambong, settings, django_capture_on_commit_callbacks
):
    settings.OPENITA_OITCHECK_ALLOW_LOOPBACK = True
    editor = client_as("editor")
    with serve() as base:
        editor.post(_url("oit:link_add", item="O1"), {"url": f"{base}/ita/o1.html"})
        page = editor.get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
        assert 'name="crawl"' in page  # the button offers the search of the website
        with django_capture_on_commit_callbacks(execute=True):  # the view enqueues on commit
            editor.post(_url("oit:check_start"), {"crawl": "on"})
        run = CheckRun.objects.get()
        assert run.crawl and run.status == CheckRun.Status.QUEUED
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run.refresh_from_db()
    assert run.status == CheckRun.Status.DONE
    assert run.crawl_report["start"] == f"{base}/" and run.crawl_report["blocked"] == 2
    document = f"{base}/site/docs/o13.pdf"
    assert CheckOutcome.objects.get(run=run, item_id="O13").suggestions[0]["url"] == document

    page = unescape(editor.get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th").content.decode())
    o13 = page[page.index('id="O13"') : page.index('id="O14"')]
    assert "พบเอกสารที่อาจเกี่ยวข้อง" in o13 and f'href="{document}"' in o13
    assert "พบคำว่า รายงานผลการจัดซื้อจัดจ้าง" in o13  # the reason, in Thai
    assert "เพิ่มเป็นหลักฐาน" in o13
    assert "เปิดไปแล้ว" in page  # how far the search went
    o1 = page[page.index('id="O1"') : page.index('id="O2"')]
    assert "พบเอกสารที่อาจเกี่ยวข้อง" not in o1  # O1 has its link

    editor.post(_url("oit:link_add", item="O13"), {"url": document, "label": "O13"})
    assert EvidenceLink.objects.filter(item_id="O13", url=document).exists()
    page = editor.get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    o13 = page[page.index('id="O13"') : page.index('id="O14"')]
    assert "พบเอกสารที่อาจเกี่ยวข้อง" not in o13  # now evidence, no longer a suggestion


def test_a_viewer_sees_the_suggestions_without_the_button(client_as, khambong, settings):
    settings.OPENITA_OITCHECK_ALLOW_LOOPBACK = True
    with serve() as base:
        EvidenceLink.objects.create(
            agency=khambong, fiscal_year=2569, item_id="O1", url=f"{base}/ita/o1.html"
        )
        run = CheckRun.objects.create(agency=khambong, fiscal_year=2569, crawl=True)
        execute_run(run.pk)
    page = client_as("viewer").get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Possibly related documents found" in text and "Add as evidence" not in text


def test_a_crawl_without_any_link_says_there_is_no_site_to_search(
    client_as, khambong, django_capture_on_commit_callbacks
):
    editor = client_as("editor")
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(_url("oit:check_start"), {"crawl": "on"})
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run = CheckRun.objects.get()
    assert run.status == CheckRun.Status.DONE
    assert run.crawl_report == {"notes": [{"code": "no_site", "params": {}}]}
    page = editor.get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "ไม่มีเว็บไซต์ให้ค้นหา" in page


def test_an_item_with_an_uploaded_file_is_not_searched_for(client_as, khambong, settings):
    from django.core.files.base import ContentFile

    from openita.web.oit.models import EvidenceFile

    settings.OPENITA_OITCHECK_ALLOW_LOOPBACK = True
    upload = EvidenceFile(agency=khambong, fiscal_year=2569, item_id="O13", title="o13.txt")
    upload.file.save("o13.txt", ContentFile("รายงานผลการจัดซื้อจัดจ้าง ปีงบประมาณ 2568".encode()))
    with serve() as base:
        EvidenceLink.objects.create(
            agency=khambong, fiscal_year=2569, item_id="O1", url=f"{base}/ita/o1.html"
        )
        run = CheckRun.objects.create(agency=khambong, fiscal_year=2569, crawl=True)
        execute_run(run.pk)
    assert CheckOutcome.objects.get(run=run, item_id="O13").suggestions == []  # it has a file
    assert CheckOutcome.objects.get(run=run, item_id="O25").suggestions  # no evidence at all


def test_the_search_starts_at_the_page_the_editor_names(
    client_as, khambong, settings, django_capture_on_commit_callbacks
):
    settings.OPENITA_OITCHECK_ALLOW_LOOPBACK = True
    editor = client_as("editor")
    page = editor.get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'name="crawl_from"' in page and "เริ่มค้นหาจากหน้า (ไม่บังคับ)" in page
    with serve() as base:
        editor.post(_url("oit:link_add", item="O1"), {"url": f"{base}/ita/o1.html"})
        start = f"{base}/site/ita.html"
        with django_capture_on_commit_callbacks(execute=True):
            # A start page without the tick still asks for the search.
            editor.post(_url("oit:check_start"), {"crawl_from": start})
        run = CheckRun.objects.get()
        assert run.crawl and run.crawl_from == start
        execute_run(run.pk)
    run.refresh_from_db()
    assert run.crawl_report["start"] == start


@pytest.mark.parametrize("bad", ["ftp://example.go.th/ita/", "javascript:alert(1)", "not a url"])
def test_a_start_page_that_is_not_a_web_address_is_refused_at_the_field(client_as, khambong, bad):
    editor = client_as("editor")
    response = editor.post(
        _url("oit:check_start"), {"crawl": "on", "crawl_from": bad}, HTTP_ACCEPT_LANGUAGE="th"
    )
    assert response.status_code == 400
    assert not CheckRun.objects.exists()  # nothing started
    page = unescape(response.content.decode())
    field = page[page.index('name="crawl_from"') :]
    field = field[: field.index("</p>")]
    assert 'aria-describedby="crawl-from-help crawl-from-errors"' in field
    assert 'aria-invalid="true"' in field
    errors = field[field.index('id="crawl-from-errors"') :]
    assert '<ul class="errorlist' in errors  # the message sits at the field
    if bad.startswith("ftp"):  # a valid address, but not one we fetch: the links' rule, in Thai
        assert "ใส่ที่อยู่ที่ขึ้นต้นด้วย https:// หรือ http://" in errors
    assert "checked" in page[page.index('name="crawl"') - 40 : page.index('name="crawl"') + 40]


def test_a_viewer_cannot_start_a_search(client_as, khambong):
    response = client_as("viewer").post(_url("oit:check_start"), {"crawl_from": "https://x.th/"})
    assert response.status_code in (403, 404)
    assert not CheckRun.objects.exists()
