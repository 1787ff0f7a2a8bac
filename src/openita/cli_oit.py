"""``openita oit check``: the OIT website self-check from the command line.

Reads the evidence links of an agency's OIT items from a CSV file (``item,url``;
:mod:`openita.oitcheck.links`), fetches every link and prints a verdict per item with the
reason in the reader's language. Exit codes: 0 every item ready; 1 some item flagged (missing,
broken, wrong year, …); 2 bad input (unreadable links file, unknown item, unknown year).

``OPENITA_OITCHECK_ALLOW_LOOPBACK=1`` lets the checker fetch 127.0.0.1 — for the test site and
the benchmark only (docs/oitcheck.md); private networks stay refused.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from openita.errors import InputError, Problem
from openita.i18n import _

EXIT_FLAGGED = 1
EXIT_BAD_INPUT = 2

oit_app = typer.Typer(help="OIT evidence: check the links of an agency's OIT items.")


def _bad_input(problems: list[Problem], what: str) -> NoReturn:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    err.print(f"[bold red]Cannot use {what}[/] ({len(problems)} problem(s)):")
    for problem in problems:
        err.print(f"  • {problem}", markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def _as_json(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@oit_app.command("check")
def check(
    year: Annotated[int, typer.Option("--year", help="Fiscal year assessed (BE), e.g. 2569")],
    links: Annotated[Path, typer.Option("--links", help="CSV file with columns item,url")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Fetch every evidence link and say, per OIT item, what an assessor is likely to find."""
    try:
        from openita.oitcheck import CheckPolicy, Verdict, check_items_sync
        from openita.oitcheck.links import parse_links, targets
        from openita.oitcheck.reasons import describe, verdict_label
    except ImportError as exc:
        typer.echo(f"openita: the self-check is not installed ({exc}); install the oit extra")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    from openita.frameworks.loader import load_framework

    try:
        text = links.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _bad_input(
            [Problem(str(links), _("cannot read the file: {reason}").format(reason=exc))],
            str(links),
        )
    try:
        framework = load_framework(year)
        wanted = targets(framework, parse_links(text, str(links)), str(links))
    except InputError as exc:
        _bad_input(exc.problems, str(links))
    policy = CheckPolicy(allow_loopback=os.environ.get("OPENITA_OITCHECK_ALLOW_LOOPBACK") == "1")
    results = check_items_sync(wanted, policy)
    assert results is not None
    if as_json:
        payload = [
            {
                **asdict(r),
                "verdict_text": verdict_label(r.verdict),
                "reasons": [[describe(x) for x in link.reasons] for link in r.links],
            }
            for r in results
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=_as_json))
    else:
        table = Table(title=_("OIT self-check, fiscal year {year}").format(year=year))
        table.add_column(_("Item"))
        table.add_column(_("Verdict"))
        table.add_column(_("Why"))
        table.add_column(_("Link"), overflow="fold")
        for result in results:
            if not result.links:
                table.add_row(result.item_id, verdict_label(result.verdict), describe_missing(), "")
            for n, link in enumerate(result.links):
                table.add_row(
                    result.item_id if n == 0 else "",
                    verdict_label(link.verdict),
                    "; ".join(describe(reason) for reason in link.reasons),
                    link.url,
                )
        Console(highlight=False).print(table)
    if any(r.verdict is not Verdict.OK for r in results):
        raise typer.Exit(EXIT_FLAGGED)


def describe_missing() -> str:
    from openita.oitcheck.model import Reason
    from openita.oitcheck.reasons import describe

    return describe(Reason("no_links"))


def register(app: typer.Typer) -> None:
    """Add ``oit check`` to ``app``."""
    app.add_typer(oit_app, name="oit")
