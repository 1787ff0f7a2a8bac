"""Concurrent edits of measures through the API: no acknowledged update may be lost.

Loopback only and bounded: ``--clients`` threads (default 20) for ``--seconds`` (default 30,
at most 120) against gunicorn with production settings on a fresh SQLite database, made as
``bench/web.py`` makes its own (``--agencies`` synthetic agencies; the editor's plan has one
measure per two clients). Per measure one client sends only title PATCHes and one only kpi
PATCHes, as fast as the server answers, each value numbered (``title-<id>-<n>``).

An acknowledged update (HTTP 200) is lost when the audit log shows its field going back to an
older number (another request saved a stale copy of it) or when the field does not end at its
writer's last acknowledged value. Printed: requests, errors (any answer but 200, or a broken
connection), lost acknowledged updates, and p50/p95 of the PATCHes beside a static file served
by the same gunicorn under the same number of clients, measured first. The exit status is 0
only with 0 errors and 0 lost updates.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import web
from _server import site

MAX_SECONDS = 120
MAX_CLIENTS = 64
MAX_REQUESTS_PER_CLIENT = 5_000
STATIC = "/static/openita/site.css"
VALUE = re.compile(r"^(title|kpi)-(\d+)-(\d+)$")


@dataclass
class Client:
    """One thread's answers: latencies (s), errors, and the last acknowledged value."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: str | None = None


def _request(
    port: int, method: str, path: str, body: str | None, headers: dict[str, str]
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        sent = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https", **headers}
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def run_clients(
    count: int, seconds: float, work: list[tuple[str, str, str | None]], port: int, token: str
) -> list[Client]:
    """``count`` threads, client i repeating ``work[i]`` (method, path, field) until the time."""
    clients = [Client() for _ in range(count)]
    barrier = threading.Barrier(count)
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def loop(index: int) -> None:
        method, path, name = work[index]
        client = clients[index]
        barrier.wait()
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline and n < MAX_REQUESTS_PER_CLIENT:
            n += 1
            value = f"{name}-{path.rsplit('/', 1)[-1]}-{n}" if name else None
            body = json.dumps({name: value}) if name else None
            start = time.perf_counter()
            try:
                status, data = _request(port, method, path, body, auth)
            except OSError as exc:
                client.errors.append(f"{method} {path}: {exc}")
                continue
            client.latencies.append(time.perf_counter() - start)
            if status != 200:
                client.errors.append(f"{method} {path}: HTTP {status} {data[:120]!r}")
            elif value is not None:
                client.acknowledged = value

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return clients


def prepare(agencies: int, measures: int) -> tuple[str, list[int], str]:
    """The member agency's code, ``measures`` of its measure ids and an editor's API token."""
    from django.contrib.auth.models import User
    from django.db import connection

    from openita.web.api.models import ApiToken
    from openita.web.plans.models import Measure

    loaded = web.load(agencies)
    rows = Measure.objects.filter(section__plan__agency__code=loaded.member_code).order_by("pk")
    template = rows.first()
    assert template is not None
    for _ in range(measures - rows.count()):
        template.pk = None
        template.save()
    ids = list(rows.values_list("pk", flat=True)[:measures])
    _, token = ApiToken.issue(User.objects.get(username="bench-editor"), "bench")
    connection.close()
    return loaded.member_code, ids, token


def lost_updates(ids: list[int], last: dict[tuple[int, str], str | None]) -> list[str]:
    """Acknowledged values another request took back (from the audit log), and final values
    that are not their writer's last acknowledged one."""
    from openita.web.audit.models import AuditEvent
    from openita.web.plans.models import Measure

    lost: list[str] = []
    events = AuditEvent.objects.filter(model="plans.measure", action="update").order_by("pk")
    for event in events.filter(object_id__in=[str(pk) for pk in ids]).iterator():
        for name in ("title", "kpi"):
            before, after = (event.before or {}).get(name), (event.after or {}).get(name)
            old, new = VALUE.match(str(before or "")), VALUE.match(str(after or ""))
            went_back = bool(old and new and int(new.group(3)) < int(old.group(3)))
            if before != after and old and (went_back or not new):
                lost.append(f"measure {event.object_id} {name}: {before} → {after}")
    for measure in Measure.objects.filter(pk__in=ids):
        for name in ("title", "kpi"):
            wanted = last.get((measure.pk, name))
            if wanted is not None and getattr(measure, name) != wanted:
                lost.append(f"measure {measure.pk} {name} ends at {getattr(measure, name)!r}")
    return lost


def p(latencies: list[float], q: float) -> float:
    if len(latencies) < 2:
        return latencies[0] * 1000 if latencies else 0.0
    return statistics.quantiles(latencies, n=100)[int(q) - 1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--static-seconds", type=float, default=5.0)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    clients = max(2, min(MAX_CLIENTS, args.clients // 2 * 2))
    seconds = max(1.0, min(MAX_SECONDS, args.seconds))

    with site("concurrency", keep=args.keep) as bench_site:
        code, ids, token = prepare(args.agencies, clients // 2)
        port = bench_site.start()
        print(
            f"{clients} clients, {len(ids)} measures of {code} (one title and one kpi writer "
            f"each), {seconds:.0f} s; gunicorn 2 workers, SQLite; {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        for _ in range(4):  # warm up both workers (imports, first queries)
            _request(port, "GET", STATIC, None, {})
            _request(port, "GET", f"/api/agencies/{code}/measures/{ids[0]}", None,
                     {"Authorization": f"Bearer {token}"})  # fmt: skip
        static = run_clients(
            clients, min(args.static_seconds, seconds), [("GET", STATIC, None)] * clients,
            port, token,
        )  # fmt: skip
        work = [
            ("PATCH", f"/api/agencies/{code}/measures/{pk}", name)
            for pk in ids
            for name in ("title", "kpi")
        ]
        edits = run_clients(clients, seconds, work, port, token)
        bench_site.stop()  # every answer is in: the audit log is complete
        last = {
            (int(path.rsplit("/", 1)[-1]), name or ""): client.acknowledged
            for (_, path, name), client in zip(work, edits, strict=True)
        }
        lost = lost_updates(ids, last)
        static_times = [t for c in static for t in c.latencies]
        edit_times = [t for c in edits for t in c.latencies]
        errors = [e for c in [*static, *edits] for e in c.errors]
        acknowledged = sum(len(c.latencies) - len(c.errors) for c in edits)
        print(f"\n{'requests':<34} {'count':>7} {'p50 ms':>8} {'p95 ms':>8}")
        print(f"{'static file ' + STATIC:<34} {len(static_times):>7} "
              f"{p(static_times, 50):>8.1f} {p(static_times, 95):>8.1f}")  # fmt: skip
        print(f"{'PATCH title / kpi':<34} {len(edit_times):>7} "
              f"{p(edit_times, 50):>8.1f} {p(edit_times, 95):>8.1f}")  # fmt: skip
        ratio = p(edit_times, 95) / max(p(static_times, 95), 0.001)
        print(f"p95 PATCH / p95 static: {ratio:.1f}")
        print(f"errors: {len(errors)}")
        for error in errors[:10]:
            print(f"  {error}")
        print(f"acknowledged updates: {acknowledged}")
        print(f"lost acknowledged updates: {len(lost)}")
        for item in lost[:10]:
            print(f"  {item}")
        return 0 if not errors and not lost and acknowledged > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
