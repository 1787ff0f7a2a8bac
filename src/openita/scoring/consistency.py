"""Consistency checks on a reported result: findings, never silent fixes.

A clerk's result file is copied by hand from the ITAS pages and the agency's own report, so
it may contradict itself. The seed report (docs/sources.md) prints indicator 8 as 99.71 in one
table and 99.81 in another; only 99.71 reproduces the official 94.11. These checks report such
problems as :class:`Finding` values that the CLI, the web app and reports show to the user.
Their messages are data (:mod:`openita.message`), rendered in the reader's language when shown;
``code`` never is translated, so programs and tests can rely on it.

Tolerances: published indicator scores are rounded to two decimals and NACC computes from
unrounded values, so a recomputed overall may differ from the official one by up to 0.01
(FY2567 recomputes to 99.006, published 99.00): a difference ≤ 0.01 is not a finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from itertools import product
from types import MappingProxyType
from typing import Any, Literal

from openita.frameworks.model import Framework
from openita.message import (
    Message,
    Text,
    Worded,
    render,
    text_data,
    text_from_data,
)
from openita.scoring.engine import (
    IncompleteResult,
    eit_part_scores,
    indicator_from_items,
    indicator_scores,
    overall_from_tools,
    tool_scores,
)
from openita.scoring.levels import level_of
from openita.scoring.model import AgencyResult, Reported
from openita.scoring.rounding import round_half_up

Severity = Literal["error", "warning", "info"]

OVERALL_TOLERANCE = 0.01
"""Largest recomputation difference caused by rounded published inputs."""
INDICATOR_TOLERANCE = 0.01
"""Question scores are published with two decimals: their mean can miss by 0.005 + 0.005."""


class Finding(Worded):
    """One consistency finding: severity, a stable ``code``, and a message as data.

    The message (:class:`~openita.message.Message`: English source text and parameters) is
    rendered when read — :attr:`message`, :attr:`subject` and :attr:`location` are in the
    current language — so a stored finding reads in the language of whoever reads it. A
    finished ``message`` string (made the old way) is accepted and shown as it is.
    """

    __slots__ = (
        "blocking",
        "code",
        "line",
        "line_label",
        "location_data",
        "message_data",
        "severity",
        "subject_data",
    )  # fmt: skip

    severity: Severity
    code: str
    message_data: Text
    subject_data: Text | None
    location_data: Text | None
    blocking: bool
    """True when no score should be shown until the input is fixed."""
    line: int | None
    """The line or row of ``location``, for callers that point at it (the web's problem list)."""
    line_label: str
    """``"line"`` or ``"row"``, a key like :attr:`openita.errors.Problem.line_label`."""

    def __init__(
        self,
        severity: Severity,
        code: str,
        message: Text,
        subject: Text | None = None,
        location: Text | None = None,
        blocking: bool = False,
        line: int | None = None,
        line_label: str = "line",
    ) -> None:
        for name, value in (("severity", severity), ("code", code), ("message_data", message),
                            ("subject_data", subject), ("location_data", location),
                            ("blocking", blocking), ("line", line),
                            ("line_label", line_label)):  # fmt: skip
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Finding is immutable")

    def _key(self) -> tuple[Any, ...]:
        return (self.severity, self.code, self.message_data, self.subject_data,
                self.location_data, self.blocking, self.line, self.line_label)  # fmt: skip

    def __reduce__(self) -> tuple[Any, ...]:
        return (Finding, self._key())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Finding({', '.join(repr(v) for v in self._key())})"

    @property
    def subject(self) -> str | None:
        return render(self.subject_data)

    @property
    def location(self) -> str | None:
        return render(self.location_data)

    def as_dict(self) -> dict[str, object]:
        """The finding for a reader: code, text, params and the message in the current language."""
        return {
            "severity": self.severity,
            "code": self.code,
            **self.worded(),
            "subject": self.subject,
            "location": self.location,
            "blocking": self.blocking,
        }

    def as_data(self) -> dict[str, Any]:
        """The finding as JSON to store; :meth:`from_data` reads it back in any language."""
        return {
            "severity": self.severity,
            "code": self.code,
            "message": text_data(self.message_data),
            "subject": text_data(self.subject_data),
            "location": text_data(self.location_data),
            "blocking": self.blocking,
            "line": self.line,
            "line_label": self.line_label,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Finding:
        severity = data.get("severity")
        return cls(
            severity if severity in ("error", "warning", "info") else "info",
            str(data.get("code") or ""),
            text_from_data(data.get("message")) or "",
            subject=text_from_data(data.get("subject")),
            location=text_from_data(data.get("location")),
            blocking=bool(data.get("blocking", False)),
            line=data.get("line"),
            line_label=str(data.get("line_label") or "line"),
        )


def _computed_overall(framework: Framework, indicators: dict[str, float]) -> float:
    return overall_from_tools(framework, tool_scores(framework, indicators))


def _conflicts(result: AgencyResult, kind: str) -> dict[str, list[Reported]]:
    by_id: dict[str, list[Reported]] = defaultdict(list)
    for rep in result.reported:
        if rep.kind == kind:
            by_id[rep.id].append(rep)
    return {i: reps for i, reps in by_id.items() if len({round(r.value, 6) for r in reps}) > 1}


def resolve_conflicts(
    framework: Framework, result: AgencyResult
) -> tuple[AgencyResult, list[Finding]]:
    """Report indicators given two different values; pick the one the official overall confirms.

    When exactly one combination of the conflicting values reproduces the official overall
    (within 0.01), that combination is used and the finding says so; otherwise the first value
    read is kept and the finding asks the user to decide.
    """
    conflicts = _conflicts(result, "indicator")
    if not conflicts:
        return result, []
    findings: list[Finding] = []
    chosen = dict(result.indicators)
    exact: list[dict[str, float]] = []
    close: list[dict[str, float]] = []
    official = result.official_overall
    if official is not None:
        ids = sorted(conflicts)
        options = [sorted({r.value for r in conflicts[i]}) for i in ids]
        for combo in product(*options):
            trial = dict(chosen, **dict(zip(ids, combo, strict=True)))
            try:
                values, _origin = indicator_scores(
                    framework, replace(result, indicators=_proxy(trial))
                )
            except IncompleteResult:
                break
            overall = _computed_overall(framework, values)
            if round_half_up(overall, framework.decimals) == official:
                exact.append(trial)
            elif abs(overall - official) <= OVERALL_TOLERANCE + 1e-9:
                close.append(trial)
    # Rounding to the published figure is the sharper test; the 0.01 tolerance is the fallback.
    candidates = exact or close
    picked = candidates[0] if len(candidates) == 1 else None
    if picked is not None:
        chosen = picked
    for ind_id, reps in sorted(conflicts.items(), key=lambda kv: int(kv[0])):
        listing = tuple(
            Message("{value} (from {source})", value=f"{r.value:.2f}", source=r.source)
            for r in reps
        )
        if picked is not None:
            message = Message(
                "indicator {indicator} has two different values: {values}; only {value} "
                "reproduces the official overall {overall}, so it is used",
                indicator=ind_id,
                values=listing,
                value=f"{picked[ind_id]:.2f}",
                overall=f"{result.official_overall:.2f}",
            )
        else:
            message = Message(
                "indicator {indicator} has two different values: {values}; {value} is used "
                "until the file is corrected",
                indicator=ind_id,
                values=listing,
                value=f"{chosen[ind_id]:.2f}",
            )
        findings.append(Finding("error", "conflicting_values", message, subject=ind_id))
    return replace(result, indicators=_proxy(chosen)), findings


def _proxy(values: dict[str, float]) -> MappingProxyType[str, float]:
    return MappingProxyType(values)


def framework_findings(framework: Framework) -> list[Finding]:
    """Warnings about the rules themselves: borrowed from another year, or not confirmed.

    Scores made with such rules are estimates, never official (docs/frameworks.md).
    """
    return _rules_findings(framework) + _grouping_findings(framework)


def _rules_findings(framework: Framework) -> list[Finding]:
    if framework.is_kind_fallback:
        from openita.frameworks.kinds import kind_message

        message = Message(
            "the rules for fiscal year {year} for {kind} are not confirmed; scored with the "
            "rules of {used} for {used_kind}",
            year=framework.fiscal_year,
            kind=kind_message(framework.agency_kind),
            used=framework.rules_year,
            used_kind=kind_message(framework.rules_kind),
        )
        subject = f"{framework.rules_year}/{framework.rules_kind}"
        return [Finding("warning", "framework_kind_fallback", message, subject=subject)]
    if framework.is_fallback:
        message = Message(
            "the rules for fiscal year {year} are not confirmed; scored with the rules of {used}",
            year=framework.fiscal_year,
            used=framework.rules_year,
        )
        return [
            Finding("warning", "framework_fallback", message, subject=str(framework.rules_year))
        ]
    if framework.status == "inferred":
        message = Message(
            "the rules for fiscal year {year} are inferred, not confirmed; the scores are "
            "estimates",
            year=framework.fiscal_year,
        )
        return [Finding("warning", "framework_inferred", message)]
    return []


def partial_item_findings(framework: Framework, result: AgencyResult) -> list[Finding]:
    """OIT items with partial credit in a year whose assessors scored items 0 or 100.

    FY2564 items were scored 0/100 (``aggregation.oit_item_scores: binary``, verified on
    published figures); a 50 there is a typing or conversion slip, not a rule to follow.
    """
    if framework.spec.aggregation.oit_item_scores != "binary":
        return []
    findings = []
    for item_id in framework.oit_items:
        value = result.questions.get(item_id)
        if value is None or value in (0.0, 100.0):
            continue
        message = Message(
            "OIT item {id} is {value}, but in fiscal year {fiscal_year} items score 0 or 100",
            id=item_id,
            value=f"{value:g}",
            fiscal_year=framework.rules_year,
        )
        findings.append(Finding("warning", "oit_item_not_binary", message, subject=item_id))
    return findings


def _grouping_findings(framework: Framework) -> list[Finding]:
    """An item list whose grouping into indicators 9 and 10 is not published: indicator
    scores made from its items are estimates, and the official ones from ITAS count."""
    if framework.grouping_status != "unknown" or not framework.spec.oit_items:
        return []
    from openita.frameworks.kinds import kind_message

    message = Message(
        "which OIT items make up indicators 9 and 10 is not published for {kind} in fiscal "
        "year {year}; indicator scores computed from the items are estimates, the official "
        "indicator scores count",
        kind=kind_message(framework.rules_kind),
        year=framework.rules_year,
    )
    return [Finding("warning", "oit_grouping_unknown", message)]


def check(framework: Framework, result: AgencyResult) -> list[Finding]:
    """All consistency findings for ``result`` (assumed already conflict-resolved)."""
    findings: list[Finding] = partial_item_findings(framework, result)
    decimals = framework.decimals
    for ind_id in framework.indicators:
        derived = indicator_from_items(framework, ind_id, result.questions, result.question_parts)
        reported = result.indicators.get(ind_id)
        if derived is None or reported is None:
            continue
        if abs(derived - reported) <= INDICATOR_TOLERANCE:
            continue
        tool = framework.tool_of_indicator(ind_id)
        if tool == "OIT":
            findings.append(
                Finding(
                    "info",
                    "oit_projection_differs",
                    Message(
                        "indicator {indicator}: its OIT items give {derived} under the assumed "
                        "item grouping, the official score is {official}; the grouping of OIT "
                        "items is not published, so the official score is used",
                        indicator=ind_id,
                        derived=f"{derived:.2f}",
                        official=f"{reported:.2f}",
                    ),
                    subject=ind_id,
                )
            )
        else:
            findings.append(
                Finding(
                    "warning",
                    "indicator_questions_mismatch",
                    Message(
                        "indicator {indicator} is {reported} but its questions give {derived}",
                        indicator=ind_id,
                        reported=f"{reported:.2f}",
                        derived=f"{round_half_up(derived, decimals):.2f}",
                    ),
                    subject=ind_id,
                )
            )
    try:
        values, _origin = indicator_scores(framework, result)
    except IncompleteResult as exc:
        message = Message(
            "cannot score: no score for indicator(s) {indicators} and not all of their "
            "questions are given",
            indicators=", ".join(exc.missing),
        )
        findings.append(Finding("error", "missing_indicators", message, blocking=True))
        return findings
    raw_tools = tool_scores(framework, values)
    computed = overall_from_tools(framework, raw_tools)
    if result.official_overall is not None:
        diff = abs(computed - result.official_overall)
        if diff > OVERALL_TOLERANCE + 1e-9:
            findings.append(
                Finding(
                    "warning",
                    "official_overall_mismatch",
                    Message(
                        "the official overall {official} differs from {computed} computed from "
                        "the indicators (by {difference} points)",
                        official=f"{result.official_overall:.2f}",
                        computed=f"{computed:.4f}",
                        difference=f"{diff:.2f}",
                    ),
                    subject="overall",
                )
            )
    for tool, official in result.official_tools.items():
        if tool in raw_tools and abs(raw_tools[tool] - official) > OVERALL_TOLERANCE + 1e-9:
            findings.append(
                Finding(
                    "warning",
                    "official_tool_mismatch",
                    Message(
                        "the official {tool} score {official} differs from {computed} computed "
                        "from its indicators",
                        tool=tool,
                        official=f"{official:.2f}",
                        computed=f"{raw_tools[tool]:.2f}",
                    ),
                    subject=tool,
                )
            )
    if result.official_level is not None:
        official_level = framework.level(result.official_level)
        if official_level is None:
            labels = ", ".join(lv.label_th for lv in framework.levels)
            findings.append(
                Finding(
                    "error",
                    "unknown_level",
                    Message(
                        "level {level} is not a level of fiscal year {fiscal_year} ({levels})",
                        level=repr(result.official_level),
                        fiscal_year=framework.fiscal_year,
                        levels=labels,
                    ),
                    subject="level",
                )
            )
        else:
            overall = (
                result.official_overall
                if result.official_overall is not None
                else round_half_up(computed, decimals)
            )
            tools = {
                t: result.official_tools.get(t, round_half_up(v, decimals))
                for t, v in raw_tools.items()
            }
            parts = {
                p: round_half_up(v, decimals) for p, v in eit_part_scores(framework, result).items()
            }
            expected = level_of(framework, overall, tools, parts)
            if expected.id != official_level.id:
                findings.append(
                    Finding(
                        "warning",
                        "official_level_mismatch",
                        Message(
                            "the official level is {official} but an overall of {overall} with "
                            "these tool scores gives {expected}",
                            official=official_level.label_th,
                            overall=f"{overall:.2f}",
                            expected=expected.label_th,
                        ),
                        subject="level",
                    )
                )
    return findings
