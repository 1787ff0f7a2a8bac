"""``openita frameworks``: the fiscal years × agency kinds the engine can score, and scaffolds.

``openita frameworks`` prints one row per year and kind with its status — ``confirmed``,
``inferred`` (the kind's own file, not fully confirmed), ``fallback`` (another year's or
kind's rules, with a warning when a result is read) or ``unknown`` (the kind's OIT item list
is not known: give indicators 9 and 10) — and the file whose rules apply.
``openita frameworks new`` writes a file to fill in (:mod:`openita.frameworks.scaffold`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

EXIT_BAD_INPUT = 2


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def cell_status(framework: Any) -> str:
    """The status of one year × kind: fallback, unknown (no item list), or the file's status."""
    if framework.status == "fallback":
        return "fallback"
    if not framework.spec.oit_items:
        return "unknown"
    return str(framework.status)


def _rows(kinds: list[str]) -> tuple[list[dict[str, object]], list[str]]:
    from openita.errors import InputError
    from openita.frameworks.kinds import select
    from openita.frameworks.loader import framework_index, load_framework

    index = framework_index()
    problems = [str(p) for p in index.problems]
    years = index.years()
    rows: list[dict[str, object]] = []
    if not years:
        return rows, problems
    failed: set[str] = set()
    for year in range(min(years), max(years) + 2):
        for kind in kinds:
            try:
                framework = load_framework(year, kind)
            except InputError as exc:
                chosen = select(index, year, kind)
                name = str(chosen.path) if chosen else f"{year}/{kind}"
                if name not in failed:
                    failed.add(name)
                    problems += [str(p) for p in exc.problems]
                continue
            chosen = select(index, year, kind)
            rows.append(
                {
                    "year": year,
                    "kind": kind,
                    "status": cell_status(framework),
                    "rules_year": framework.rules_year,
                    "rules_kind": framework.rules_kind,
                    "oit_items": len(framework.oit_items),
                    "grouping": framework.grouping_status,
                    "file": str(chosen.path) if chosen else "",
                }
            )
    return rows, problems


def frameworks(
    ctx: typer.Context,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", "-k", help="Only these agency kinds")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """List fiscal years × agency kinds with their status and the rules that apply.

    Status: confirmed; inferred (the kind's own file, not fully confirmed); fallback (the
    rules of another year or kind, warned about when a result is read); unknown (no OIT item
    list for that kind: results must give indicators 9 and 10). Years between the known ones
    and the year after the last are shown too.
    """
    if ctx.invoked_subcommand is not None:
        return
    from openita.frameworks.kinds import KINDS, is_kind, unknown_kind_message

    wanted = list(kind or KINDS)
    bad = [k for k in wanted if not is_kind(k)]
    if bad:
        _console(stderr=True).print(unknown_kind_message(bad[0]), markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    rows, problems = _rows(wanted)
    if as_json:
        sys.stdout.write(json.dumps({"frameworks": rows, "problems": problems}, indent=2) + "\n")
    else:
        _table(rows)
    if problems:
        err = _console(stderr=True)
        err.print(f"[bold red]Framework files with problems ({len(problems)}):[/]")
        for problem in problems:
            err.print(f"  • {problem}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)


def _table(rows: list[dict[str, object]]) -> None:
    from rich.table import Table

    colours = {"confirmed": "green", "inferred": "yellow", "fallback": "magenta", "unknown": "red"}
    table = Table(title="ITA frameworks: fiscal year × agency kind")
    for name in ("Year", "Kind", "Status", "Rules of", "Items", "Grouping"):
        table.add_column(name, no_wrap=True)
    table.add_column("File", overflow="fold")
    for row in rows:
        status = str(row["status"])
        table.add_row(
            str(row["year"]),
            str(row["kind"]),
            f"[{colours[status]}]{status}[/]",
            f"{row['rules_year']} {row['rules_kind']}",
            str(row["oit_items"]),
            str(row["grouping"]),
            Path(str(row["file"])).name,
        )
    out = _console()
    if not out.is_terminal:
        out.width = max(out.width, 132)  # piped or captured: room for the file names
    out.print(table)


def new(
    fiscal_year: Annotated[int, typer.Argument(help="The fiscal year (BE) of the new file")],
    based_on: Annotated[int, typer.Option("--from", help="Copy the rules of this fiscal year")],
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="Agency kind of the new file")
    ] = "local_government",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File or directory to write (default: current directory)"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file")] = False,
) -> None:
    """Write a framework file to fill in: the rules of --from for --kind, nothing confirmed.

    The file validates as written; fill in what NACC published, mark it confirmed with its
    source, and load it (docs/frameworks.md, "Loading an official list").
    """
    from openita.errors import InputError
    from openita.frameworks.kinds import DEFAULT_KIND, is_kind, unknown_kind_message
    from openita.frameworks.loader import (
        MAX_YEAR,
        MIN_YEAR,
        UnknownFiscalYear,
        load_framework,
        load_framework_file,
        name_problems,
    )
    from openita.frameworks.scaffold import scaffold_name, scaffold_text

    err = _console(stderr=True)
    if not is_kind(kind):
        err.print(f"--kind: {unknown_kind_message(kind)}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    if not MIN_YEAR <= fiscal_year <= MAX_YEAR:
        err.print(f"fiscal year {fiscal_year} is outside {MIN_YEAR}–{MAX_YEAR} (Buddhist Era)")
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        framework = load_framework(based_on, kind)
    except (UnknownFiscalYear, InputError) as exc:
        err.print(f"--from {based_on}: {exc}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    name = scaffold_name(fiscal_year, kind, DEFAULT_KIND)
    target = out if out is not None else Path.cwd()
    if target.is_dir():
        target = target / name
    if target.exists() and not force:
        err.print(f"{target} exists; use --force to overwrite it", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    text = scaffold_text(fiscal_year, kind, framework)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    try:
        written = load_framework_file(target)
        problems = name_problems(target, written)
    except InputError as exc:  # a scaffold that does not load is a bug, said as one
        problems = exc.problems
    if problems:
        err.print(f"[bold red]The scaffold {target} does not validate:[/]")
        for problem in problems:
            err.print(f"  • {problem}", markup=False)
        raise typer.Exit(1)
    note = ""
    if framework.status == "fallback":
        note = f" (FY{based_on} has no {kind} file: the rules of {framework.rules_kind})"
    _console().print(
        f"Wrote {target}: FY{framework.rules_year} rules{note} for {kind}, fiscal year "
        f"{fiscal_year}, nothing confirmed. It validates; fill it in and load it "
        "(docs/frameworks.md).",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``openita frameworks`` (the listing) and ``openita frameworks new``."""
    group = typer.Typer(help=frameworks.__doc__, invoke_without_command=True)
    group.callback()(frameworks)
    group.command(name="new")(new)
    app.add_typer(group, name="frameworks")
