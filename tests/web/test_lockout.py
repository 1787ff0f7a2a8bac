"""Issue 10.1: the login lockout keys on (user name, real client address), limits one address
across user names, believes X-Forwarded-For only from the configured proxy, and guards every
password check (also the old password on /accounts/password/)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.web.conftest import PASSWORD

PROXY = "127.0.0.1"
A, B = "203.0.113.10", "198.51.100.20"


@pytest.fixture(autouse=True)
def _behind_proxy(settings: Any) -> None:
    """Production's proxy settings (nginx on the same machine); the limits of the defaults."""
    settings.OPENITA_PROXY_COUNT = 1
    settings.OPENITA_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    settings.AXES_FAILURE_LIMIT = 5
    settings.OPENITA_LOGIN_ADDRESS_FAILURE_LIMIT = 30


def _login(client: Client, username: str, password: str, *, via: str, remote: str = PROXY) -> int:
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=via,
    )
    return response.status_code


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_five_wrong_passwords_from_one_address_do_not_lock_the_user_out_elsewhere(
    users: dict[str, User | None],
) -> None:
    admin = users["site_admin"]
    assert admin is not None
    attacker = Client()
    statuses = [_login(attacker, admin.username, "wrong", via=A) for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks the pair
    # The pair (admin, A) is locked now, even with the right password ...
    assert _login(attacker, admin.username, PASSWORD, via=A) == 429
    assert not _logged_in(attacker)
    # ... but admin logs in from B.
    owner = Client()
    assert _login(owner, admin.username, PASSWORD, via=B) == 302
    assert _logged_in(owner)


@pytest.mark.django_db
def test_spraying_many_accounts_from_one_address_is_blocked() -> None:
    names = [f"spray{i}" for i in range(30)]
    for name in names:
        User.objects.create_user(name, password=PASSWORD)
    sprayer = Client()
    statuses = [_login(sprayer, name, f"guess{n}", via=A) for name in names for n in range(4)]
    assert 429 in statuses
    blocked_from = statuses.index(429)
    assert blocked_from <= 30  # the 30th failure from A locks A
    # Even a right password is refused from A now; from B the same account logs in.
    assert _login(sprayer, names[-1], PASSWORD, via=A) == 429
    assert not _logged_in(sprayer)
    elsewhere = Client()
    assert _login(elsewhere, names[-1], PASSWORD, via=B) == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("proxy_count", "remote"),
    [(0, PROXY), (1, "192.0.2.99")],
    ids=["no-proxy-configured", "connection-not-from-the-proxy"],
)
def test_a_client_cannot_pick_its_address_with_x_forwarded_for(
    settings: Any, users: dict[str, User | None], proxy_count: int, remote: str
) -> None:
    """Five failures sent with five different forged headers all count for the real address."""
    settings.OPENITA_PROXY_COUNT = proxy_count
    editor = users["editor"]
    assert editor is not None
    client = Client()
    for n in range(5):
        _login(client, editor.username, "wrong", via=f"10.9.8.{n}", remote=remote)
    assert _login(client, editor.username, PASSWORD, via="10.9.8.200", remote=remote) == 429
    assert not _logged_in(client)


@pytest.mark.django_db
def test_the_lockout_page_says_when_to_try_again_in_the_ui_language(
    users: dict[str, User | None],
) -> None:
    editor = users["editor"]
    assert editor is not None
    client = Client()
    for _ in range(5):
        _login(client, editor.username, "wrong", via=A)
    thai = client.post(
        "/accounts/login/",
        {"username": editor.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=A,
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert thai.status_code == 429
    assert "ลองใหม่หลังเวลา" in thai.content.decode()
    assert "15 นาที" in thai.content.decode()
    english = client.post(
        "/accounts/login/",
        {"username": editor.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=A,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Try again after" in english.content.decode()
    assert "in 15 minutes" in english.content.decode()


@pytest.mark.django_db
def test_the_old_password_check_on_the_password_page_is_limited(
    users: dict[str, User | None],
) -> None:
    """A stolen session cannot guess the password on /accounts/password/ without limit."""
    editor = users["editor"]
    assert editor is not None
    client = Client()
    client.force_login(editor)
    new = "a-new-long-password-9137"

    def change(old: str) -> int:
        response = client.post(
            "/accounts/password/",
            {"old_password": old, "new_password1": new, "new_password2": new},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=A,
        )
        return response.status_code

    assert [change("wrong") for _ in range(5)] == [200, 200, 200, 200, 429]
    # Locked: the right old password is refused too, and the password is unchanged.
    assert change(PASSWORD) == 429
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
    # The same pair is locked on the login form as well.
    assert _login(Client(), editor.username, PASSWORD, via=A) == 429


@pytest.mark.django_db
def test_the_admin_password_page_leads_to_the_guarded_one(users: dict[str, User | None]) -> None:
    """Django admin's own password page checks the old password outside the lockout."""
    admin = users["site_admin"]
    assert admin is not None
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/"


@pytest.mark.parametrize(
    ("remote", "forwarded", "seen"),
    [
        (PROXY, A, A),  # nginx overwrites the header: one address, the client's
        (PROXY, f"10.0.0.1, {A}", A),  # a proxy that appends: the client's own entry is ignored
        ("::1", A, A),
        ("192.0.2.99", A, "192.0.2.99"),  # not from the proxy: the header is the client's word
        (PROXY, "not-an-address", PROXY),
    ],
)
def test_the_client_address_is_read_from_the_right_of_the_trusted_proxys_header(
    rf: Any, remote: str, forwarded: str, seen: str
) -> None:
    from openita.web.accounts.client_address import client_address

    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == seen


def test_trusted_proxies_must_be_addresses_or_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    from openita.web.config import WebSettings

    monkeypatch.setenv("OPENITA_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/24")
    assert WebSettings().trusted_proxies == ["127.0.0.1", "10.0.0.0/24"]
    monkeypatch.setenv("OPENITA_TRUSTED_PROXIES", "nginx.local")
    with pytest.raises(ValueError, match="OPENITA_TRUSTED_PROXIES"):
        WebSettings()
