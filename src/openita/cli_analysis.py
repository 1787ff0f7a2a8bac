"""CLI commands over :mod:`openita.analysis`: ``analyze``, ``whatif``, ``plan draft|validate``.

``register(app)`` adds them to the main ``openita`` app. Exit codes follow ``openita.cli``:
0 success; 1 the input was read but has blocking findings; 2 bad input (file, ``--set``,
``--target``, units or plan file), with a message naming file, line and field; nothing is
written on bad input. Bad input is raised as :class:`~openita.errors.InputError` (or another
:class:`~openita.errors.OpenITAError`) and reported by the ``openita`` command group, the one
place that handles errors. Rich tables by default, ``--json`` for machine output.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from openita.errors import EXIT_BAD_INPUT, InputError, Problem
from openita.message import Message
from openita.scoring.rounding import format_score

if TYPE_CHECKING:
    from openita.analysis.model import Analysis
    from openita.analysis.optimizer import Optimisation
    from openita.analysis.weaknesses import RecommendationRule
    from openita.analysis.whatif import WhatIfResult
    from openita.ingest import LoadedResult

EXIT_FINDINGS = 1
__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "register"]

ResultFile = Annotated[Path, typer.Argument(help="Result file: .json, .csv or .xlsx")]
PreviousFile = Annotated[
    Path | None, typer.Option("--previous", "-p", help="Last year's result file")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable output")]
QuestionBelow = Annotated[
    float | None,
    typer.Option(
        "--question-below",
        min=0,
        max=100,
        help="Recommend questions below this score (default: the best level's per-tool "
        "minimum, 95)",
    ),
]
LostShare = Annotated[
    float,
    typer.Option(
        "--lost-share",
        min=0,
        max=1,
        help="Also recommend the largest losers holding this share of the lost points, in "
        "indicators below the best level's line",
    ),
]
MaxPerIndicator = Annotated[
    int,
    typer.Option("--max-per-indicator", min=0, help="At most this many questions per indicator"),
]


def _out(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _load(path: Path) -> LoadedResult:
    """Read a result file; bad input exits 2, blocking findings exit 1."""
    from openita.ingest import read_result

    loaded = read_result(path)
    blocking = [f for f in loaded.findings if f.blocking]
    if blocking:
        err = _out(stderr=True)
        err.print(f"[bold red]{path} cannot be analysed until these are fixed:[/]")
        for f in blocking:
            err.print(f"  • {f.code}: {f.message}", markup=False)
        raise typer.Exit(EXIT_FINDINGS)
    return loaded


def _emit_json(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def _rule(
    question_below: float | None, lost_share: float, max_per_indicator: int
) -> RecommendationRule:
    from openita.analysis.weaknesses import RecommendationRule

    return RecommendationRule(
        question_below=question_below,
        lost_share=lost_share,
        max_per_indicator=max_per_indicator,
    )


def _analyse(file: Path, previous: Path | None, rule: RecommendationRule | None = None) -> Analysis:
    from openita.analysis.weaknesses import analyse

    current = _load(file)
    before = _load(previous) if previous else None
    return analyse(
        current.framework,
        current.result,
        before.result if before else None,
        before.framework if before else None,
        rule=rule,
    )


def analyze(
    file: ResultFile,
    previous: PreviousFile = None,
    as_json: JsonFlag = False,
    question_below: QuestionBelow = None,
    lost_share: LostShare = 0.8,
    max_per_indicator: MaxPerIndicator = 3,
) -> None:
    """Weak points (questions and OIT items that cost points, by gain) and fallen indicators.

    "recommended" marks the ones the report and the drafted plan answer item by item (the rule:
    docs/reports.md, "Which items get a recommendation"); the rest go to the report's appendix.
    """
    from openita.analysis.model import analysis_dict

    analysis = _analyse(file, previous, _rule(question_below, lost_share, max_per_indicator))
    if as_json:
        _emit_json(analysis_dict(analysis))
        return
    out = _out()
    s = analysis.scores
    out.print(
        f"[bold]{analysis.agency.name}[/], fiscal year {analysis.fiscal_year}: "
        f"overall {format_score(s.overall)} {s.level}"
    )
    table = Table(title="Weak points (overall points gained at 100, largest first)")
    for col in ("item", "tool", "indicator", "score", "gain", "weak", "recommended", "topic"):
        table.add_column(col, justify="right" if col in ("score", "gain") else "left")
    for wp in analysis.weak_points:
        key = wp.id if wp.part is None else f"{wp.id} part {wp.part}"
        table.add_row(
            key,
            wp.tool,
            wp.indicator if wp.sub_indicator is None else wp.sub_indicator,
            format_score(wp.score),
            f"{wp.gain:.4f}" + (" *" if wp.estimated else ""),
            "weak" if wp.weak else "",
            "yes" if wp.recommended else "",
            wp.title_th or "",
        )
    out.print(table)
    if any(wp.estimated for wp in analysis.weak_points):
        from openita.frameworks import load_framework

        kind = analysis.agency.kind
        grouping = load_framework(analysis.fiscal_year, kind).grouping_status
        out.print(
            "* OIT gains are projections: how items combine into indicators 9 and 10 is not "
            "published (framework sub-indicator weights are inferred)."
            if grouping != "unknown"
            else "* OIT gains are projections: which items make up indicators 9 and 10 is not "
            "published for this agency kind and year (the item grouping is unknown)."
        )
    for m in analysis.missing_items:
        out.print(
            f"[yellow]Missing:[/] {m.id} {m.title_th or ''} (indicator {m.indicator}): {m.reason}"
        )
    if analysis.fallen_indicators:
        fallen = Table(title=f"Indicators lower than in {analysis.fiscal_year - 1}")
        for col in ("indicator", "previous", "current", "change", "explained by"):
            fallen.add_column(col)
        for f in analysis.fallen_indicators:
            fallen.add_row(
                f.indicator,
                format_score(f.change.previous),
                format_score(f.change.current),
                format_score(f.change.points),
                ", ".join(f.explained_by) or "(no item data)",
            )
        out.print(fallen)


def whatif(
    file: ResultFile,
    settings: Annotated[
        list[str] | None,
        typer.Option("--set", "-s", help="ID=VALUE, e.g. O7=100, i1=100, e1.1=100, 9=95"),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", "-t", help="A level (ผ่านดีเยี่ยม) or an overall score (95)"),
    ] = None,
    least_effort: Annotated[
        bool,
        typer.Option(
            "--effort", help="Minimise total effort (recommendation library) for --target"
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """New scores and level after setting items; with --target, the fewest fixes to reach it."""
    from openita.analysis.optimizer import BadTarget, optimise, parse_target
    from openita.analysis.whatif import WhatIfError, parse_setting, simulate

    loaded = _load(file)
    framework, result = loaded.framework, loaded.result
    try:
        pairs = dict(parse_setting(text) for text in settings or [])
        figures = simulate(framework, result, pairs)
    except WhatIfError as exc:
        raise InputError(exc.problems_of("--set")) from None
    plan = None
    if target is not None:
        try:
            goal = parse_target(framework, target)
        except BadTarget as exc:
            raise InputError([Problem("--target", exc.message_data, code=exc.code)]) from None
        effort = _efforts(result.fiscal_year, framework.rules_kind) if least_effort else None
        plan = optimise(framework, result, goal, pairs, effort)
    if as_json:
        payload: dict[str, object] = {"whatif": figures.as_dict()}
        if plan is not None:
            payload["optimiser"] = plan.as_dict()
        _emit_json(payload)
        return
    _print_whatif(loaded, figures)
    if plan is not None:
        _print_optimisation(plan, after_settings=bool(pairs))


def _efforts(fiscal_year: int, kind: str) -> dict[str, int]:
    """Effort weights of the library answering ``kind``'s item list (the year file's when the
    kind has no library of its own, as before kind files existed)."""
    from openita.analysis.recommendations import has_library, load_recommendations

    library = load_recommendations(fiscal_year, kind if has_library(fiscal_year, kind) else None)
    return {item_id: rec.effort for item_id, rec in library.items.items()}


def _print_whatif(loaded: LoadedResult, figures: WhatIfResult) -> None:
    from openita.scoring import score

    base = score(loaded.framework, loaded.result)
    out = _out()
    if figures.changes:
        changes = Table(title="Changes")
        for col in ("item", "old", "new", "overall points"):
            changes.add_column(col, justify="left" if col == "item" else "right")
        for c in figures.changes:
            changes.add_row(
                c.key, format_score(c.old), format_score(c.new), f"{c.overall_delta:+.4f}"
            )
        out.print(changes)
    table = Table(title="Scores before and after")
    for col in ("", "before", "after"):
        table.add_column(col, justify="left" if not col else "right")
    moved = {c.indicator for c in figures.changes}
    for ind in sorted(moved, key=int):
        table.add_row(
            f"indicator {ind}",
            format_score(base.indicators[ind]),
            format_score(figures.indicators[ind]),
        )
    for tool, value in figures.tools.items():
        table.add_row(tool, format_score(base.tools[tool]), format_score(value))
    table.add_row("overall", format_score(base.overall), format_score(figures.overall))
    table.add_row("level", base.level, figures.level)
    out.print(table)
    if figures.from_official and figures.changes:
        out.print("The overall moves from the official overall by the projected change.")
    if figures.projected:
        out.print(
            "Projection: official figures are moved by item shares; OIT item shares rest on an "
            "inferred grouping of items into indicators 9 and 10."
        )


def _print_optimisation(plan: Optimisation, after_settings: bool) -> None:
    out = _out()
    what = "least total effort" if plan.objective == "effort" else "fewest changes"
    if plan.already_met:
        out.print(f"[green]The target ({plan.target.label}) is already met.[/]")
        return
    if not plan.reachable:
        out.print(f"[bold red]The target ({plan.target.label}) cannot be reached:[/]")
        for reason in plan.reasons:
            out.print(f"  • {reason}", markup=False)
        return
    after = " after the --set changes" if after_settings else ""
    table = Table(title=f"Path to {plan.target.label}{after} ({what}: each item set to 100)")
    cols = ("step", "item", "score now", "gain", "overall", "level")
    for col in (*cols, *(("effort",) if plan.objective == "effort" else ())):
        table.add_column(col)
    for n, step in enumerate(plan.steps, 1):
        row = [
            str(n),
            step.key,
            format_score(step.score),
            f"{step.gain:.4f}",
            format_score(step.overall),
            step.level,
        ]
        if plan.objective == "effort":
            row.append(str(step.effort))
        table.add_row(*row)
    out.print(table)
    if plan.total_effort is not None:
        out.print(f"Total effort: {plan.total_effort}")


plan_app = typer.Typer(help="Draft and check the action plan (แผนปฏิบัติการ).", no_args_is_help=True)


@plan_app.command("draft")
def plan_draft(
    file: ResultFile,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the YAML plan")],
    previous: PreviousFile = None,
    units: Annotated[
        Path | None,
        typer.Option("--units", help="The agency's units, one per line (# comments allowed)"),
    ] = None,
    question_below: QuestionBelow = None,
    lost_share: LostShare = 0.8,
    max_per_indicator: MaxPerIndicator = 3,
) -> None:
    """Draft next fiscal year's action plan, a section for every indicator, as YAML to edit."""
    from openita.analysis.plan import draft_plan, dump_plan, parse_units
    from openita.analysis.recommendations import load_recommendations, plan_year_of

    unit_list = None
    if units is not None:
        try:
            unit_list = parse_units(units.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            message = Message("cannot read the units file: {reason}", reason=exc)
            raise InputError([Problem(str(units), message, code="unreadable")]) from None
        if not unit_list:
            message = Message("the units file lists no unit")
            raise InputError([Problem(str(units), message, code="no_units")])
    analysis = _analyse(file, previous, _rule(question_below, lost_share, max_per_indicator))
    from openita.analysis.recommendations import has_library
    from openita.frameworks import load_framework
    from openita.frameworks.kinds import DEFAULT_KIND

    framework = load_framework(analysis.fiscal_year, analysis.agency.kind)
    kind = framework.rules_kind
    if kind != DEFAULT_KIND and not has_library(analysis.fiscal_year, kind):
        # the year's library answers the default kind's item list, not this kind's
        raise InputError(
            [
                Problem(
                    str(file),
                    Message(
                        "the recommendation library of {year} answers the {default} item "
                        "list, not the {kind} one",
                        year=analysis.fiscal_year,
                        default=DEFAULT_KIND,
                        kind=kind,
                    ),
                    code="library_kind",
                )
            ]
        )
    library = load_recommendations(analysis.fiscal_year, kind)
    text = dump_plan(draft_plan(analysis, library, unit_list))
    _write_atomically(output, text)
    _out().print(
        f"Wrote {output}: plan for fiscal year {plan_year_of(analysis.fiscal_year)} "
        f"({len(analysis.recommended)} item(s) answered one by one, "
        f"{len(analysis.weak_points)} below full marks). Edit it, then run: "
        f"openita plan validate {output}"
    )


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a failure leaves no half-written plan."""
    directory = path.parent if str(path.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except OSError as exc:
        message = Message("cannot write the plan: {reason}", reason=exc.strerror)
        raise InputError([Problem(str(path), message, code="unwritable")]) from None


@plan_app.command("validate")
def plan_validate(
    file: Annotated[Path, typer.Argument(help="Plan file (YAML)")],
    as_json: JsonFlag = False,
) -> None:
    """Check an edited plan: statuses, progress, dates, indicators, titles."""
    from openita.analysis.plan import load_plan, plan_as_dict

    plan = load_plan(file)
    if as_json:
        _emit_json(plan_as_dict(plan) | {"ok": True})
        return
    measures = [m for s in plan.sections for m in s.measures]
    done = sum(1 for m in measures if m.status == "done")
    _out().print(
        f"[green]✓[/] {file}: plan {plan.fiscal_year} of {plan.agency}, "
        f"{len(plan.sections)} indicator(s), {len(measures)} measure(s), {done} done"
    )


def register(app: typer.Typer) -> None:
    """Add ``analyze``, ``whatif`` and ``plan draft|validate`` to ``app``."""
    app.command("analyze")(analyze)
    app.command("whatif")(whatif)
    app.add_typer(plan_app, name="plan")
