"""The ``openita`` command line: a thin Typer layer over the pure packages.

Exit codes: 0 success; 1 the input was read but has error findings (``validate``) or cannot
be scored; 2 bad input (unreadable file, wrong format, unknown fiscal year) — nothing written.
Heavy libraries are imported inside commands so ``openita --help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from openita.ingest import LoadedResult
    from openita.scoring.consistency import Finding

app = typer.Typer(
    name="openita",
    help="OpenITA: score, check, analyse and report Thailand's ITA results.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2

ResultFile = Annotated[Path, typer.Argument(help="Result file: .json, .csv or .xlsx")]


def console(stderr: bool = False):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def load_or_exit(path: Path) -> LoadedResult:
    """Read a result file; on bad input print every problem and exit 2."""
    from openita.errors import InputError
    from openita.ingest import read_result

    try:
        return read_result(path)
    except InputError as exc:
        err = console(stderr=True)
        err.print(f"[bold red]Cannot use {path}[/] ({len(exc.problems)} problem(s)):")
        for problem in exc.problems:
            err.print(f"  • {problem}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def print_findings(findings: list[Finding], stderr: bool = True) -> None:
    if not findings:
        return
    out = console(stderr=stderr)
    colours = {"error": "red", "warning": "yellow", "info": "cyan"}
    out.print(f"[bold]Findings ({len(findings)}):[/]")
    for f in findings:
        where = f" [{f.location}]" if f.location else ""
        out.print(f"  [{colours[f.severity]}]{f.severity:7}[/] {f.code}: ", end="")
        out.print(f"{f.message}{where}", markup=False)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="One or more result files")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Check result files: format, ids of the fiscal year, and internal consistency."""
    from openita.errors import InputError
    from openita.ingest import read_result

    report: list[dict[str, object]] = []
    worst = 0
    out = console()
    for path in files:
        try:
            loaded = read_result(path)
        except InputError as exc:
            worst = max(worst, EXIT_BAD_INPUT)
            report.append({"file": str(path), "ok": False,
                           "problems": [str(p) for p in exc.problems]})  # fmt: skip
            if not as_json:
                out.print(f"[red]✗[/] {path}: cannot be read")
                for problem in exc.problems:
                    out.print(f"    • {problem}", markup=False)
            continue
        errors = [f for f in loaded.findings if f.severity == "error"]
        if errors:
            worst = max(worst, EXIT_FINDINGS)
        report.append({"file": str(path), "ok": not errors,
                       "findings": [f.as_dict() for f in loaded.findings]})  # fmt: skip
        if not as_json:
            mark = "[red]✗[/]" if errors else "[green]✓[/]"
            out.print(f"{mark} {path}: {loaded.result.agency.name}, "
                      f"fiscal year {loaded.result.fiscal_year}", highlight=False)  # fmt: skip
            print_findings(loaded.findings, stderr=False)
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(worst)


@app.command()
def score(
    file: ResultFile,
    previous: Annotated[
        Path | None, typer.Option("--previous", "-p", help="Last year's result file")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Overall score, level, tools and indicators — and the change from last year."""
    from openita import scoring

    current = load_or_exit(file)
    before = load_or_exit(previous) if previous else None
    findings = current.findings + (before.findings if before else [])
    blocking = [f for f in findings if f.blocking]
    if blocking:
        print_findings(findings)
        console(stderr=True).print("[bold red]Cannot score until these are fixed.[/]")
        raise typer.Exit(EXIT_FINDINGS)
    scores = scoring.score(current.framework, current.result)
    comparison = None
    if before is not None:
        try:
            comparison = scoring.compare(scoring.score(before.framework, before.result), scores)
        except ValueError as exc:
            console(stderr=True).print(f"[red]{exc}[/]")
            raise typer.Exit(EXIT_BAD_INPUT) from None
    if as_json:
        payload: dict[str, object] = {"agency": _agency_dict(current), **scores.as_dict()}
        if comparison is not None:
            payload["change"] = comparison.as_dict()["overall"]
            payload["comparison"] = comparison.as_dict()
        payload["findings"] = [f.as_dict() for f in findings]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    from openita.score_view import render_scores

    render_scores(console(), current, scores, comparison)
    print_findings(findings, stderr=False)


def _agency_dict(loaded: LoadedResult) -> dict[str, str | None]:
    agency = loaded.result.agency
    return {"name": agency.name, "type": agency.type, "province": agency.province,
            "district": agency.district, "code": agency.code,
            "kind": agency.kind}  # fmt: skip


def _register_commands() -> None:
    """Commands of the other packages; their modules import heavy libraries lazily."""
    from openita import cli_analysis, cli_frameworks, cli_report, cli_web

    cli_analysis.register(app)
    cli_frameworks.register(app)
    cli_report.register(app)
    cli_web.register(app)


_register_commands()


def main() -> None:
    """The ``openita`` program: messages of the core packages in the user's language.

    English unless ``OPENITA_LANGUAGE=th`` or the locale (``LANG=th_TH.UTF-8``, ...) asks for
    Thai (:func:`openita.i18n.language_from_environment`). Chosen once here, not in ``app``,
    so tests that invoke ``app`` keep the English messages whatever the machine's locale.
    """
    from openita.i18n import language_from_environment, use_language

    with use_language(language_from_environment()):
        app()


if __name__ == "__main__":
    main()
