"""The ``openita`` command line: a thin Typer layer over the pure packages.

Exit codes: 0 success; 1 the input was read but has error findings (``validate``) or cannot
be scored, or the work failed (PDF conversion, backup) — or a bug; 2 bad input (unreadable
file, wrong format, unknown fiscal year) — nothing written.

Errors are handled in one place, :class:`OpenITAGroup`: an
:class:`~openita.errors.OpenITAError` raised by any command is printed (every problem with
file, line and field, in the user's language) and exits with the error's own exit code; any
other exception is a bug, logged with its traceback, and exits 1 — never "bad input, exit 2".
Heavy libraries are imported inside commands so ``openita --help`` starts fast.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.core import Context  # Typer's own copy of click
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from openita.errors import EXIT_BAD_INPUT, EXIT_FAILED, OpenITAError

if TYPE_CHECKING:
    from openita.ingest import LoadedResult
    from openita.scoring.consistency import Finding

log = logging.getLogger("openita.cli")

EXIT_FINDINGS = 1
__all__ = ["EXIT_BAD_INPUT", "EXIT_FAILED", "EXIT_FINDINGS", "app", "main"]


def report_error(exc: OpenITAError) -> None:
    """Print an error meant for the user on stderr: its problems one by one, or its message."""
    err = console(stderr=True)
    problems = exc.problems
    if not problems:
        err.print("[bold red]openita:[/] ", end="")
        err.print(exc.message, markup=False)
        return
    files = {p.file for p in problems}
    what = next(iter(files)) if len(files) == 1 else "the input"
    err.print(f"[bold red]Cannot use {what}[/] ({len(problems)} problem(s)):", highlight=False)
    for problem in problems:
        err.print(f"  • {problem}", markup=False)


def report_bug(exc: BaseException) -> None:
    """An exception no code expected: a bug in OpenITA, never the user's input."""
    log.error("unexpected error in openita", exc_info=exc)
    err = console(stderr=True)
    err.print(
        "[bold red]openita: internal error[/] (a bug in OpenITA, not a problem in your input): ",
        end="",
    )
    err.print(f"{type(exc).__name__}: {exc}", markup=False)
    err.print("The traceback is logged above; please report it with the command you ran.")


class OpenITAGroup(TyperGroup):
    """The ``openita`` command group: the one place where the CLI turns errors into exit codes."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, ClickException):
            raise
        except OpenITAError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except Exception as exc:
            report_bug(exc)
            raise typer.Exit(EXIT_FAILED) from None


app = typer.Typer(
    name="openita",
    cls=OpenITAGroup,
    help="OpenITA: score, check, analyse and report Thailand's ITA results.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ResultFile = Annotated[Path, typer.Argument(help="Result file: .json, .csv or .xlsx")]


def console(stderr: bool = False):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def load_or_exit(path: Path) -> LoadedResult:
    """Read a result file; bad input raises :class:`~openita.errors.InputError` (exit 2)."""
    from openita.ingest import read_result

    return read_result(path)


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
    paste: Annotated[
        bool,
        typer.Option(
            "--paste",
            help="The files are pasted results tables (text copied from ITAS or a report); "
            "'-' reads one from standard input",
        ),
    ] = False,
    year: Annotated[
        int | None, typer.Option(help="--paste: the fiscal year when the text names none")
    ] = None,
    agency: Annotated[
        str | None, typer.Option(help="--paste: the agency's name when the text names none")
    ] = None,
) -> None:
    """Check result files: format, ids of the fiscal year, and internal consistency."""
    from openita.errors import InputError
    from openita.ingest import parse_result, read_result

    def read(path: Path) -> LoadedResult:
        if not paste:
            return read_result(path)
        from openita.ingest.paste import complete

        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
        if year is not None or agency is not None:
            data = complete(data.decode("utf-8-sig", errors="replace"), year, agency)
        name = "pasted.txt" if str(path) == "-" else f"{path.stem}.txt"
        return parse_result(data, name)

    report: list[dict[str, object]] = []
    worst = 0
    out = console()
    for path in files:
        try:
            loaded = read(path)
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
        comparison = scoring.compare(scoring.score(before.framework, before.result), scores)
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
    from openita import cli_analysis, cli_frameworks, cli_oit, cli_report, cli_web

    cli_analysis.register(app)
    cli_frameworks.register(app)
    cli_oit.register(app)
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
