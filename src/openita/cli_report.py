"""``openita report``: the Thai report as DOCX and PDF for one or many agencies.

Thin layer over :mod:`openita.reports`. Exit codes follow openita.cli: 0 done, 1 a result has
blocking findings or a report could not be made, 2 bad input (nothing is written). Errors
(:class:`~openita.errors.OpenITAError`: bad input, a refused template, a missing or failing
LibreOffice) are raised and reported by the ``openita`` command group.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from openita.analysis.plan import ActionPlan
    from openita.ingest import LoadedResult
    from openita.reports.digits import Digits
    from openita.reports.job import ReportJob
    from openita.reports.model import PeerAverage
    from openita.scoring.model import AgencyResult

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
RESULT_SUFFIXES = (".json", ".csv", ".xlsx")


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _fail(title: str, problems: list[str], code: int = EXIT_BAD_INPUT) -> typer.Exit:
    err = _console(stderr=True)
    err.print(f"[bold red]{title}[/]", highlight=False)
    for problem in problems:
        err.print(f"  • {problem}", markup=False, soft_wrap=True)
    return typer.Exit(code)


def _expand(paths: list[Path]) -> list[Path]:
    """Directories stand for the result files directly inside them (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in RESULT_SUFFIXES))
        else:
            files.append(path)
    return files


T = TypeVar("T")


def _read_each(paths: list[Path], read: Callable[[Path], T]) -> list[T]:
    """Read every file; raise the problems of all of them together (one InputError)."""
    from openita.errors import InputError, Problem

    values: list[T] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            values.append(read(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return values


def _read_all(paths: list[Path]) -> list[LoadedResult]:
    from openita.ingest import read_result

    loaded = _read_each(paths, read_result)
    blocking = [f"{r.result.source}: {f.message}" for r in loaded for f in r.findings if f.blocking]
    if blocking:
        raise _fail("Cannot report until these are fixed:", blocking, EXIT_FAILED)
    _print_resolved(loaded)
    return loaded


def _print_resolved(loaded: list[LoadedResult]) -> None:
    """Tell the clerk on stderr what the report rests on that the file did not say plainly:
    the non-blocking findings (e.g. a conflict between two published values and the value
    used), so a report never silently picks one of two numbers."""
    resolved = [(r.result.source, f) for r in loaded for f in r.findings]
    if not resolved:
        return
    err = _console(stderr=True)
    err.print(f"[bold]Resolved in the input ({len(resolved)}):[/]")
    for source, f in resolved:
        where = f" [{f.location}]" if f.location else ""
        err.print(f"  {f.severity} {f.code}: {source}: {f.message}{where}", markup=False)


def _digits(value: str) -> Digits:
    """``--digits``: ``arabic`` or ``thai`` (reports.digits), else bad input (exit 2)."""
    from openita.reports.digits import DIGITS

    chosen = value.strip().lower()
    if chosen not in DIGITS:
        raise _fail("Bad --digits:", [f"{value!r}; use {' or '.join(DIGITS)}"])
    return chosen  # type: ignore[return-value]


def _read_history(paths: list[Path]) -> list[AgencyResult]:
    from openita.reports.history import read_history

    return _read_each(paths, read_history)


def _unique_names(paths: list[Path]) -> list[str]:
    names: list[str] = []
    for path in paths:
        name, n = path.stem, 2
        while name in names:
            name, n = f"{path.stem}-{n}", n + 1
        names.append(name)
    return names


def _jobs(
    files: list[Path],
    previous: list[Path],
    history: list[Path],
    plan: ActionPlan | None,
    peers: list[PeerAverage],
    digits: Digits = "arabic",
) -> list[ReportJob]:
    from openita.reports.job import ReportJob, same_agency

    current = _read_all(files)
    before = [r.result for r in _read_all(previous)]
    older = _read_history(_expand(history))
    jobs: list[ReportJob] = []
    for loaded, name in zip(current, _unique_names(files), strict=True):
        result = loaded.result
        last = [
            r for r in before if r.fiscal_year == result.fiscal_year - 1 and same_agency(r, result)
        ]
        if previous and not last and len(current) == 1:
            raise _fail(
                "--previous does not match:",
                [f"no file for {result.agency.name}, fiscal year {result.fiscal_year - 1}"],
            )
        own_plan = (
            plan
            if plan is not None
            and (len(current) == 1 or plan.agency.strip() == result.agency.name.strip())
            else None
        )
        jobs.append(
            ReportJob(
                result=result,
                previous=last[0] if last else None,
                history=older + before,
                plan=own_plan,
                peers=peers,
                name=name,
                digits=digits,
            )
        )
    return jobs


def report(
    files: Annotated[list[Path], typer.Argument(help="Result files (.json, .csv, .xlsx)")],
    outdir: Annotated[Path, typer.Option("--output", "-o", help="Directory for the reports")],
    previous: Annotated[
        list[Path] | None,
        typer.Option("--previous", "-p", help="Last year's result file (repeat for many)"),
    ] = None,
    history: Annotated[
        list[Path] | None,
        typer.Option("--history", help="Older result files or a directory of them (repeatable)"),
    ] = None,
    plan_file: Annotated[
        Path | None, typer.Option("--plan", help="Action plan YAML (default: a drafted plan)")
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: docx, pdf")
    ] = "docx,pdf",
    template_file: Annotated[
        Path | None, typer.Option("--template", help="A restyled copy of the DOCX template")
    ] = None,
    averages: Annotated[
        Path | None,
        typer.Option("--averages", help="YAML of averages to compare with (national, …)"),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", min=1, help="Processes (default: cores)")
    ] = None,
    digits: Annotated[
        str,
        typer.Option(
            "--digits", help="Numbers in arabic (default) or thai digits (๐-๙) throughout"
        ),
    ] = "arabic",
) -> None:
    """The Thai report "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" as DOCX and PDF.

    The progress report of a plan: ``openita report progress PLAN.yaml -o DIR``.
    """
    from openita.analysis.plan import load_plan
    from openita.reports.batch import FORMATS, run_batch
    from openita.reports.docx import read_template
    from openita.reports.peers import load_peers

    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    if not wanted or set(wanted) - set(FORMATS):
        raise _fail("Bad --format:", [f"{formats!r}; use docx, pdf or docx,pdf"])
    chosen_digits = _digits(digits)
    plan = load_plan(plan_file) if plan_file else None
    peers = load_peers(averages) if averages else []
    template = read_template(template_file) if template_file else None
    jobs = _jobs(files, previous or [], history or [], plan, peers, chosen_digits)
    out = _console()
    steps = len(jobs) * len(wanted)
    if len(jobs) > 1:
        from rich.progress import Progress

        with Progress(console=_console(stderr=True), transient=False) as progress:
            task = progress.add_task("Reports", total=steps)
            made = run_batch(
                jobs,
                outdir,
                wanted,
                template,
                workers or os.cpu_count(),
                on_step=lambda phase, name: progress.advance(task),
            )
    else:
        made = run_batch(jobs, outdir, wanted, template, workers or 1)
    for m in made:
        for path in m.files:
            out.print(str(path), markup=False)


def progress(
    plan_file: Annotated[Path, typer.Argument(help="The action plan YAML with progress notes")],
    outdir: Annotated[Path, typer.Option("--output", "-o", help="Directory for the report")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Report date, YYYY-MM-DD (default: today)")
    ] = None,
    months: Annotated[
        int | None, typer.Option("--round", help="6 (to 31 March) or 12 (to 30 September)")
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: docx, pdf")
    ] = "docx,pdf",
    digits: Annotated[
        str,
        typer.Option(
            "--digits", help="Numbers in arabic (default) or thai digits (๐-๙) throughout"
        ),
    ] = "arabic",
) -> None:
    """The progress report "รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"."""
    from datetime import date

    from openita.analysis.plan import load_plan
    from openita.analysis.progress import ROUNDS, report_round
    from openita.reports.batch import FORMATS
    from openita.reports.pdf import convert_files
    from openita.reports.progress import file_stem, render_progress

    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    if not wanted or set(wanted) - set(FORMATS):
        raise _fail("Bad --format:", [f"{formats!r}; use docx, pdf or docx,pdf"])
    chosen_digits = _digits(digits)
    if as_of is not None and months is not None:
        raise _fail("Bad options:", ["give --as-of or --round, not both"])
    if months is not None and months not in ROUNDS:
        raise _fail("Bad --round:", [f"{months}; use 6 or 12"])
    day: date | None = None
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise _fail("Bad --as-of:", [f"{as_of!r} is not a date; write YYYY-MM-DD"]) from None
        if day.year > 2400:
            raise _fail("Bad --as-of:", [f"{as_of!r} looks like a Buddhist-era date"])
    plan = load_plan(plan_file)
    report_day = report_round(plan.fiscal_year, months=months, as_of=day)
    if report_day.as_of < report_day.start:
        raise _fail(
            "Bad --as-of:",
            [f"{as_of} is before the plan's fiscal year starts ({report_day.start})"],
        )
    _, docx = render_progress(plan, report_day, digits=chosen_digits)
    stem = file_stem(plan, report_day)
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    docx_path = outdir / f"{stem}.docx"
    docx_path.write_bytes(docx)
    if "docx" in wanted:
        written.append(docx_path)
    try:
        if "pdf" in wanted:
            written.extend(convert_files([docx_path], outdir))
    finally:
        if "docx" not in wanted:
            docx_path.unlink(missing_ok=True)
    out = _console()
    for path in written:
        out.print(str(path), markup=False, soft_wrap=True)


_DEFAULT = "results"


def _report_group() -> type:
    from typer.core import TyperGroup

    class ReportGroup(TyperGroup):
        """``openita report FILES…`` as before; ``openita report progress PLAN`` next to it."""

        def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
            if not args or args[0] not in self.commands:
                args = [_DEFAULT, *args]
            return list(super().parse_args(ctx, args))

    return ReportGroup


def register(app: typer.Typer) -> None:
    """Add ``openita report`` (and ``openita report progress``) to the main application."""
    group = typer.Typer(cls=_report_group(), help=report.__doc__)
    group.command(name=_DEFAULT, hidden=True)(report)
    group.command(name="progress")(progress)
    app.add_typer(group, name="report")
