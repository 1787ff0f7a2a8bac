"""Background tasks of the OIT workspace (Django's tasks API, database-backed worker): the
self-check, and the rendering of OpenITA documents for their public addresses.

``openita manage db_worker`` runs queued tasks; several workers on several machines may share
one PostgreSQL. A run is cancelled by setting ``cancel_requested``: the task polls it between
links and stops, keeping nothing of the unfinished run but its status.

:func:`execute_run` is the run itself, the one code the web app's button (through the worker)
and ``openita oit check --agency CODE`` (in its own process) both use; :func:`start_run` is the
one way both create the run (one queued or running self-check per agency and year).

:func:`render_document` renders the PDF behind ``/p/<code>/<year>/documents/<kind>.pdf``
(:mod:`openita.web.oit.documents` queues it; a public request never renders).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from openita.oitcheck import CheckPolicy, ItemCheck, LinkCheck, Reason, Target, check_items_sync
from openita.oitcheck.crawl import site_root
from openita.oitcheck.files import check_file
from openita.oitcheck.links import targets
from openita.oitcheck.model import CrawlReport, Suggestion, Verdict, best
from openita.web.agencies.models import Agency
from openita.web.oit.models import (
    CheckOutcome,
    CheckRun,
    DocumentEvidence,
    EvidenceFile,
    EvidenceLink,
    ItemState,
)


def _reasons_json(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    return [{"code": r.code, "params": dict(r.params)} for r in reasons]


def _link_json(link: Any) -> dict[str, Any]:
    data = asdict(link)
    data["verdict"] = str(link.verdict)
    data["last_modified"] = link.last_modified.isoformat() if link.last_modified else None
    data["reasons"] = _reasons_json(link.reasons)
    return data


def _suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    data = asdict(suggestion)
    data["reasons"] = _reasons_json(suggestion.reasons)
    return data


def _report_json(report: CrawlReport) -> dict[str, Any]:
    data = asdict(report)
    data["notes"] = _reasons_json(report.notes)
    return data


def _file_checks(
    run: CheckRun, wanted: list[Target], policy: CheckPolicy, cancel: threading.Event
) -> dict[str, list[tuple[int, LinkCheck]]] | None:
    """Every uploaded file of the run's year, read and judged like a fetched document
    (:func:`openita.oitcheck.files.check_file`); None when the run was stopped meanwhile."""
    by_item = {t.item_id: t for t in wanted}
    checks: dict[str, list[tuple[int, LinkCheck]]] = {}
    uploads = EvidenceFile.objects.filter(agency=run.agency, fiscal_year=run.fiscal_year)
    for upload in uploads:
        if cancel.is_set():
            return None
        target = by_item.get(upload.item_id)
        if target is None:
            continue
        try:
            with upload.file.open("rb") as handle:
                body = handle.read(policy.max_bytes + 1)
        except FileNotFoundError:
            check = LinkCheck(
                url=upload.title, verdict=Verdict.BROKEN, reasons=(Reason("file_missing"),)
            )
        else:
            check = check_file(target, upload.title, body, policy)
        checks.setdefault(upload.item_id, []).append((upload.pk, check))
    return checks


def _document_checks(run: CheckRun) -> dict[str, LinkCheck]:
    """An attached OpenITA document is made for the right year by construction; what can go
    wrong is that it cannot be made any more, that its link is closed (item not public), or
    that its PDF is not stored yet (the public address answers 503 until the worker has
    rendered it): only a stored PDF is ready."""
    from django.urls import reverse

    from openita.web.oit import documents

    public = set(
        ItemState.objects.filter(
            agency=run.agency, fiscal_year=run.fiscal_year, public=True
        ).values_list("item_id", flat=True)
    )
    checks: dict[str, LinkCheck] = {}
    for row in DocumentEvidence.objects.filter(agency=run.agency, fiscal_year=run.fiscal_year):
        kind = documents.Kind(row.kind)
        url = reverse(
            "oit_public:document",
            kwargs={"code": run.agency.code, "year": row.document_year, "kind": kind.value},
        )
        params = {"year": row.document_year}
        if documents.missing(run.agency, kind, row.document_year):
            check = LinkCheck(url, Verdict.BROKEN, (Reason("document_gone", params),))
        elif row.item_id not in public:
            check = LinkCheck(url, Verdict.BROKEN, (Reason("document_not_public", params),))
        elif not documents.stored(run.agency, kind, row.document_year):
            check = LinkCheck(url, Verdict.PENDING, (Reason("document_pending", params),))
        else:
            check = LinkCheck(url, Verdict.OK, (Reason("document_ready", params),))
        checks[row.item_id] = check
    return checks


def _outcome(
    run: CheckRun,
    result: ItemCheck,
    files: list[tuple[int, LinkCheck]],
    document: LinkCheck | None,
) -> CheckOutcome:
    links = [_link_json(link) for link in result.links]
    for pk, check in files:
        links.append({**_link_json(check), "file_id": pk})
    if document is not None:
        links.append({**_link_json(document), "document": True})
    verdicts = [link.verdict for link in result.links]
    verdicts += [check.verdict for _pk, check in files]
    verdicts += [document.verdict] if document is not None else []
    return CheckOutcome(
        run=run,
        item_id=result.item_id,
        verdict=str(best(verdicts)),
        links=links,
        suggestions=[_suggestion_json(s) for s in result.suggestions],
    )


def _watch(run_id: int, cancel: threading.Event, done: threading.Event) -> None:
    """Set ``cancel`` when someone asks the run to stop (polled once a second)."""
    from django.db import DatabaseError, connection

    try:
        while not done.wait(1.0):
            try:
                asked = CheckRun.objects.filter(pk=run_id, cancel_requested=True).exists()
            except DatabaseError:
                continue  # a busy database (SQLite locked by the writer): ask again later
            if asked:
                cancel.set()
                return
    finally:
        connection.close()


@dataclass(frozen=True)
class Executed:
    """A run as it ended, with what it found (results None when it was cancelled)."""

    run: CheckRun
    results: list[ItemCheck] | None
    crawl: CrawlReport | None = None


def start_run(
    agency: Agency,
    year: int,
    *,
    requested_by: User | None = None,
    crawl: bool = False,
    crawl_from: str = "",
) -> CheckRun | None:
    """A new queued run of ``agency``'s self-check for fiscal ``year``, or None when one is
    already queued or running (the rows are locked while this is decided, so two requests at
    once cannot both start one)."""
    with transaction.atomic():
        busy = (
            CheckRun.objects.select_for_update()
            .filter(
                agency=agency,
                fiscal_year=year,
                status__in=[CheckRun.Status.QUEUED, CheckRun.Status.RUNNING],
            )
            .exists()
        )
        if busy:
            return None
        return CheckRun.objects.create(
            agency=agency,
            fiscal_year=year,
            requested_by=requested_by,
            crawl=crawl,
            crawl_from=crawl_from,
        )


def execute_run(
    run_id: int,
    *,
    policy: CheckPolicy | None = None,
    cancel: threading.Event | None = None,
    on_item: Callable[[ItemCheck], None] | None = None,
) -> Executed:
    """Check the agency's stored evidence of the run's year (and crawl its site for the items
    without any evidence when the run asks for it), store the outcomes in the run, and return
    them."""
    from openita.frameworks.loader import load_framework
    from openita.web.oit.guidance import overrides_for

    run = CheckRun.objects.select_related("agency").get(pk=run_id)
    if run.status != CheckRun.Status.QUEUED:
        return Executed(run, None)
    if run.cancel_requested:
        run.status = CheckRun.Status.CANCELLED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        return Executed(run, None)
    framework = load_framework(run.fiscal_year, run.agency.kind)
    links: dict[str, list[str]] = {}
    for link in EvidenceLink.objects.filter(agency=run.agency, fiscal_year=run.fiscal_year):
        links.setdefault(link.item_id, []).append(link.url)
    wanted = targets(
        framework,
        {k: v for k, v in links.items() if k in framework.oit_items},
        overrides=overrides_for(framework),
    )
    crawl_from, crawl_for = None, None
    if run.crawl:
        crawl_from = run.crawl_from or site_root(u for urls in links.values() for u in urls)
        if crawl_from is None:
            run.crawl_report = {"notes": _reasons_json((Reason("no_site"),))}
        evidenced = set(links)
        for rows in (EvidenceFile.objects, DocumentEvidence.objects):
            found = rows.filter(agency=run.agency, fiscal_year=run.fiscal_year)
            evidenced.update(found.values_list("item_id", flat=True))
        crawl_for = [t.item_id for t in wanted if t.item_id not in evidenced]
    run.status = CheckRun.Status.RUNNING
    run.started_at = timezone.now()
    run.items_total = len(wanted)
    run.save(update_fields=["status", "started_at", "items_total", "crawl_report"])
    policy = policy or CheckPolicy(allow_loopback=settings.OPENITA_OITCHECK_ALLOW_LOOPBACK)
    cancel = cancel or threading.Event()
    done = threading.Event()
    watcher = threading.Thread(target=_watch, args=(run.pk, cancel, done), daemon=True)
    watcher.start()
    finished: list[ItemCheck] = []
    crawled: list[CrawlReport] = []

    def heard(check: ItemCheck) -> None:
        finished.append(check)
        if on_item is not None:
            on_item(check)

    try:
        results = check_items_sync(
            wanted,
            policy,
            cancel=cancel,
            on_item=heard,
            crawl_from=crawl_from,
            crawl_for=crawl_for,
            on_crawl=crawled.append,
        )
        files = _file_checks(run, wanted, policy, cancel) if results is not None else None
    except Exception:
        run.status = CheckRun.Status.FAILED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        raise
    finally:
        done.set()
        watcher.join()
    if results is None or files is None:
        run.status = CheckRun.Status.CANCELLED
    else:
        attached = _document_checks(run)
        CheckOutcome.objects.bulk_create(
            _outcome(run, r, files.get(r.item_id, []), attached.get(r.item_id)) for r in results
        )
        run.status = CheckRun.Status.DONE
    if crawled:
        run.crawl_report = _report_json(crawled[0])
    run.items_done = len(finished)
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "items_done", "finished_at", "crawl_report"])
    return Executed(run, results, crawled[0] if crawled else None)


@task()
def run_self_check(run_id: int) -> str:
    return execute_run(run_id).run.status


@task()
def render_document(agency_id: int, kind: str, year: int) -> str:
    """Render an OpenITA document for its public address (:func:`documents.store`)."""
    from openita.web.oit import documents

    return documents.store(agency_id, documents.Kind(kind), year)
