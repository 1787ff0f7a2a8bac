"""Hostile uploads against a production server (issue 10 point 2), loopback only, bounded.

    uv run python bench/hostile.py [--keep]

1. a fresh SQLite database in a temporary directory, production settings (bench/_server.py), one
   agency with its 2568 result and a drafted plan, an editor with a login and an API token;
2. gunicorn with 2 workers on a free localhost port;
3. every file of the hostile corpus (tests/hostile.py, more than 40 files: billion laughs,
   900,000-key JSON, 2-million-row XLSX, shared-strings zip bomb, deep nesting, huge lines,
   NUL bytes, wrong encodings, ...) posted once to the upload page (result files) or the plan
   import page (YAML files) and once to the API (result files, ``dry_run=true``), one request
   at a time, while the workers' resident memory is sampled from /proc every 20 ms.

Prints per file and target: accepted/refused, the HTTP status, the seconds taken and the peak
RSS of the workers during the request. Exit code 0 when no request is a server error (5xx) or
fails, and no worker ever went above 512 MB; 1 otherwise.
"""

from __future__ import annotations

import argparse
import http.client
import re
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from tests.hostile import Hostile, write_corpus  # noqa: E402

from _server import PASSWORD, Session, site  # noqa: E402

CEILING_MB = 512
SEED = ROOT / "src" / "openita" / "examples" / "khambong-2568.json"
CODE = "khambong"


def load() -> str:
    """The agency, its result and plan, an editor; returns the editor's API token."""
    from django.contrib.auth.models import User
    from django.db import connection

    from openita.web.agencies.models import Agency, Membership, Role
    from openita.web.api.models import ApiToken
    from openita.web.assessments import services
    from openita.web.plans import services as plans

    agency = Agency.objects.create(code=CODE, name="เทศบาลตำบลคำบง", sort_name="เทศบาลตำบลคำบง")
    services.save_result(agency, services.read_upload(SEED.read_bytes(), SEED.name, agency))
    plans.create_draft(agency, 2568)
    editor = User.objects.create_user("bench-editor", password=PASSWORD)
    Membership.objects.create(user=editor, agency=agency, role=Role.EDITOR)
    _row, token = ApiToken.issue(editor, "bench")
    connection.close()
    return token


def workers(server: subprocess.Popen[bytes]) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    try:
        return [int(p) for p in children.read_text().split()]
    except OSError:
        return []


def rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


class Sampler(threading.Thread):
    """The largest worker RSS since the last :meth:`reset`, sampled every 20 ms."""

    def __init__(self, server: subprocess.Popen[bytes]) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.peak = 0
        self.overall = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            largest = max((rss_kb(pid) for pid in workers(self.server)), default=0)
            self.peak = max(self.peak, largest)
            self.overall = max(self.overall, largest)
            time.sleep(0.02)

    def reset(self) -> None:
        self.peak = max((rss_kb(pid) for pid in workers(self.server)), default=0)


def multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[str, bytes]:
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def post(session: Session, path: str, fields: dict[str, str], file: Hostile,
         headers: dict[str, str]) -> tuple[int, bytes]:  # fmt: skip
    content_type, body = multipart(fields, file.name, file.path.read_bytes())
    conn = http.client.HTTPConnection("127.0.0.1", session.port, timeout=120)
    sent = {
        "Host": f"127.0.0.1:{session.port}",
        "X-Forwarded-Proto": "https",
        "Content-Type": content_type,
        **headers,
    }
    if session.cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    conn.request("POST", path, body=body, headers=sent)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def csrf(session: Session, path: str) -> str:
    status, page = session.request("GET", path)
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or found is None:
        raise RuntimeError(f"{path}: HTTP {status}")
    return found.group(1).decode()


@dataclass
class Outcome:
    file: str
    target: str
    status: int
    seconds: float
    peak_mb: float

    @property
    def verdict(self) -> str:
        if self.status >= 500 or self.status == 0:
            return "SERVER ERROR"
        return "accepted" if self.status < 400 else "refused"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    with site("hostile", keep=args.keep) as bench_site:
        token = load()
        corpus = write_corpus(bench_site.data_dir / "corpus")
        port = bench_site.start()
        server = bench_site.server
        assert server is not None
        editor = Session(port)
        editor.log_in("bench-editor")
        sampler = Sampler(server)
        sampler.start()
        origin = f"https://127.0.0.1:{port}"
        outcomes: list[Outcome] = []
        print(f"{len(corpus)} hostile files, gunicorn with 2 workers on 127.0.0.1:{port}\n")
        print(f"{'file':<40} {'target':<12} {'status':>6} {'verdict':<12} {'s':>6} {'peak RSS':>9}")
        for file in corpus:
            targets: list[tuple[str, str, dict[str, str], dict[str, str]]] = []
            if file.importer == "result":
                page = f"/a/{CODE}/upload/"
                targets.append(("upload page", page, {"csrfmiddlewaretoken": csrf(editor, page)},
                                {"Origin": origin, "Referer": origin + page}))  # fmt: skip
                targets.append(("API", f"/api/agencies/{CODE}/results?dry_run=true", {},
                                {"Authorization": f"Bearer {token}"}))  # fmt: skip
            else:
                page = f"/a/{CODE}/plan/import/"
                token_field = csrf(editor, f"{page}?year=2569")
                targets.append(("plan import", page,
                                {"csrfmiddlewaretoken": token_field, "year": "2569"},
                                {"Origin": origin, "Referer": origin + page}))  # fmt: skip
            for target, path, fields, headers in targets:
                sampler.reset()
                start = time.perf_counter()
                try:
                    status, _body = post(editor, path, fields, file, headers)
                except (OSError, http.client.HTTPException):
                    status = 0
                time.sleep(0.05)  # one more sample after the answer
                outcome = Outcome(file.name, target, status, time.perf_counter() - start,
                                  sampler.peak / 1024)  # fmt: skip
                outcomes.append(outcome)
                print(f"{file.name:<40} {target:<12} {status:>6} {outcome.verdict:<12} "
                      f"{outcome.seconds:>6.2f} {outcome.peak_mb:>6.0f} MB")  # fmt: skip
        sampler.stopped.set()
        errors = [o for o in outcomes if o.verdict == "SERVER ERROR"]
        peak = sampler.overall / 1024
        print(
            f"\n{len(outcomes)} requests: {sum(o.verdict == 'accepted' for o in outcomes)} "
            f"accepted, {sum(o.verdict == 'refused' for o in outcomes)} refused, "
            f"{len(errors)} server errors; peak worker RSS {peak:.0f} MB (ceiling {CEILING_MB} MB)"
        )
        return 0 if not errors and peak < CEILING_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
