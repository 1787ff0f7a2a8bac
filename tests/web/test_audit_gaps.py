"""Issue 10.7: changes Django makes without a save signal are logged, and a changed password
revokes the user's API tokens (and says so)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from openita.web.agencies.models import Unit
from openita.web.api.models import ApiToken
from openita.web.audit.models import AuditEvent
from openita.web.plans import services as plan_services
from openita.web.plans.models import Measure
from tests.web.conftest import PASSWORD


def test_deleting_a_unit_logs_each_measure_it_was_taken_off(khambong, client_as):
    unit = Unit.objects.create(agency=khambong, name="กองคลัง")
    plan = plan_services.create_draft(khambong, 2568)
    measures = list(Measure.objects.filter(section__plan=plan).order_by("pk")[:3])
    Measure.objects.filter(pk__in=[m.pk for m in measures]).update(unit=unit)
    client = client_as("agency_admin")
    response = client.post(f"/a/{khambong.code}/units/{unit.pk}/delete/")
    assert response.status_code == 302
    events = AuditEvent.objects.filter(model="plans.measure", action="update")
    logged = {e.object_id: e for e in events}
    assert set(logged) == {str(m.pk) for m in measures}
    for event in logged.values():
        assert event.changed_fields() == ["unit_id"]
        assert (event.before["unit_id"], event.after["unit_id"]) == (unit.pk, None)
        assert event.actor_name == "agency_admin"
        assert event.agency_id == khambong.pk
    assert not Measure.objects.filter(unit__isnull=False, section__plan=plan).exists()


def _tokens(user: User, count: int) -> None:
    for n in range(count):
        ApiToken.issue(user, f"script {n}")


def test_changing_the_password_on_the_page_revokes_the_api_tokens_and_says_so(users):
    editor = users["editor"]
    _tokens(editor, 2)
    _, plain = ApiToken.issue(editor, "nightly")
    client = Client()
    client.force_login(editor)
    new = "a-new-long-password-9137"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.status_code == 200
    assert not ApiToken.objects.filter(user=editor).exists()
    assert "Your 3 API tokens were revoked" in response.content.decode()
    # The old token no longer opens the API.
    api = Client().get("/api/agencies", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert api.status_code == 401
    # Each revoked token is in the audit log.
    assert AuditEvent.objects.filter(model="api.apitoken", action="delete").count() == 3


def test_every_other_way_of_setting_a_password_revokes_the_tokens_too(users, client_as):
    editor = users["editor"]
    # A site administrator's "set password" in /admin/.
    _tokens(editor, 2)
    admin = client_as("site_admin")
    new = "set-by-the-administrator-5521"
    response = admin.post(
        f"/admin/auth/user/{editor.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.status_code == 200
    assert not ApiToken.objects.filter(user=editor).exists()
    # The administrator is told, to tell the user.
    assert "The user&#x27;s 2 API tokens were revoked" in response.content.decode()
    # Code that sets a password (manage changepassword, a reset: set_password + save).
    _tokens(editor, 1)
    editor.refresh_from_db()
    editor.set_password("yet-another-password-8812")
    editor.save()
    assert not ApiToken.objects.filter(user=editor).exists()


def test_saving_a_user_without_a_new_password_keeps_the_tokens(users):
    editor = users["editor"]
    _tokens(editor, 1)
    editor.first_name = "สมศรี"
    editor.save()
    editor.save(update_fields=["last_login"])
    login = Client().post("/accounts/login/", {"username": editor.username, "password": PASSWORD})
    assert login.status_code == 302  # a login rewrites the hash only if the hasher changed
    assert ApiToken.objects.filter(user=editor).count() == 1
