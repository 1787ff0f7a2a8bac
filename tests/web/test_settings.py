"""Settings from the environment: safe in production or refused, and one database layer.

Production is ``OPENITA_DEBUG=0``; it must not run with the development secret key, a weak
key, or without its own host names (docs/production.md). Every feature must work the same on
SQLite and PostgreSQL, so app code holds no raw SQL (docs/adr/0004-sqlite-and-postgresql.md).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from openita.web.config import DEV_SECRET_KEY, InsecureSettings, WebSettings

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "openita" / "web"
GOOD_KEY = secrets.token_urlsafe(50)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A clean environment: no OPENITA_* or DATABASE_URL from the machine running the tests."""
    for name in list(os.environ):
        if name.startswith("OPENITA_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    return monkeypatch


def production(env: pytest.MonkeyPatch, **values: str) -> WebSettings:
    env.setenv("OPENITA_DEBUG", "0")
    for name, value in values.items():
        env.setenv(name, value)
    return WebSettings()


def test_development_needs_no_settings_and_uses_sqlite_in_wal_mode(
    env: pytest.MonkeyPatch,
) -> None:
    settings = WebSettings()
    assert settings.debug and settings.secret_key == DEV_SECRET_KEY
    assert "localhost" in settings.allowed_hosts
    database = settings.database()
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    options = database["OPTIONS"]
    assert isinstance(options, dict) and options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]


def test_production_refuses_the_development_secret_key(env: pytest.MonkeyPatch) -> None:
    with pytest.raises(InsecureSettings, match="OPENITA_SECRET_KEY"):
        production(env, OPENITA_ALLOWED_HOSTS="ita.example.go.th")


@pytest.mark.parametrize(
    "key", ["short-but-random-" + secrets.token_hex(8), "ab" * 40], ids=["short", "repetitive"]
)
def test_production_refuses_a_weak_secret_key(env: pytest.MonkeyPatch, key: str) -> None:
    with pytest.raises(InsecureSettings, match=r"OPENITA_SECRET_KEY.*at least 50"):
        production(env, OPENITA_SECRET_KEY=key, OPENITA_ALLOWED_HOSTS="ita.example.go.th")


@pytest.mark.parametrize("hosts", [None, "", "*", "ita.example.go.th,*"])
def test_production_refuses_missing_or_wildcard_allowed_hosts(
    env: pytest.MonkeyPatch, hosts: str | None
) -> None:
    values = {"OPENITA_SECRET_KEY": GOOD_KEY}
    if hosts is not None:
        values["OPENITA_ALLOWED_HOSTS"] = hosts
    with pytest.raises(InsecureSettings, match="OPENITA_ALLOWED_HOSTS") as refused:
        production(env, **values)
    assert "OPENITA_SECRET_KEY" not in str(refused.value), "only the variable at fault"


def test_production_names_every_problem_at_once(env: pytest.MonkeyPatch) -> None:
    with pytest.raises(InsecureSettings) as refused:
        production(env)
    assert "OPENITA_SECRET_KEY" in str(refused.value)
    assert "OPENITA_ALLOWED_HOSTS" in str(refused.value)


def test_a_proper_production_environment_is_accepted(env: pytest.MonkeyPatch) -> None:
    settings = production(
        env,
        OPENITA_SECRET_KEY=GOOD_KEY,
        OPENITA_ALLOWED_HOSTS="ita.example.go.th, www.ita.example.go.th",
        OPENITA_CSRF_TRUSTED_ORIGINS="https://ita.example.go.th",
        DATABASE_URL="postgres://openita:secret@db.internal:5432/openita",
    )
    assert not settings.debug
    assert settings.allowed_hosts == ["ita.example.go.th", "www.ita.example.go.th"]
    assert settings.csrf_trusted_origins == ["https://ita.example.go.th"]
    database = settings.database()
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"]) == ("db.internal", "openita")


@pytest.mark.parametrize(
    "url",
    [
        "Removed stale pid file.\npostgres://openita:secret@localhost:5432/openita",
        "mysql://openita:secret@localhost/openita",
        "localhost:5432/openita",
    ],
)
def test_a_database_url_that_is_not_postgresql_or_sqlite_is_refused_by_name(
    env: pytest.MonkeyPatch, url: str
) -> None:
    env.setenv("DATABASE_URL", url)
    with pytest.raises(ValueError, match="DATABASE_URL must look like postgres://") as refused:
        WebSettings()
    assert "secret" not in str(refused.value)


def clean_environ(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENITA_", "DJANGO_")) and k != "DATABASE_URL"
    }
    return env | extra


def production_environ(data_dir: Path) -> dict[str, str]:
    return clean_environ(
        OPENITA_DEBUG="0",
        OPENITA_SECRET_KEY=GOOD_KEY,
        OPENITA_ALLOWED_HOSTS="ita.example.go.th",
        OPENITA_DATA_DIR=str(data_dir),
    )


def test_the_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "openita.web", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_environ(tmp_path),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_settings_force_https_and_serve_hashed_static_files(tmp_path: Path) -> None:
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({"
        "'ssl': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS,"
        "'cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],"
        "'proxy': s.SECURE_PROXY_SSL_HEADER,"
        "'static': s.STORAGES['staticfiles']['BACKEND'], 'debug': s.DEBUG}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=production_environ(tmp_path) | {"DJANGO_SETTINGS_MODULE": "openita.web.settings"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    assert values["debug"] is False and values["ssl"] is True
    assert values["hsts"] >= 31_536_000 and values["cookies"] == [True, True]
    assert values["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["static"].startswith("whitenoise.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


HTTPS = {"X-Forwarded-Proto": "https"}  # what nginx adds (docs/production.md)


Response = tuple[int, dict[str, str], str]


def get(port: int, path: str, headers: dict[str, str] | None = None) -> Response:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "ita.example.go.th", **(headers or {})})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


@pytest.mark.slow
def test_openita_serve_in_production_runs_gunicorn_behind_the_proxy(tmp_path: Path) -> None:
    """The documented production path end to end: collectstatic, migrate, `openita serve`
    (gunicorn), requests as nginx forwards them (docs/production.md)."""
    env = production_environ(tmp_path)
    for args in (["collectstatic", "--no-input"], ["migrate", "--no-input"]):
        subprocess.run(
            [sys.executable, "-m", "openita.web", *args, "-v", "0"],
            env=env, cwd=tmp_path, check=True, capture_output=True,
        )  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "openita.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers, page = get(port, "/accounts/login/", HTTPS)
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1].decode()
                assert time.monotonic() < deadline, "gunicorn did not answer in 30 s"
                time.sleep(0.2)
        assert status == 200
        assert "max-age=31536000" in headers["strict-transport-security"]
        css = re.search(r"/static/openita/site\.[0-9a-f]{12}\.css", page)
        assert css, "templates link the hashed static file names"
        status, headers, _ = get(port, css.group(0), HTTPS)
        assert status == 200 and "max-age=" in headers["cache-control"]
        status, headers, _ = get(port, "/accounts/login/")  # plain HTTP reached gunicorn
        assert status == 301 and headers["location"].startswith("https://ita.example.go.th/")
        status, _, _ = get(port, "/accounts/login/", HTTPS | {"Host": "evil.example.com"})
        assert status == 400
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "openita.cli", "serve", "--port", "8999"],
        ["-m", "openita.cli", "manage", "runserver", "--noreload", "8999"],
        ["-c", "import openita.web.wsgi"],  # what gunicorn loads
    ],
    ids=["openita-serve", "runserver", "wsgi"],
)
def test_the_server_refuses_to_start_in_production_with_the_default_key(
    tmp_path: Path, command: list[str]
) -> None:
    env = clean_environ(
        OPENITA_DEBUG="0",
        OPENITA_ALLOWED_HOSTS="ita.example.go.th",
        OPENITA_DATA_DIR=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, *command],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode != 0
    assert "OPENITA_SECRET_KEY must be set" in done.stderr


def test_the_database_is_the_one_database_url_names(db: None) -> None:
    """CI runs the suite twice; this proves the second leg really ran on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


RAW_SQL = re.compile(r"\.raw\(|\bcursor\(|\bRawSQL\b|\.extra\(")


def test_app_code_has_no_raw_sql() -> None:
    """ADR 0004: the ORM is the one database layer, so SQLite and PostgreSQL behave alike.
    Migrations are Django's own output and are left out."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(WEB.rglob("*.py"))
        if "migrations" not in path.relative_to(WEB).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if RAW_SQL.search(line)
    ]
    assert not found, "raw SQL in app code:\n" + "\n".join(found)


def test_the_raw_sql_check_finds_each_form() -> None:
    samples = [
        "Agency.objects.raw('SELECT 1')",
        "with connection.cursor() as c:",
        "annotate(x=RawSQL('1', []))",
        "qs.extra(select={'x': '1'})",
    ]
    assert all(RAW_SQL.search(sample) for sample in samples)
    assert not RAW_SQL.search("extra_fields = raw_value(cursor_position)")


def test_every_setting_is_in_the_production_guide_table() -> None:
    guide = (ROOT / "docs" / "production.md").read_text(encoding="utf-8")
    names = [
        str(field.validation_alias or f"OPENITA_{name.upper()}")
        for name, field in WebSettings.model_fields.items()
    ]
    missing = [name for name in names if f"| `{name}` |" not in guide]
    assert not missing, f"settings missing from docs/production.md: {missing}"
