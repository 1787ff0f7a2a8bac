"""The change log as sentences in the reader's language, filterable and paged (issue 14).

Every kind of event an agency's log holds is made through the ORM under ``acting_as`` (as the
pages and the API do), then read on the page in Thai and in English: the actor's name, the verb,
the object's label, field labels, choice labels and Buddhist-era dates; never a digest, a column
name or a model label.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openita.web.agencies.models import Membership, Role, Unit
from openita.web.assessments.models import Result
from openita.web.audit.models import AuditEvent
from openita.web.audit.recorder import acting_as
from openita.web.audit.views import PER_PAGE
from openita.web.plans import services as plan_services
from openita.web.plans.models import Comment, Evidence, Measure, ProgressNote, Status

from .test_dashboard import _text

LOG = reverse("audit:agency_log", kwargs={"code": "khambong"})
TECHNICAL = ("sha256", "agency_id", "assessments.result", "plans.measure", "unit_id", "_id")


@pytest.fixture
def somchai(users: dict[str, User | None]) -> User:
    admin = users["agency_admin"]
    assert admin is not None
    admin.first_name, admin.last_name = "สมชาย", "ใจดี"
    admin.save()
    return admin


def _page(client: Client, lang: str = "th", **query: Any) -> str:
    return _text(client.get(LOG, query, HTTP_ACCEPT_LANGUAGE=lang))


def _first_measure(agency: Any) -> Measure:
    plan = plan_services.create_draft(agency, 2568)
    return Measure.objects.filter(section__plan=plan).order_by("section__position", "position")[0]


@pytest.fixture
def every_kind(khambong, somchai) -> dict[str, Any]:
    """One event of every kind an agency's log holds, made by สมชาย ใจดี."""
    with acting_as(somchai):
        measure = _first_measure(khambong)
        measure.title = "ทบทวนคู่มือการปฏิบัติงาน"
        measure.save()
        measure.status = Status.IN_PROGRESS
        measure.save()
        measure.end = date(2026, 3, 31)
        measure.save()
        unit = Unit.objects.create(agency=khambong, name="กองคลัง")
        unit.name = "กองคลังและพัสดุ"
        unit.save()
        clerk = User.objects.create_user("somsri", first_name="สมศรี", last_name="ขยัน")
        member = Membership.objects.create(user=clerk, agency=khambong, role=Role.VIEWER)
        member.role = Role.EDITOR
        member.save()
        ProgressNote.objects.create(
            measure=measure, date=date(2025, 12, 1), status=Status.IN_PROGRESS, progress=40
        )
        Evidence.objects.create(
            measure=measure, title="คำสั่งแต่งตั้ง", url="https://example.go.th/order"
        )
        Comment.objects.create(measure=measure, text="ขอเอกสารเพิ่มเติม")
        khambong.district = "เมือง"
        khambong.save()
        result = Result.objects.get(agency=khambong, fiscal_year=2567)
        result.delete()
        unit.delete()
    return {"measure": measure}


def test_every_event_kind_reads_as_a_thai_sentence(client_as, every_kind) -> None:
    text = _page(client_as("agency_admin"))
    expected = [
        "สมชาย ใจดี แก้ไขมาตรการ 'ทบทวนคู่มือการปฏิบัติงาน': สถานะ ยังไม่ดำเนินการ → อยู่ระหว่างดำเนินการ",
        # the due date, in the Buddhist era
        "สมชาย ใจดี แก้ไขมาตรการ 'ทบทวนคู่มือการปฏิบัติงาน': วันครบกำหนด 30 ก.ย. 2569 → 31 มี.ค. 2569",
        "สมชาย ใจดี เพิ่มแผนปฏิบัติการ 'ปีงบประมาณ 2569'",
        "สมชาย ใจดี เพิ่มประเด็นของแผน '1 การปฏิบัติหน้าที่'",
        "สมชาย ใจดี เพิ่มหน่วยงานภายใน 'กองคลัง'",
        "ชื่อ กองคลัง → กองคลังและพัสดุ",
        "สมชาย ใจดี ลบหน่วยงานภายใน 'กองคลังและพัสดุ'",
        "สมชาย ใจดี เพิ่มสมาชิกของหน่วยงาน 'สมศรี ขยัน'",
        "บทบาท ผู้ดูข้อมูล → ผู้แก้ไขข้อมูล",
        "สมชาย ใจดี เพิ่มบันทึกความก้าวหน้า 'ทบทวนคู่มือการปฏิบัติงาน'",
        "วันที่: 1 ธ.ค. 2568",
        "สมชาย ใจดี เพิ่มหลักฐาน 'คำสั่งแต่งตั้ง'",
        "สมชาย ใจดี เพิ่มความคิดเห็น 'ขอเอกสารเพิ่มเติม'",
        "สมชาย ใจดี แก้ไขหน่วยงาน 'เทศบาลตำบลคำบง': อำเภอ บ้านผือ → เมือง",
        "สมชาย ใจดี ลบผลการประเมิน 'ปีงบประมาณ 2567'",
        "ระบบ เพิ่มผลการประเมิน 'ปีงบประมาณ 2568'",  # the fixture's upload had no actor
    ]
    missing = [sentence for sentence in expected if sentence not in text]
    assert not missing, f"missing from the Thai log: {missing}"
    for word in TECHNICAL:
        assert word not in text


def test_every_event_kind_reads_as_an_english_sentence(client_as, every_kind) -> None:
    text = _page(client_as("agency_admin"), "en")
    expected = [
        "สมชาย ใจดี changed measure 'ทบทวนคู่มือการปฏิบัติงาน': status not started → in progress",
        "สมชาย ใจดี changed measure 'ทบทวนคู่มือการปฏิบัติงาน': due date 30 Sep 2569 → 31 Mar 2569",
        "สมชาย ใจดี added action plan 'fiscal year 2569'",
        "สมชาย ใจดี added plan section '1 การปฏิบัติหน้าที่'",
        "สมชาย ใจดี added unit 'กองคลัง'",
        "name กองคลัง → กองคลังและพัสดุ",
        "สมชาย ใจดี deleted unit 'กองคลังและพัสดุ'",
        "สมชาย ใจดี added membership 'สมศรี ขยัน'",
        "role viewer → editor",
        "สมชาย ใจดี added progress note 'ทบทวนคู่มือการปฏิบัติงาน'",
        "สมชาย ใจดี added evidence 'คำสั่งแต่งตั้ง'",
        "สมชาย ใจดี added comment 'ขอเอกสารเพิ่มเติม'",
        "สมชาย ใจดี changed agency 'เทศบาลตำบลคำบง': district บ้านผือ → เมือง",
        "สมชาย ใจดี deleted result 'fiscal year 2567'",
        "The system added result 'fiscal year 2568'",
    ]
    missing = [sentence for sentence in expected if sentence not in text]
    assert not missing, f"missing from the English log: {missing}"
    for word in TECHNICAL:
        assert word not in text


def test_a_deleted_unit_taking_itself_off_a_measure_names_the_unit(client_as, khambong, somchai):
    with acting_as(somchai):
        measure = _first_measure(khambong)
        unit = Unit.objects.create(agency=khambong, name="กองช่าง")
        measure.unit = unit
        measure.save()
        unit.delete()
    text = _page(client_as("agency_admin"))
    assert "หน่วยงานภายใน — → กองช่าง (ถูกลบแล้ว)" in text
    assert "หน่วยงานภายใน กองช่าง (ถูกลบแล้ว) → —" in text


def test_technical_details_are_for_site_administrators_only(client_as, every_kind) -> None:
    assert "assessments.result" in _page(client_as("site_admin"))
    text = _page(client_as("agency_admin"))
    assert "assessments.result" not in text and "sha256" not in text


def test_the_log_filters_by_who_kind_and_days(client_as, khambong, somchai, users) -> None:
    with acting_as(somchai):
        Unit.objects.create(agency=khambong, name="กองคลัง")
    with acting_as(users["editor"]):
        Unit.objects.create(agency=khambong, name="กองช่าง")
    client = client_as("agency_admin")
    by_somchai = _page(client, who="agency_admin")
    assert "กองคลัง" in by_somchai and "'กองช่าง'" not in by_somchai
    units = _page(client, kind="agencies.unit")
    assert "กองคลัง" in units and "กองช่าง" in units and "เพิ่มผลการประเมิน" not in units
    today = timezone.localdate()
    assert "กองคลัง" in _page(client, since=_be(today), until=_be(today))
    later = _page(client, since=_be(today + timedelta(days=1)))
    assert "กองคลัง" not in later and "ไม่พบการเปลี่ยนแปลงที่ตรงกับเงื่อนไขที่เลือก" in later
    assert "'กองคลัง'" not in _page(client, until=_be(today - timedelta(days=1)))


def _be(day) -> str:
    """A day as a Thai clerk types it into the filter: day/month/Buddhist-era year."""
    return f"{day.day}/{day.month}/{day.year + 543}"


def test_a_christian_era_day_in_the_filter_is_refused_with_the_be_year(client_as, khambong):
    text = _page(client_as("agency_admin"), since="2/1/2026")
    assert "2569" in text and "ค.ศ." in text


def test_the_filter_offers_people_by_name_and_kinds_by_their_thai_names(client_as, every_kind):
    html = client_as("agency_admin").get(LOG).content.decode()
    assert '<option value="agency_admin">สมชาย ใจดี</option>' in html
    assert '<option value="plans.measure">มาตรการ</option>' in html


def test_a_reversed_day_range_is_refused_next_to_the_field(client_as, khambong) -> None:
    text = _page(client_as("agency_admin"), since="2 ม.ค. 2569", until="1 ม.ค. 2569")
    assert "วันสุดท้ายต้องไม่อยู่ก่อนวันแรก" in text


def test_the_log_is_paged_and_keeps_the_filters_across_pages(client_as, khambong, somchai):
    with acting_as(somchai):
        for number in range(PER_PAGE + 5):
            Unit.objects.create(agency=khambong, name=f"หน่วย {number:03d}")
    client = client_as("agency_admin")
    first = client.get(LOG, {"kind": "agencies.unit"})
    assert len(first.context["sentences"]) == PER_PAGE
    assert "kind=agencies.unit&amp;page=2" in first.content.decode()
    second = client.get(LOG, {"kind": "agencies.unit", "page": 2})
    assert len(second.context["sentences"]) == 5
    assert "หน้า 2 จาก 2" in _text(second)


def test_the_log_reads_in_a_bounded_number_of_queries(
    client_as, every_kind, django_assert_max_num_queries
) -> None:
    client = client_as("agency_admin")
    with django_assert_max_num_queries(80):
        client.get(LOG)


def test_every_event_kind_in_the_log_has_a_sentence(every_kind) -> None:
    """A kind added later (a new audited model) is told from its own names, not skipped."""
    from django.utils import translation

    from openita.web.audit.sentences import tell

    with translation.override("th"):
        for event in AuditEvent.objects.all():
            sentence = tell(event)
            assert sentence.text and "." not in sentence.text.split("'")[0], sentence.text
