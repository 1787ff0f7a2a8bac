"""``openita oit check``: the OIT website self-check from the command line.

The links come from one of two places:

* ``--links FILE``: a CSV file (``item,url``; :mod:`openita.oitcheck.links`), no database;
* ``--agency CODE``: the evidence links stored in the web app for that agency, checked by the
  same code the web app's button runs (:func:`openita.web.oit.tasks.execute_run`) and stored
  as a run the checklist shows.

``--crawl`` also searches the agency's own site (robots.txt respected) for documents of the
items without link; ``--site URL`` says where to start (default: the site most links are on).
Every item gets a verdict, with the reason in the reader's language. Exit codes: 0 every item
ready; 1 some item flagged (missing, broken, wrong year, …); 2 bad input (unreadable links
file, unknown item, unknown year, unknown agency).

``OPENITA_OITCHECK_ALLOW_LOOPBACK=1`` lets the checker fetch 127.0.0.1 — for the test site and
the benchmark only (docs/oitcheck.md); private networks stay refused.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from openita.errors import InputError, OpenITAError, Problem
from openita.i18n import _
from openita.message import Message

if TYPE_CHECKING:
    from openita.oitcheck.model import CrawlReport, ItemCheck

EXIT_FLAGGED = 1

oit_app = typer.Typer(help="OIT evidence: check the links of an agency's OIT items.")


class UnknownAgency(OpenITAError):
    """``--agency CODE`` names no agency of the web app: exit 2."""

    code = "unknown_agency"


def _as_json(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _from_file(
    year: int, links: Path, crawl_from: str | None, crawl: bool
) -> tuple[list[ItemCheck], CrawlReport | None]:
    from openita.frameworks.loader import load_framework
    from openita.oitcheck import CheckPolicy, check_items_sync
    from openita.oitcheck.crawl import site_root
    from openita.oitcheck.links import parse_links, targets

    try:
        text = links.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = Message("cannot read the file: {reason}", reason=exc)
        raise InputError([Problem(str(links), message, code="unreadable")]) from None
    framework = load_framework(year)
    found = parse_links(text, str(links))
    wanted = targets(framework, found, str(links))
    if crawl and crawl_from is None:
        crawl_from = site_root(url for urls in found.values() for url in urls)
        if crawl_from is None:
            message = Message(
                "no website to crawl: give a start page or add a link on the agency's site"
            )
            raise InputError([Problem("--site", message, code="no_site")])
    policy = CheckPolicy(allow_loopback=os.environ.get("OPENITA_OITCHECK_ALLOW_LOOPBACK") == "1")
    reports: list[CrawlReport] = []
    results = check_items_sync(
        wanted, policy, crawl_from=crawl_from if crawl else None, on_crawl=reports.append
    )
    assert results is not None
    return results, reports[0] if reports else None


def _from_database(
    year: int, code: str, crawl_from: str | None, crawl: bool
) -> tuple[list[ItemCheck], CrawlReport | None]:
    from openita.cli_web import _django

    _django()
    from django.db import DatabaseError, transaction

    from openita.frameworks.loader import load_framework
    from openita.web.agencies.models import Agency
    from openita.web.oit.models import CheckRun
    from openita.web.oit.tasks import execute_run

    try:
        agency = Agency.objects.filter(code=code).first()
    except DatabaseError as exc:
        message = Message(
            "the web app's database cannot be read ({error}); run `openita manage migrate`",
            error=exc,
        )
        raise OpenITAError(message, code="no_database") from None
    if agency is None:
        raise UnknownAgency(Message("no agency has the code {code}", code=code))
    load_framework(year, agency.kind)  # an unknown year: exit 2 before a run is stored
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
            message = Message(
                "a self-check of {code} for fiscal year {year} is already running; "
                "wait for it or stop it in the web app",
                code=code,
                year=year,
            )
            raise OpenITAError(message, code="run_active")
        run = CheckRun.objects.create(
            agency=agency, fiscal_year=year, crawl=crawl, crawl_from=crawl_from or ""
        )
    executed = execute_run(run.pk)
    if executed.results is None:
        raise OpenITAError(Message("the self-check was stopped"), code="cancelled")
    return executed.results, executed.crawl


def _suggestions_json(result: ItemCheck) -> list[dict[str, Any]]:
    from openita.oitcheck.reasons import describe

    return [{**asdict(s), "reasons": [describe(r) for r in s.reasons]} for s in result.suggestions]


def _print_crawl(report: CrawlReport, stderr: bool = False) -> None:
    from openita.oitcheck.reasons import describe

    line = Message(
        "Searched {pages} pages and documents of {start}: {blocked} closed to us by "
        "robots.txt, {elsewhere} links to other sites not followed.",
        pages=report.pages,
        start=report.start,
        blocked=report.blocked,
        elsewhere=report.elsewhere,
    )
    out = Console(stderr=stderr, highlight=False, soft_wrap=True)
    out.print(line.render(), markup=False)
    for note in report.notes:
        out.print(f"  • {describe(note)}", markup=False)


@oit_app.command("check")
def check(
    year: Annotated[int, typer.Option("--year", help="Fiscal year assessed (BE), e.g. 2569")],
    links: Annotated[
        Path | None, typer.Option("--links", help="CSV file with columns item,url")
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option("--agency", help="Check the links stored in the web app for this agency"),
    ] = None,
    crawl: Annotated[
        bool,
        typer.Option("--crawl", help="Also search the agency's site for items without link"),
    ] = False,
    site: Annotated[
        str | None,
        typer.Option("--site", help="Where the crawl starts (implies --crawl)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Fetch every evidence link and say, per OIT item, what an assessor is likely to find."""
    try:
        from openita.oitcheck import Verdict
        from openita.oitcheck.model import Reason
        from openita.oitcheck.reasons import describe, verdict_label
    except ImportError as exc:
        message = Message(
            "the self-check is not installed ({error}); install the oit extra", error=exc
        )
        raise OpenITAError(message, code="not_installed") from None
    if (links is None) == (agency is None):
        message = Message("give either --links FILE or --agency CODE")
        raise InputError([Problem("openita oit check", message, code="links_or_agency")])
    crawl = crawl or site is not None
    if agency is not None:
        results, report = _from_database(year, agency, site, crawl)
    else:
        assert links is not None
        results, report = _from_file(year, links, site, crawl)
    if as_json:
        payload = [
            {
                **asdict(r),
                "verdict_text": verdict_label(r.verdict),
                "reasons": [[describe(x) for x in link.reasons] for link in r.links],
                "suggestions": _suggestions_json(r),
            }
            for r in results
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=_as_json))
        if report is not None:
            _print_crawl(report, stderr=True)
    else:
        table = Table(title=_("OIT self-check, fiscal year {year}").format(year=year))
        table.add_column(_("Item"))
        table.add_column(_("Verdict"))
        table.add_column(_("Why"))
        table.add_column(_("Link"), overflow="fold")
        for result in results:
            if not result.links:
                no_link = describe(Reason("no_links"))
                table.add_row(result.item_id, verdict_label(result.verdict), no_link, "")
            for n, link in enumerate(result.links):
                table.add_row(
                    result.item_id if n == 0 else "",
                    verdict_label(link.verdict),
                    "; ".join(describe(reason) for reason in link.reasons),
                    link.url,
                )
            for suggestion in result.suggestions:
                table.add_row(
                    "",
                    _("found on the site"),
                    "; ".join(describe(reason) for reason in suggestion.reasons),
                    suggestion.url,
                )
        Console(highlight=False).print(table)
        if report is not None:
            _print_crawl(report)
    if any(r.verdict is not Verdict.OK for r in results):
        raise typer.Exit(EXIT_FLAGGED)


def register(app: typer.Typer) -> None:
    """Add ``oit check`` to ``app``."""
    app.add_typer(oit_app, name="oit")
