"""Who may call the API: Bearer tokens, the browser session (with CSRF), the token page, admin."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from openita.web.api.auth import TOUCH_EVERY
from openita.web.api.models import ApiToken, digest
from openita.web.audit.models import AuditEvent

AGENCY = "/api/agencies/khambong"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_valid_token_reads_the_agency_as_its_user(users: dict[str, Any]) -> None:
    _, token = ApiToken.issue(users["viewer"], "script")
    response = Client().get(AGENCY, headers=bearer(token))
    assert response.status_code == 200
    assert response.json()["access"] == "view"
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "เทศบาลตำบลคำบง".encode() in response.content  # Thai as is, not \u0e40 escapes


def test_without_a_token_the_api_answers_401_with_a_bearer_challenge(users: dict[str, Any]) -> None:
    response = Client().get(AGENCY)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


def test_a_wrong_token_is_401(users: dict[str, Any]) -> None:
    ApiToken.issue(users["viewer"], "script")
    assert Client().get(AGENCY, headers=bearer("oita_not-a-real-token")).status_code == 401
    assert Client().get(AGENCY, headers={"Authorization": "Bearer "}).status_code == 401


def test_a_wrong_token_is_401_even_with_a_logged_in_session(client_as: Any) -> None:
    """A script with a bad token learns it, instead of silently acting as the browser's user."""
    response = client_as("editor").get(AGENCY, headers=bearer("oita_wrong"))
    assert response.status_code == 401


def test_a_revoked_token_is_401(users: dict[str, Any]) -> None:
    row, token = ApiToken.issue(users["viewer"], "script")
    assert Client().get(AGENCY, headers=bearer(token)).status_code == 200
    row.delete()
    assert Client().get(AGENCY, headers=bearer(token)).status_code == 401


def test_the_token_of_a_deactivated_user_is_401(users: dict[str, Any]) -> None:
    _, token = ApiToken.issue(users["viewer"], "script")
    User.objects.filter(pk=users["viewer"].pk).update(is_active=False)
    assert Client().get(AGENCY, headers=bearer(token)).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(users: dict[str, Any]) -> None:
    row, token = ApiToken.issue(users["viewer"], "script")
    assert row.last_used_at is None
    Client().get(AGENCY, headers=bearer(token))
    first = ApiToken.objects.get(pk=row.pk).last_used_at
    assert first is not None
    Client().get(AGENCY, headers=bearer(token))
    assert ApiToken.objects.get(pk=row.pk).last_used_at == first
    long_ago = timezone.now() - TOUCH_EVERY - timedelta(seconds=1)
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=long_ago)
    Client().get(AGENCY, headers=bearer(token))
    assert ApiToken.objects.get(pk=row.pk).last_used_at > long_ago


def test_using_a_token_writes_nothing_to_the_audit_log(users: dict[str, Any]) -> None:
    _, token = ApiToken.issue(users["viewer"], "script")
    before = AuditEvent.objects.count()
    Client().get(AGENCY, headers=bearer(token))
    assert AuditEvent.objects.count() == before


def test_a_change_through_a_token_is_audited_under_the_tokens_user(users: dict[str, Any]) -> None:
    _, token = ApiToken.issue(users["editor"], "script")
    response = Client().post(
        f"{AGENCY}/plans",
        json.dumps({"result_year": 2568}),
        content_type="application/json",
        headers=bearer(token),
    )
    assert response.status_code == 201
    event = AuditEvent.objects.filter(model="plans.actionplan", action="create").get()
    assert event.actor == users["editor"]
    assert event.actor_name == "editor"


def test_a_logged_in_browser_reads_the_api_with_its_session(client_as: Any) -> None:
    assert client_as("viewer").get(AGENCY).status_code == 200


def test_a_session_change_needs_the_csrf_token(users: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["editor"], backend="django.contrib.auth.backends.ModelBackend")
    body = json.dumps({"result_year": 2568})
    refused = client.post(f"{AGENCY}/plans", body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/account/tokens/")  # any page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        f"{AGENCY}/plans", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201


def test_a_token_change_needs_no_csrf_token(users: dict[str, Any]) -> None:
    _, token = ApiToken.issue(users["editor"], "script")
    response = Client(enforce_csrf_checks=True).post(
        f"{AGENCY}/plans",
        json.dumps({"result_year": 2568}),
        content_type="application/json",
        headers=bearer(token),
    )
    assert response.status_code == 201


# --- the token page ----------------------------------------------------------------------


def test_the_token_page_needs_a_login(users: dict[str, Any]) -> None:
    response = Client().get("/account/tokens/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_new_token_is_shown_once_and_works(client_as: Any, users: dict[str, Any]) -> None:
    client = client_as("editor")
    response = client.post("/account/tokens/", {"name": "upload script"})
    assert response.status_code == 200
    plain = response.context["new_token"]
    assert plain.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    row = ApiToken.objects.get(user=users["editor"])
    assert (row.name, row.digest, row.hint) == ("upload script", digest(plain), plain[:10])
    again = client.get("/account/tokens/")
    assert plain.encode() not in again.content
    assert b"upload script" in again.content
    assert Client().get(AGENCY, headers=bearer(plain)).status_code == 200


def test_a_token_needs_a_name(client_as: Any) -> None:
    response = client_as("editor").post("/account/tokens/", {"name": "  "})
    assert response.status_code == 422
    assert ApiToken.objects.count() == 0


def test_the_page_lists_only_your_own_tokens(client_as: Any, users: dict[str, Any]) -> None:
    ApiToken.issue(users["viewer"], "viewer script")
    ApiToken.issue(users["editor"], "editor script")
    page = client_as("editor").get("/account/tokens/").content.decode()
    assert "editor script" in page
    assert "viewer script" not in page


def test_revoking_a_token_stops_it(client_as: Any, users: dict[str, Any]) -> None:
    row, plain = ApiToken.issue(users["editor"], "script")
    response = client_as("editor").post(f"/account/tokens/{row.pk}/revoke/")
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=row.pk).exists()
    assert Client().get(AGENCY, headers=bearer(plain)).status_code == 401


def test_nobody_revokes_another_users_token(client_as: Any, users: dict[str, Any]) -> None:
    row, _ = ApiToken.issue(users["viewer"], "script")
    assert client_as("editor").post(f"/account/tokens/{row.pk}/revoke/").status_code == 404
    assert client_as("editor").get(f"/account/tokens/{row.pk}/revoke/").status_code == 405
    assert ApiToken.objects.filter(pk=row.pk).exists()


# --- admin --------------------------------------------------------------------------------


def test_admin_lists_tokens_but_never_adds_one_or_edits_the_digest(
    client_as: Any, users: dict[str, Any]
) -> None:
    row, plain = ApiToken.issue(users["viewer"], "script")
    admin = client_as("site_admin")
    listing = admin.get("/admin/api/apitoken/")
    assert listing.status_code == 200
    assert b"script" in listing.content
    assert admin.get("/admin/api/apitoken/add/").status_code == 403
    change = admin.get(f"/admin/api/apitoken/{row.pk}/change/")
    assert change.status_code == 200
    assert plain.encode() not in change.content
    assert b'name="digest"' not in change.content  # shown read-only, not as an input
