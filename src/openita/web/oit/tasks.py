"""The self-check as a background task (Django's tasks API, database-backed worker).

``openita manage db_worker`` runs queued tasks; several workers on several machines may share
one PostgreSQL. A run is cancelled by setting ``cancel_requested``: the task polls it between
links and stops, keeping nothing of the unfinished run but its status.
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from openita.oitcheck import CheckPolicy, ItemCheck, check_items_sync
from openita.oitcheck.links import targets
from openita.web.oit.models import CheckOutcome, CheckRun, EvidenceLink


def _link_json(link: Any) -> dict[str, Any]:
    data = asdict(link)
    data["verdict"] = str(link.verdict)
    data["last_modified"] = link.last_modified.isoformat() if link.last_modified else None
    data["reasons"] = [{"code": r.code, "params": dict(r.params)} for r in link.reasons]
    return data


def _watch(run_id: int, cancel: threading.Event, done: threading.Event) -> None:
    """Set ``cancel`` when someone asks the run to stop (polled once a second)."""
    from django.db import connection

    try:
        while not done.wait(1.0):
            if CheckRun.objects.filter(pk=run_id, cancel_requested=True).exists():
                cancel.set()
                return
    finally:
        connection.close()


@task()
def run_self_check(run_id: int) -> str:
    from openita.frameworks.loader import load_framework

    run = CheckRun.objects.select_related("agency").get(pk=run_id)
    if run.status != CheckRun.Status.QUEUED:
        return run.status
    if run.cancel_requested:
        run.status = CheckRun.Status.CANCELLED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        return run.status
    framework = load_framework(run.fiscal_year)
    links: dict[str, list[str]] = {}
    for link in EvidenceLink.objects.filter(agency=run.agency, fiscal_year=run.fiscal_year):
        links.setdefault(link.item_id, []).append(link.url)
    wanted = targets(framework, {k: v for k, v in links.items() if k in framework.oit_items})
    run.status = CheckRun.Status.RUNNING
    run.started_at = timezone.now()
    run.items_total = len(wanted)
    run.save(update_fields=["status", "started_at", "items_total"])
    policy = CheckPolicy(allow_loopback=settings.OPENITA_OITCHECK_ALLOW_LOOPBACK)
    cancel, done = threading.Event(), threading.Event()
    watcher = threading.Thread(target=_watch, args=(run.pk, cancel, done), daemon=True)
    watcher.start()
    finished: list[ItemCheck] = []
    try:
        results = check_items_sync(wanted, policy, cancel=cancel, on_item=finished.append)
    except Exception:
        run.status = CheckRun.Status.FAILED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        raise
    finally:
        done.set()
        watcher.join()
    if results is None:
        run.status = CheckRun.Status.CANCELLED
    else:
        CheckOutcome.objects.bulk_create(
            CheckOutcome(
                run=run,
                item_id=r.item_id,
                verdict=str(r.verdict),
                links=[_link_json(link) for link in r.links],
            )
            for r in results
        )
        run.status = CheckRun.Status.DONE
    run.items_done = len(finished)
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "items_done", "finished_at"])
    return run.status
