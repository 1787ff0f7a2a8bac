"""A forgotten password reset by email (issue 14): Django's flow in the site's pages, Thai or
English; the request never tells whether an address has an account; the login lockout still
holds; the mail settings come from ``OPENITA_EMAIL_*``."""

from __future__ import annotations

import re
import smtplib
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from openita.web.api.models import ApiToken
from openita.web.config import WebSettings

from .conftest import PASSWORD
from .test_dashboard import _text
from .test_settings import GOOD_KEY, env, production  # noqa: F401 (fixture)

RESET = reverse("password_reset")
NEW_PASSWORD = "a-brand-new-passphrase-77"


@pytest.fixture
def clerk(users: dict[str, User | None]) -> User:
    user = users["editor"]
    assert user is not None
    user.email, user.first_name = "clerk@khambong.go.th", "สมศรี"
    user.save()
    return user


def _link(message: Any) -> str:
    found = re.search(r"https?://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_the_login_page_links_the_reset_page(db) -> None:
    response = Client().get(reverse("login"))
    assert f'href="{RESET}"' in response.content.decode()
    assert "ลืมรหัสผ่าน" in _text(Client().get(RESET))


def test_a_known_address_gets_a_thai_mail_with_a_working_link(clerk, mailoutbox) -> None:
    response = Client().post(RESET, {"email": "Clerk@Khambong.go.th"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    assert "โปรดตรวจสอบอีเมล" in _text(response)
    (message,) = mailoutbox
    assert message.to == ["clerk@khambong.go.th"]
    assert message.subject == "OpenITA: ตั้งรหัสผ่านใหม่"
    assert "เรียน สมศรี" in message.body and "ชื่อผู้ใช้ของท่านคือ editor" in message.body
    link = _link(message)
    client = Client()
    form = client.get(link, follow=True)
    assert "ตั้งรหัสผ่านใหม่" in _text(form)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert "ตั้งรหัสผ่านใหม่แล้ว" in _text(done)
    assert "_auth_user_id" not in client.session  # the reset does not log in
    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD)
    # The link works once.
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in _text(Client().get(link, follow=True))


def test_an_unknown_address_reads_exactly_like_a_known_one(clerk, mailoutbox) -> None:
    known = Client().post(RESET, {"email": "clerk@khambong.go.th"}, follow=True)
    unknown = Client().post(RESET, {"email": "nobody@example.go.th"}, follow=True)
    assert len(mailoutbox) == 1
    assert known.redirect_chain == unknown.redirect_chain
    assert _text(known) == _text(unknown)


def test_the_mail_follows_the_english_ui(clerk, mailoutbox) -> None:
    Client().post(RESET, {"email": "clerk@khambong.go.th"}, HTTP_ACCEPT_LANGUAGE="en")
    (message,) = mailoutbox
    assert message.subject == "OpenITA: choose a new password"
    assert "Hello สมศรี" in message.body and "Your user name is editor" in message.body


def test_a_mail_server_that_refuses_is_logged_and_the_page_reads_the_same(
    clerk, monkeypatch, caplog
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise smtplib.SMTPRecipientsRefused({})

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refuse)
    response = Client().post(RESET, {"email": "clerk@khambong.go.th"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    assert "Failed to send password reset email" in caplog.text


def test_a_bad_address_is_refused_on_the_form_in_thai(db) -> None:
    response = Client().post(RESET, {"email": "not an address"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_reset_revokes_api_tokens_like_a_password_change(clerk, mailoutbox) -> None:
    ApiToken.issue(clerk, "script")
    Client().post(RESET, {"email": "clerk@khambong.go.th"})
    client = Client()
    form = client.get(_link(mailoutbox[0]), follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert not ApiToken.objects.filter(user=clerk).exists()


def test_the_lockout_still_holds_after_a_reset(clerk, mailoutbox, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client()
    for _ in range(3):
        attacker.post(reverse("login"), {"username": "editor", "password": "wrong"})
    Client().post(RESET, {"email": "clerk@khambong.go.th"})
    client = Client()
    form = client.get(_link(mailoutbox[0]), follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    response = client.post(reverse("login"), {"username": "editor", "password": NEW_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert PASSWORD  # the old password is no longer the user's
    clerk.refresh_from_db()
    assert not clerk.check_password(PASSWORD)


# --- the settings -----------------------------------------------------------------------------


def test_development_prints_mail_on_the_console(env) -> None:  # noqa: F811
    assert WebSettings().email().backend == "django.core.mail.backends.console.EmailBackend"


def test_a_mail_server_gets_starttls_on_587_by_default(env) -> None:  # noqa: F811
    env.setenv("OPENITA_EMAIL_HOST", "smtp.example.go.th")
    env.setenv("OPENITA_EMAIL_HOST_USER", "ita@example.go.th")
    env.setenv("OPENITA_EMAIL_HOST_PASSWORD", "secret")
    email = WebSettings().email()
    assert email.backend == "django.core.mail.backends.smtp.EmailBackend"
    assert (email.host, email.port, email.use_tls, email.use_ssl) == (
        "smtp.example.go.th",
        587,
        True,
        False,
    )
    assert (email.user, email.password) == ("ita@example.go.th", "secret")


def test_ssl_means_port_465_without_starttls(env) -> None:  # noqa: F811
    env.setenv("OPENITA_EMAIL_HOST", "smtp.example.go.th")
    env.setenv("OPENITA_EMAIL_USE_SSL", "1")
    email = WebSettings().email()
    assert (email.port, email.use_tls, email.use_ssl) == (465, False, True)


def test_tls_and_ssl_together_are_refused(env) -> None:  # noqa: F811
    env.setenv("OPENITA_EMAIL_USE_TLS", "1")
    env.setenv("OPENITA_EMAIL_USE_SSL", "1")
    with pytest.raises(ValueError, match="exclude each other"):
        WebSettings()


def test_production_without_a_host_sends_to_the_local_mail_server(env) -> None:  # noqa: F811
    settings = production(
        env, OPENITA_SECRET_KEY=GOOD_KEY, OPENITA_ALLOWED_HOSTS="ita.example.go.th"
    )
    email = settings.email()
    assert email.backend.endswith("smtp.EmailBackend")
    assert (email.host, email.port, email.use_tls) == ("localhost", 25, False)
