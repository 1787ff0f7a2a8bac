"""Every change is logged: who, when, what, before and after; secrets never."""

from django.contrib.auth.models import User

from openita.web.agencies.models import Unit
from openita.web.audit.models import AuditEvent
from openita.web.audit.recorder import acting_as


def test_a_change_records_who_and_the_values_before_and_after(khambong, users):
    with acting_as(users["agency_admin"]):
        unit = Unit.objects.create(agency=khambong, name="กองคลัง")
        unit.name = "กองคลัง (ใหม่)"
        unit.save()
        unit.delete()
    events = list(AuditEvent.objects.filter(model="agencies.unit").order_by("id"))
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert {e.actor_name for e in events} == {"agency_admin"}
    assert all(e.agency_id == khambong.pk for e in events)
    update = events[1]
    assert update.changed_fields() == ["name"]
    assert (update.before["name"], update.after["name"]) == ("กองคลัง", "กองคลัง (ใหม่)")


def test_saving_without_a_change_logs_nothing(khambong):
    before = AuditEvent.objects.count()
    khambong.save()
    assert AuditEvent.objects.count() == before


def test_a_password_change_is_logged_without_the_password_hash(db):
    user = User.objects.create_user("clerk", password="first-password-123")
    old_hash = user.password
    user.set_password("second-password-456")
    user.save()
    event = AuditEvent.objects.filter(model="auth.user", action="update").latest("id")
    assert event.changed_fields() == ["password"]
    assert old_hash not in str(event.before) and user.password not in str(event.after)


def test_stored_result_files_are_logged_by_digest_not_content(khambong):
    event = AuditEvent.objects.filter(model="assessments.result", action="create").first()
    assert event is not None and event.after["source"].startswith("sha256:")
    assert event.agency_id == khambong.pk


def test_the_change_log_page_is_for_agency_admins(client_as):
    assert client_as("agency_admin").get("/a/khambong/history/").status_code == 200
    assert client_as("editor").get("/a/khambong/history/").status_code == 403
    assert client_as("outsider_admin").get("/a/khambong/history/").status_code == 404
