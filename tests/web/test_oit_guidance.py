"""Criteria per OIT item on the checklist, an administrator's override in the admin, and the
self-check looking for the override's keywords."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from openita.frameworks.loader import load_framework
from openita.web.audit.models import AuditEvent
from openita.web.oit.guidance import guidance_for
from openita.web.oit.models import CheckOutcome, CheckRun, ItemGuidance
from tests.oitcheck.site import serve

pytestmark = pytest.mark.django_db

UNKNOWN = "ยังไม่มีรายละเอียดเกณฑ์จากสำนักงาน ป.ป.ช. ในระบบ — ผู้ดูแลระบบเพิ่มได้"


def _url(name, **kwargs):
    return reverse(name, kwargs={"code": "khambong", "year": 2568, **kwargs})


def _article(text: str, item: str) -> str:
    start = text.index(f'<article class="oit-item" id="{item}"')
    return text[start : text.index("</article>", start)]


def test_the_checklist_shows_each_items_criteria_or_says_they_are_unknown(client_as, khambong):
    text = client_as("viewer").get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th")
    text = text.content.decode()
    o7 = _article(text, "O7")
    assert "สรุปผลการปฏิบัติงานและการใช้จ่ายงบประมาณ" in o7
    assert "รายงานผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2568" in o7  # the source
    assert UNKNOWN not in o7
    assert UNKNOWN in _article(text, "O1")


def test_a_year_without_any_criteria_says_so_once_not_under_every_item(client_as, khambong):
    """FY2569's local-government list has no criteria in the system: one notice at the top
    instead of the same sentence under each of the 28 items."""
    page = client_as("viewer").get(
        reverse("oit:checklist", kwargs={"code": "khambong", "year": 2569}),
        HTTP_ACCEPT_LANGUAGE="th",
    )
    text = page.content.decode()
    assert page.context["sheet"].criteria_known is False
    assert UNKNOWN not in text
    assert text.count("oit-criteria-unknown") == 1
    assert "ยังไม่มีรายละเอียดเกณฑ์ของสำนักงาน ป.ป.ช. สำหรับข้อ OIT ของปีงบประมาณ 2569" in text
    # 2568 has criteria for some items: the others keep their own notice, no top one
    known = client_as("viewer").get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th")
    assert "สำหรับข้อ OIT ของปีงบประมาณ" not in known.content.decode()


def test_an_administrators_criteria_show_on_the_checklist_and_are_audited(
    client_as, khambong, users
):
    admin = client_as("site_admin")
    page = admin.post(
        reverse("admin:oit_itemguidance_add"),
        {
            "fiscal_year": 2568,
            "kind": "local_government",
            "item_id": "o1",
            "criteria": "- แผนผังโครงสร้างหน่วยงาน\n- อำนาจหน้าที่ตามกฎหมาย",
            "criteria_source": "คู่มือการประเมิน ITA 2568 หน้า 20",
            "keywords": "แผนผังโครงสร้าง, อำนาจหน้าที่",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    row = ItemGuidance.objects.get()
    assert row.item_id == "O1" and row.updated_by == users["site_admin"]
    assert AuditEvent.objects.filter(model="oit.itemguidance", action="create").exists()
    o1 = _article(
        client_as("viewer").get(_url("oit:checklist"), HTTP_ACCEPT_LANGUAGE="th").content.decode(),
        "O1",
    )
    assert "แผนผังโครงสร้างหน่วยงาน" in o1 and "คู่มือการประเมิน ITA 2568 หน้า 20" in o1
    assert "site_admin" in o1 and UNKNOWN not in o1
    assert guidance_for(load_framework(2568))["O1"].keywords == ("แผนผังโครงสร้าง", "อำนาจหน้าที่")


def test_the_admin_refuses_an_item_the_year_does_not_have_and_unsourced_criteria(client_as):
    admin = client_as("site_admin")
    base = {"fiscal_year": 2568, "kind": "local_government", "keywords": "x1"}
    page = admin.post(reverse("admin:oit_itemguidance_add"), {**base, "item_id": "O99"})
    assert page.status_code == 200 and "O99" in page.content.decode()
    page = admin.post(
        reverse("admin:oit_itemguidance_add"), {**base, "item_id": "O1", "criteria": "มีผัง"}
    )
    assert page.status_code == 200
    assert not ItemGuidance.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_self_check_looks_for_the_overrides_keywords(client_as, khambong, settings):
    settings.OPENITA_OITCHECK_ALLOW_LOOPBACK = True
    ItemGuidance.objects.create(
        fiscal_year=2568,
        kind="local_government",
        item_id="O1",
        keywords="อำนาจหน้าที่\nแผนผังองค์กร",
    )
    editor = client_as("editor")
    with serve() as base:
        editor.post(_url("oit:link_add", item="O1"), {"url": f"{base}/ita/o1.html"})
        editor.post(_url("oit:check_start"))
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run = CheckRun.objects.get()
    assert run.status == CheckRun.Status.DONE
    outcome = CheckOutcome.objects.get(run=run, item_id="O1")
    [link] = outcome.links
    assert link["keyword_hits"] == ["อำนาจหน้าที่"]
    assert "แผนผังองค์กร" in str(link["reasons"])


def test_only_site_administrators_reach_the_criteria_admin(client_as):
    for role in ("agency_admin", "editor", "coordinator"):
        page = client_as(role).get(reverse("admin:oit_itemguidance_add"))
        assert page.status_code == 302 and "/login/" in page["Location"], role
