"""The OIT workspace: checklist with projected score, evidence links, item states, the public
disclosure page, and the self-check run by the background worker against the loopback site."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from openita.frameworks.loader import load_framework
from openita.web.audit.models import AuditEvent
from openita.web.oit.models import CheckOutcome, CheckRun, EvidenceLink, ItemState
from tests.oitcheck.site import serve

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    return reverse(name, kwargs={"code": "khambong", "year": 2568, **kwargs})


def test_the_checklist_lists_every_item_of_the_year_grouped_by_indicator(client_as, khambong):
    page = client_as("viewer").get(_url("oit:checklist"))
    assert page.status_code == 200
    text = page.content.decode()
    for item in load_framework(2568).oit_items:
        assert f'id="{item}"' in text
    assert "ตัวชี้วัดที่ 9" in text and "ตัวชี้วัดที่ 10" in text
    assert "รายงานผลการดำเนินงานประจำปี" in text  # O7's title
    assert 'name="url"' not in text  # a viewer gets no forms


def test_marking_items_ready_moves_the_projected_score(client_as, khambong):
    editor = client_as("editor")
    before = editor.get(_url("oit:checklist")).context["sheet"].projection
    assert before.ready == 0 and before.oit == 0
    for item in ("O1", "O2", "O3"):
        response = editor.post(_url("oit:item_state", item=item), {"ready": "on"})
        assert response.status_code == 302
    after = editor.get(_url("oit:checklist")).context["sheet"].projection
    assert after.ready == 3 and after.oit > 0
    # the year's IIT and EIT are stored (khambong 2568): the overall and level follow
    assert after.overall is not None and after.level


def test_links_are_added_checked_and_removed(client_as, khambong):
    editor = client_as("editor")
    editor.post(_url("oit:link_add", item="O7"), {"url": "https://khambong.go.th/o7.pdf"})
    editor.post(_url("oit:link_add", item="O7"), {"url": "https://khambong.go.th/o7.pdf"})
    assert EvidenceLink.objects.filter(item_id="O7").count() == 1
    bad = editor.post(_url("oit:link_add", item="O7"), {"url": "javascript:alert(1)"}, follow=True)
    assert EvidenceLink.objects.filter(item_id="O7").count() == 1
    assert "O7" in bad.content.decode()
    link = EvidenceLink.objects.get(item_id="O7")
    assert AuditEvent.objects.filter(model="oit.evidencelink", object_id=str(link.pk)).exists()
    editor.post(_url("oit:link_delete", pk=link.pk))
    assert not EvidenceLink.objects.exists()


def test_an_item_the_year_does_not_have_is_404(client_as, khambong):
    response = client_as("editor").post(_url("oit:link_add", item="O99"), {"url": "https://a"})
    assert response.status_code == 404


def test_the_public_page_shows_only_public_items_without_login(client, client_as, khambong):
    assert client.get(_url("oit_public:page")).status_code == 404  # nothing published yet
    editor = client_as("editor")
    editor.post(_url("oit:link_add", item="O1"), {"url": "https://khambong.go.th/o1"})
    editor.post(_url("oit:link_add", item="O2"), {"url": "https://khambong.go.th/secret"})
    editor.post(_url("oit:item_state", item="O1"), {"ready": "on", "public": "on"})
    page = client.get(_url("oit_public:page"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "https://khambong.go.th/o1" in text and "secret" not in text
    feed = client.get(_url("oit_public:feed")).json()
    assert [i["id"] for i in feed["items"]] == ["O1"]
    assert feed["items"][0]["links"] == [{"url": "https://khambong.go.th/o1", "label": ""}]
    embed = client.get(_url("oit_public:embed"))
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    assert "<script" not in embed.content.decode()
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True)
def test_the_self_check_runs_in_the_worker_and_its_verdicts_show(client_as, khambong, settings):
    settings.OPENITA_OITCHECK_ALLOW_LOOPBACK = True
    editor = client_as("editor")
    with serve() as base:
        editor.post(_url("oit:link_add", item="O1"), {"url": f"{base}/ita/o1.html"})
        editor.post(_url("oit:link_add", item="O7"), {"url": f"{base}/ita/o7-wrong-year.pdf"})
        editor.post(_url("oit:link_add", item="O12"), {"url": f"{base}/ita/not-there.pdf"})
        assert editor.post(_url("oit:check_start")).status_code == 302
        run = CheckRun.objects.get()
        assert run.status == CheckRun.Status.QUEUED  # nothing ran inside the request
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run.refresh_from_db()
    assert run.status == CheckRun.Status.DONE and run.items_done == run.items_total
    verdicts = dict(CheckOutcome.objects.filter(run=run).values_list("item_id", "verdict"))
    # FY2568: O1 must mention 2568 (the page says 2569 and links a 2568 report: ok),
    # O7 covers 2567 and the PDF says 2566, O12's link is gone, O2 has no link.
    assert verdicts["O7"] == "wrong_year"
    assert verdicts["O12"] == "broken"
    assert verdicts["O2"] == "missing"
    page = editor.get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th")
    text = page.content.decode()
    assert "ปีไม่ตรง" in text and "ลิงก์เสีย" in text


@pytest.mark.django_db(transaction=True)
def test_a_run_cancelled_before_it_starts_stops(client_as, khambong):
    editor = client_as("editor")
    editor.post(_url("oit:check_start"))
    run = CheckRun.objects.get()
    second = editor.post(_url("oit:check_start"))
    assert second.status_code == 302 and CheckRun.objects.count() == 1  # one run at a time
    editor.post(_url("oit:check_cancel", pk=run.pk))
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run.refresh_from_db()
    assert run.status == CheckRun.Status.CANCELLED
    assert not CheckOutcome.objects.exists()


def test_a_note_with_a_control_character_is_refused(client_as, khambong):
    client_as("editor").post(_url("oit:item_state", item="O1"), {"note": "ok\x00"})
    assert not ItemState.objects.exists()
