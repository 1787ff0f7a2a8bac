"""Pending uploads are private files with an expiry, not base64 in the session (issue 10.9)."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from openita.web.assessments import pending
from openita.web.assessments.models import Result

from .conftest import SEED_2568
from .test_upload import _post_file, _url


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    settings.LANGUAGE_CODE = "en"


def _waiting_path(client) -> Path:
    return pending.directory() / f"{client.session[pending.SESSION_KEY]['id']}.upload"


def test_the_session_holds_only_the_id_and_the_file_is_private(client_as):
    client = client_as("editor")
    data = SEED_2568.read_bytes()
    _post_file(client, SEED_2568.name, data)
    stored = client.session[pending.SESSION_KEY]
    assert set(stored) == {"id", "agency", "name", "sha256", "kind", "based_on", "expires"}
    assert len(str(stored)) < 300  # no copy of the file in the session
    path = _waiting_path(client)
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(pending.directory().stat().st_mode) == 0o700


def test_confirming_saves_the_file_and_removes_it(client_as):
    client = client_as("editor")
    _post_file(client, SEED_2568.name, SEED_2568.read_bytes())
    path = _waiting_path(client)
    sha = client.session[pending.SESSION_KEY]["sha256"]
    response = client.post(_url("upload_confirm"), {"sha256": sha})
    assert response.status_code == 302
    assert Result.objects.filter(agency__code="khambong", fiscal_year=2568).exists()
    assert not path.exists()


def test_a_new_upload_replaces_the_waiting_file(client_as):
    client = client_as("editor")
    _post_file(client, SEED_2568.name, SEED_2568.read_bytes())
    first = _waiting_path(client)
    _post_file(client, SEED_2568.name, SEED_2568.read_bytes())
    assert not first.exists()
    assert len(list(pending.directory().iterdir())) == 1


def test_confirming_after_the_expiry_says_so_and_saves_nothing(client_as):
    client = client_as("editor")
    _post_file(client, SEED_2568.name, SEED_2568.read_bytes())
    session = client.session
    stored = session[pending.SESSION_KEY]
    stored["expires"] = time.time() - 1
    session[pending.SESSION_KEY] = stored
    session.save()
    before = Result.objects.count()
    response = client.post(_url("upload_confirm"), {"sha256": stored["sha256"]}, follow=True)
    assert Result.objects.count() == before
    assert "waited more than 60 minutes and was removed" in response.content.decode()
    assert pending.SESSION_KEY not in client.session
    assert list(pending.directory().iterdir()) == []


def test_expired_files_are_cleaned_on_access_and_by_the_command(client_as, capsys):
    client = client_as("editor")
    _post_file(client, SEED_2568.name, SEED_2568.read_bytes())
    path = _waiting_path(client)
    old = time.time() - pending.PENDING_TTL_SECONDS - 10
    os.utime(path, (old, old))
    call_command("clean_uploads")
    assert not path.exists()
    assert "1 expired upload(s) removed" in capsys.readouterr().out
    _post_file(client, SEED_2568.name, SEED_2568.read_bytes())
    stale = pending.directory() / ("s" * 32 + ".upload")
    stale.write_bytes(b"old")
    os.utime(stale, (old, old))
    client.get(reverse("assessments:upload_confirm", kwargs={"code": "khambong"}))
    assert not stale.exists()
    assert _waiting_path(client).exists()
