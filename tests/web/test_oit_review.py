"""The assessors' review of OIT items and the clarification round (docs/oit.md)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from openita.analysis.oit_projection import project_item_scores
from openita.errors import InputError
from openita.frameworks.loader import load_framework
from openita.web.agencies.models import AssessorAssignment
from openita.web.audit.models import AuditEvent
from openita.web.oit import review
from openita.web.oit.models import ClarificationWindow, Contest, EvidenceLink, ItemReview

pytestmark = pytest.mark.django_db


def _url(name, year=2568, **kwargs):
    return reverse(name, kwargs={"code": "khambong", "year": year, **kwargs})


def _review(client, item, verdict, score="", comment="", year=2568):
    return client.post(
        _url("oit:review_save", year=year, item=item),
        {"verdict": verdict, "score": score, "comment": comment},
    )


def _window(days_from_today_open, days_from_today_close, year=2568):
    today = timezone.localdate()
    return ClarificationWindow.objects.update_or_create(
        fiscal_year=year,
        defaults={
            "opens": today + timedelta(days=days_from_today_open),
            "closes": today + timedelta(days=days_from_today_close),
        },
    )[0]


def test_my_assessments_counts_reviewed_items(client_as, users):
    assessor = client_as("assessor")
    _review(assessor, "O1", "pass")
    page = assessor.get(reverse("oit_review:mine"))
    row = page.context["rows"][0]
    assert row["agency"].code == "khambong" and row["year"] == 2568
    assert row["reviewed"] == 1 and row["total"] == len(load_framework(2568).oit_items)


def test_a_review_saves_scores_keeps_history_and_is_audited(client_as, users):
    assessor = client_as("assessor")
    response = _review(assessor, "O1", "pass")
    assert response.status_code == 302 and response["Location"].endswith("#r-O2")  # next item
    _review(assessor, "O2", "partial", "60", "ขาดข้อมูลไตรมาสที่ 4")
    _review(assessor, "O1", "fail", "", "ลิงก์เสีย")  # supersedes the pass
    rows = ItemReview.objects.filter(item_id="O1").order_by("pk")
    assert [(r.verdict, float(r.score)) for r in rows] == [("pass", 100.0), ("fail", 0.0)]
    assert rows[0].reviewer == users["assessor"]
    current = review.current_reviews(rows[0].agency, 2568)
    assert current["O1"].verdict == "fail" and float(current["O2"].score) == 60.0
    assert AuditEvent.objects.filter(model="oit.itemreview").count() == 3


@pytest.mark.parametrize(
    ("verdict", "score", "comment", "field"),
    [
        ("fail", "", "", "comment"),
        ("partial", "", "ขาด", "score"),
        ("partial", "abc", "ขาด", "score"),
        ("partial", "150", "ขาด", "score"),
        ("", "", "", "verdict"),
    ],
)
def test_bad_reviews_write_nothing_and_name_the_field(
    client_as, users, verdict, score, comment, field
):
    assessor = client_as("assessor")
    page = assessor.post(
        _url("oit:review_save", item="O3"),
        {"verdict": verdict, "score": score, "comment": comment},
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert page.status_code == 400  # the page again, the message at the field
    assert not ItemReview.objects.exists()
    text = unescape(page.content.decode())
    assert "O3:" not in text  # no longer a banner naming the item
    form = text[text.index('id="r-O3"') : text.index('id="r-O4"')]
    assert f'aria-describedby="r-O3-{field}-errors" aria-invalid="true"' in form
    errors = form[form.index(f'id="r-O3-{field}-errors"') :]
    assert '<ul class="errorlist"><li>' in errors[:200]
    if comment:  # what was typed is kept
        assert f">{comment}</textarea>" in form
    checked = re.findall(r'name="verdict" value="(\w+)"[^>]*\bchecked', form)
    assert checked == ([verdict] if verdict else [])  # and so is the verdict chosen
    elsewhere = text[text.index('id="r-O4"') :]
    assert "aria-invalid" not in elsewhere  # only the refused form shows it
    with pytest.raises(InputError) as caught:
        review.record_review(
            users["assessor"].assessor_assignments.get().agency,
            load_framework(2568),
            "O3",
            verdict,
            score,
            comment,
            users["assessor"],
        )
    assert caught.value.problems[0].field == field


def test_partial_is_refused_in_a_year_whose_items_score_0_or_100(client_as, users, khambong):
    AssessorAssignment.objects.create(user=users["assessor"], agency=khambong, fiscal_year=2566)
    assessor = client_as("assessor")
    page = assessor.get(_url("oit:review", year=2566))
    assert page.status_code == 200 and 'value="partial"' not in page.content.decode()
    _review(assessor, "O1", "partial", "50", "ขาด", year=2566)
    assert not ItemReview.objects.exists()


def test_reviewed_scores_go_through_the_engine_to_the_pages(client_as, users, khambong):
    assessor = client_as("assessor")
    framework = load_framework(2568)
    items = sorted(framework.oit_items)
    for item in items[:5]:
        _review(assessor, item, "pass")
    _review(assessor, items[5], "partial", "50", "ขาดบางส่วน")
    expected = project_item_scores(
        framework,
        {**dict.fromkeys(items[:5], 100.0), items[5]: 50.0},
        review.stored_base(khambong, 2568),
    )
    batch = assessor.get(_url("oit:review"))
    reviewed = batch.context["reviewed"]
    assert reviewed.projection == expected and reviewed.reviewed == 6
    assert expected.overall is not None  # khambong 2568 has IIT and EIT
    assert not reviewed.final
    # the agency sees the same figures on its checklist and dashboard, marked preliminary
    checklist = client_as("viewer").get(_url("oit:checklist"))
    assert checklist.context["reviewed"].projection == expected
    assert "ผลการตรวจของผู้ประเมิน" in checklist.content.decode()
    assert "เบื้องต้น" in checklist.content.decode()
    dashboard = client_as("viewer").get(reverse("assessments:dashboard", args=["khambong"]))
    assert dashboard.context["reviewed"].projection == expected
    assert "ผลการตรวจของผู้ประเมิน" in dashboard.content.decode()


def test_the_batch_page_shows_evidence_ready_flag_and_self_check(client_as, users, khambong):
    editor = client_as("editor")
    editor.post(_url("oit:link_add", item="O7"), {"url": "https://khambong.go.th/o7.pdf"})
    editor.post(_url("oit:item_state", item="O7"), {"ready": "on"})
    page = client_as("assessor").get(_url("oit:review"))
    text = page.content.decode()
    assert "https://khambong.go.th/o7.pdf" in text
    assert 'id="r-O7"' in text and "data-review-form" in text
    assert "openita/oit-review.js" in text and "<script>" not in text


def test_the_clarification_round(client_as, users, khambong):
    assessor, editor = client_as("assessor"), client_as("editor")
    _review(assessor, "O7", "fail", "", "ไม่พบรายงานประจำปี 2567")
    _review(assessor, "O8", "pass")
    # before the window: no contest
    _window(2, 5)
    editor.post(_url("oit:contest", item="O7"), {"explanation": "มีแล้ว"})
    assert not Contest.objects.exists()
    # during the window: contest with new evidence (also added to the item's links)
    _window(-1, 1)
    page = editor.get(_url("oit:checklist"))
    assert "oit/2568/items/O7/contest/" in page.content.decode()
    editor.post(
        _url("oit:contest", item="O7"),
        {"explanation": "เผยแพร่แล้ว", "links": "https://khambong.go.th/report-2567.pdf"},
    )
    contest = Contest.objects.get()
    assert contest.decision == "pending" and contest.raised_by == users["editor"]
    assert EvidenceLink.objects.filter(
        item_id="O7", url="https://khambong.go.th/report-2567.pdf"
    ).exists()
    # a second contest while one waits is refused; a bad link is refused
    editor.post(_url("oit:contest", item="O7"), {"explanation": "อีกครั้ง"})
    editor.post(_url("oit:contest", item="O8"), {"explanation": "x", "links": "ftp://x"})
    assert Contest.objects.count() == 1
    # the assessor accepts with a new score: a new review supersedes the fail
    assessor.post(
        _url("oit:contest_decide", pk=contest.pk),
        {"decision": "accept", "verdict": "pass", "answer": "พบรายงานแล้ว"},
    )
    contest.refresh_from_db()
    assert contest.decision == "accepted" and contest.decided_by == users["assessor"]
    current = review.current_reviews(khambong, 2568)["O7"]
    assert current.verdict == "pass" and current.contest == contest
    assert ItemReview.objects.filter(item_id="O7").count() == 2
    assert AuditEvent.objects.filter(model="oit.contest", action="update").exists()
    # after the window: final; no more reviews or contests
    _window(-10, -1)
    assert review.phase_of(2568) == review.Phase.FINAL
    _review(assessor, "O8", "fail", "", "เปลี่ยนใจ")
    assert review.current_reviews(khambong, 2568)["O8"].verdict == "pass"
    dashboard = client_as("viewer").get(reverse("assessments:dashboard", args=["khambong"]))
    assert dashboard.context["reviewed"].final
    assert "ผลสุดท้าย" in dashboard.content.decode()


def test_a_rejected_contest_keeps_the_score_and_needs_an_answer(users, khambong):
    today = date(2026, 6, 10)
    ClarificationWindow.objects.create(
        fiscal_year=2568, opens=date(2026, 6, 1), closes=date(2026, 6, 15)
    )
    framework = load_framework(2568)
    review.record_review(khambong, framework, "O3", "fail", None, "ขาด", users["assessor"], today)
    contest = review.raise_contest(khambong, 2568, "O3", "มีแล้ว", "", users["editor"], today)
    with pytest.raises(InputError) as caught:
        review.decide_contest(contest, framework, False, "", None, "", users["assessor"], today)
    assert caught.value.problems[0].field == "answer"
    review.decide_contest(contest, framework, False, "", None, "ยังไม่ครบ", users["assessor"], today)
    assert review.current_reviews(khambong, 2568)["O3"].verdict == "fail"
    # the window's last day has passed: final, nothing is decided or raised any more
    later = date(2026, 6, 16)
    assert review.phase_of(2568, later) == review.Phase.FINAL
    with pytest.raises(InputError):
        review.raise_contest(khambong, 2568, "O3", "อีกครั้ง", "", users["editor"], later)


def _bearer(user):
    from openita.web.api.models import ApiToken

    return {"Authorization": f"Bearer {ApiToken.issue(user, 'tests')[1]}"}


def test_the_api_lists_and_writes_reviews_with_the_pages_rules(client, users, khambong):
    import json

    url = "/api/agencies/khambong/oit/2568/reviews"
    headers = _bearer(users["assessor"])

    def post(body):
        return client.post(url, json.dumps(body), content_type="application/json", headers=headers)

    assert post({"item": "O1", "verdict": "pass"}).status_code == 201
    partial = post({"item": "O2", "verdict": "partial", "score": 40, "comment": "ขาดไตรมาส 4"})
    assert partial.status_code == 201 and partial.json()["score"] == 40
    refused = post({"item": "O3", "verdict": "fail"})
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "comment"
    assert post({"item": "O99", "verdict": "pass"}).status_code == 422
    listing = client.get(url, headers=_bearer(users["viewer"])).json()
    assert [r["item"] for r in listing["reviews"]] == ["O1", "O2"]
    assert listing["phase"] == "reviewing" and listing["oit"] > 0
    framework = load_framework(2568)
    expected = project_item_scores(
        framework, {"O1": 100.0, "O2": 40.0}, review.stored_base(khambong, 2568)
    )
    assert listing["oit"] == expected.oit and listing["overall"] == expected.overall
    editor = client.post(
        url,
        json.dumps({"item": "O1", "verdict": "fail", "comment": "x"}),
        content_type="application/json",
        headers=_bearer(users["editor"]),
    )
    assert editor.status_code == 403
    assert ItemReview.objects.count() == 2


def test_an_administrator_sets_the_window_in_buddhist_era_dates(client_as, users):
    admin = client_as("site_admin")
    page = admin.post(
        reverse("admin:oit_clarificationwindow_add"),
        {"fiscal_year": "2568", "opens": "1 มิ.ย. 2569", "closes": "15/6/2569"},
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    window = ClarificationWindow.objects.get()
    assert (window.opens, window.closes) == (date(2026, 6, 1), date(2026, 6, 15))
    assert AuditEvent.objects.filter(model="oit.clarificationwindow").exists()
    listing = admin.get(reverse("admin:oit_clarificationwindow_changelist")).content.decode()
    assert "1 มิ.ย. 2569" in listing
    backwards = admin.post(
        reverse("admin:oit_clarificationwindow_change", args=[window.pk]),
        {"fiscal_year": "2568", "opens": "15/6/2569", "closes": "1/6/2569"},
    )
    assert backwards.status_code == 200  # refused, shown again with the message
    window.refresh_from_db()
    assert window.closes == date(2026, 6, 15)


def test_reviews_and_contests_are_in_the_agencys_change_log(client_as, users, khambong):
    _window(-1, 1)
    _review(client_as("assessor"), "O5", "fail", "", "ไม่พบข้อมูล")
    client_as("editor").post(_url("oit:contest", item="O5"), {"explanation": "มีข้อมูลแล้ว"})
    log = client_as("agency_admin").get(reverse("audit:agency_log", args=["khambong"]))
    text = log.content.decode()
    assert "ผลการตรวจข้อ OIT" in text and "คำขอทบทวนผล OIT" in text
    events = AuditEvent.objects.filter(agency=khambong, model__in=["oit.itemreview", "oit.contest"])
    assert {e.actor for e in events} == {users["assessor"], users["editor"]}


def test_an_agency_with_reviews_and_contests_can_still_be_deleted(users, khambong):
    today = date(2026, 6, 10)
    ClarificationWindow.objects.create(
        fiscal_year=2568, opens=date(2026, 6, 1), closes=date(2026, 6, 15)
    )
    framework = load_framework(2568)
    review.record_review(khambong, framework, "O4", "fail", None, "ขาด", users["assessor"], today)
    review.raise_contest(khambong, 2568, "O4", "มีแล้ว", "", users["editor"], today)
    khambong.delete()
    assert not ItemReview.objects.exists() and not Contest.objects.exists()


def test_an_administrator_assigns_an_assessor_in_the_admin(client_as, users, khambong):
    from django.contrib.auth.models import User

    newcomer = User.objects.create_user("newcomer")
    page = client_as("site_admin").post(
        reverse("admin:agencies_assessorassignment_add"),
        {"user": newcomer.pk, "agency": khambong.pk, "fiscal_year": "2569"},
    )
    assert page.status_code == 302
    assert AssessorAssignment.objects.filter(user=newcomer, fiscal_year=2569).exists()
    assert AuditEvent.objects.filter(model="agencies.assessorassignment").exists()
    client = client_as("anonymous")
    client.force_login(newcomer, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(_url("oit:review", year=2569)).status_code == 200
    assert client.get(_url("oit:review")).status_code == 404  # 2568 is not assigned to them
    assert client.get(reverse("assessments:dashboard", args=["khambong"])).status_code == 404


def test_the_review_page_reads_in_english(client_as, users):
    assessor = client_as("assessor")
    assessor.post(reverse("set_language"), {"language": "en"})
    _review(assessor, "O1", "pass")
    text = assessor.get(_url("oit:review")).content.decode()
    assert "review, fiscal year 2568" in text and "ผลการตรวจของผู้ประเมิน" not in text
    assert "Keyboard shortcuts" in text and "preliminary" in text


def test_a_refused_contest_and_decision_show_the_message_at_the_field(client_as, users, khambong):
    assessor, editor = client_as("assessor"), client_as("editor")
    _review(assessor, "O7", "fail", "", "ไม่พบรายงานประจำปี 2567")
    _window(-1, 1)
    page = editor.post(
        _url("oit:contest", item="O7"),
        {"explanation": "เผยแพร่แล้ว", "links": "https://ok.go.th/a.pdf\nftp://x"},
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert page.status_code == 400 and not Contest.objects.exists()
    text = unescape(page.content.decode())
    box = text[text.index('id="O7-explanation"') - 600 :]
    box = box[: box.index("</details>")]
    assert '<details class="contest" open>' in box  # opened, nothing typed lost
    assert ">เผยแพร่แล้ว</textarea>" in box
    assert 'aria-describedby="O7-contest-links-errors" aria-invalid="true"' in box
    assert "บรรทัดที่ 2" in box[box.index('id="O7-contest-links-errors"') :]

    editor.post(_url("oit:contest", item="O7"), {"explanation": "เผยแพร่แล้ว"})
    contest = Contest.objects.get()
    for posted, field in (
        ({"verdict": "pass"}, "decision"),
        ({"decision": "accept"}, "answer"),
        ({"decision": "accept", "verdict": "maybe", "answer": "ตรวจแล้ว"}, "verdict"),
    ):
        page = assessor.post(
            _url("oit:contest_decide", pk=contest.pk), posted, HTTP_ACCEPT_LANGUAGE="th"
        )
        assert page.status_code == 400
        text = unescape(page.content.decode())
        assert f'aria-describedby="d{contest.pk}-{field}-errors"' in text
        assert f'id="d{contest.pk}-{field}-errors"' in text
    # an answer of blanks is no answer: refused at the answer, the contest still waits
    page = assessor.post(
        _url("oit:contest_decide", pk=contest.pk),
        {"decision": "accept", "verdict": "fail", "answer": " "},
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert f'id="d{contest.pk}-answer-errors"' in unescape(page.content.decode())
    contest.refresh_from_db()
    assert contest.decision == "pending"


def test_the_api_raises_and_decides_contests_with_the_pages_rules_and_messages(
    client, client_as, users, khambong
):
    import json

    url = "/api/agencies/khambong/oit/2568/contests"

    def post(path, body, role, lang="en"):
        return client.post(
            path,
            json.dumps(body),
            content_type="application/json",
            headers={**_bearer(users[role]), "Accept-Language": lang},
        )

    _review(client_as("assessor"), "O7", "fail", "", "ไม่พบ")  # reviewed on the page
    body = {"item": "O7", "explanation": "เผยแพร่แล้ว", "links": ["https://k.go.th/r.pdf"]}
    closed = post(url, body, "editor", "th")  # no window yet: the page's rule and Thai message
    assert closed.status_code == 422 and closed.json()["problems"][0]["field"] == "fiscal_year"
    assert closed.json()["problems"][0]["message"] == "ขอทบทวนผลได้เฉพาะในช่วงชี้แจงเท่านั้น"
    _window(-1, 1)
    assert post(url, body, "assessor").status_code == 403  # an assessor contests nothing
    bad = post(url, {**body, "links": ["https://ok.go.th/", "ftp://x"]}, "editor")
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "links"
    assert "Line 2" in bad.json()["problems"][0]["message"]
    assert post(url, {**body, "item": "O99"}, "editor").status_code == 404
    raised = post(url, body, "editor")
    assert raised.status_code == 201, raised.content
    contest = raised.json()
    assert contest["decision"] == "pending" and contest["contested_review"]["verdict"] == "fail"
    assert EvidenceLink.objects.filter(item_id="O7", url="https://k.go.th/r.pdf").exists()
    assert post(url, body, "editor").status_code == 422  # one waiting contest per item

    listing = client.get(url, headers=_bearer(users["viewer"])).json()
    assert listing["phase"] == "clarifying" and [c["id"] for c in listing["contests"]] == [
        contest["id"]
    ]
    decide = f"{url}/{contest['id']}/decision"
    assert post(decide, {"decision": "accept", "answer": "ok"}, "editor").status_code == 403
    no_answer = post(decide, {"decision": "accept", "verdict": "pass", "answer": " "}, "assessor")
    assert no_answer.json()["problems"][0]["field"] == "answer"
    done = post(decide, {"decision": "accept", "verdict": "pass", "answer": "พบแล้ว"}, "assessor")
    assert done.status_code == 200 and done.json()["decision"] == "accepted"
    assert review.current_reviews(khambong, 2568)["O7"].verdict == "pass"
    again = post(decide, {"decision": "reject", "answer": "x"}, "assessor")
    assert again.status_code == 422 and again.json()["problems"][0]["field"] == "decision"
    assert AuditEvent.objects.filter(model="oit.contest", action="update").exists()
