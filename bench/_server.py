"""The site every web benchmark runs against: one copy of the set-up, shared by
bench/web.py, bench/hostile.py and bench/concurrency.py.

:func:`site` makes a fresh data directory (``OPENITA_DATA_DIR``: SQLite database, collected
static files, pending uploads) with production settings (``OPENITA_DEBUG=0``, a random secret,
behind a TLS proxy), migrates it, and removes it afterwards unless asked to keep it.
:meth:`Site.start` runs gunicorn with 2 workers on a free localhost port, as in production;
:class:`Session` is a browser's cookies over plain HTTP that presents itself as HTTPS and logs
in through the login form.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

#: The password of every user a benchmark creates (random per run).
PASSWORD = secrets.token_urlsafe(16)
WORKERS = 2


def production_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # always the fresh SQLite file, whatever the shell says
    env.update(
        OPENITA_DATA_DIR=str(data_dir),
        OPENITA_DEBUG="0",
        OPENITA_SECRET_KEY=secrets.token_urlsafe(64),
        OPENITA_ALLOWED_HOSTS="127.0.0.1,localhost",
        OPENITA_BEHIND_PROXY="1",
        DJANGO_SETTINGS_MODULE="openita.web.settings",
    )
    return env


def setup_django(env: dict[str, str]) -> None:
    """Django in this process on the same settings as the server: migrated, static collected."""
    os.environ.update(env)
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "gunicorn", "openita.web.wsgi:application",
        "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start within 60 s")


@dataclass
class Site:
    data_dir: Path
    env: dict[str, str]
    port: int = 0
    server: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> int:
        """Start gunicorn (once) and return its port."""
        if self.server is None:
            self.port = free_port()
            self.server = start_server(self.env, self.port, self.data_dir / "gunicorn.log")
        return self.port

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None


@contextlib.contextmanager
def site(prefix: str, keep: bool = False) -> Iterator[Site]:
    """A migrated production site in a temporary directory; the server is stopped and the
    directory removed on the way out (kept, and its path printed, with ``keep``)."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"openita-bench-{prefix}-"))
    made = Site(data_dir, production_env(data_dir))
    try:
        setup_django(made.env)
        yield made
    finally:
        made.stop()
        if keep:
            print(f"kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


class Session:
    """A browser's cookies over plain HTTP, presenting itself as HTTPS behind the proxy."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:  # fmt: skip
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "th",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response.status, data

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        status, page = self.request("GET", "/accounts/login/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or found is None:
            raise RuntimeError(f"login page: HTTP {status}")
        origin = f"https://127.0.0.1:{self.port}"
        form = urlencode(
            {
                "csrfmiddlewaretoken": found.group(1).decode(),
                "username": username,
                "password": password,
            }
        )
        status, _body = self.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": f"{origin}/accounts/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} refused (HTTP {status})")
