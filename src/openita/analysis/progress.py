"""Where a plan stands on a day: the figures of the progress report (รายงานผลการดำเนินงาน).

Agencies report on their integrity measures twice a year: at 6 months (รอบ 6 เดือน, 1 October
to 31 March of the plan's fiscal year) and at its end (รอบ 12 เดือน, to 30 September).

Rules (docs/reports.md, "The progress report"):

* a measure with progress notes stands where its latest note dated on or before the report
  date puts it; with notes that all come later it has not started yet (0 %);
* a measure without any note (a plan file from before notes existed, or one never updated)
  stands at its own ``status`` and ``progress``;
* "what was done" is the text of the latest notes up to the report date (at most
  :data:`MAX_DONE_NOTES`, newest last), evidence is every link of those notes, each once;
* the overall percent done is the mean over measures that are not cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from openita.analysis.plan import ActionPlan, Measure, ProgressNote
from openita.thaidate import fiscal_year_bounds

ROUNDS = (6, 12)
MAX_DONE_NOTES = 3


@dataclass(frozen=True)
class ReportRound:
    """The period a progress report covers: from the fiscal year's start to ``as_of``."""

    months: int  # 6 or 12
    start: date
    as_of: date


def round_end(fiscal_year: int, months: int) -> date:
    """31 March (6 months) or 30 September (12 months) of the plan's fiscal year."""
    if months not in ROUNDS:
        raise ValueError(f"a round is 6 or 12 months, not {months}")
    _start, end = fiscal_year_bounds(fiscal_year)
    return date(end.year, 3, 31) if months == 6 else end


def report_round(
    fiscal_year: int, *, months: int | None = None, as_of: date | None = None
) -> ReportRound:
    """The round of a report: a named round ends on its end date; a day names its round.

    A day in the first half of the fiscal year belongs to the 6-month round, a later day to the
    12-month round; a day after the year's end is the end of the year.
    """
    start, end = fiscal_year_bounds(fiscal_year)
    if months is not None:
        return ReportRound(months, start, round_end(fiscal_year, months))
    day = as_of or date.today()
    day = min(day, end)
    half = round_end(fiscal_year, 6)
    return ReportRound(6 if day <= half else 12, start, day)


@dataclass(frozen=True)
class MeasureStanding:
    measure: Measure
    status: str
    progress: int
    done: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


def standing(measure: Measure, as_of: date) -> MeasureStanding:
    """Where ``measure`` stood on ``as_of`` (see the module rules)."""
    if not measure.notes:
        return MeasureStanding(measure, measure.status, measure.progress)
    known = [n for n in sorted(measure.notes, key=lambda n: n.date) if n.date <= as_of]
    if not known:
        return MeasureStanding(measure, "not_started", 0)
    latest = known[-1]
    done = [n.done.strip() for n in known if n.done.strip()][-MAX_DONE_NOTES:]
    evidence: list[str] = []
    for note in known:
        for link in note.evidence:
            if link not in evidence:
                evidence.append(link)
    return MeasureStanding(measure, latest.status, latest.progress, done, evidence)


@dataclass(frozen=True)
class SectionStanding:
    indicator: str
    indicator_name: str
    measures: list[MeasureStanding]

    def count(self, status: str) -> int:
        return sum(1 for m in self.measures if m.status == status)


@dataclass(frozen=True)
class PlanStanding:
    plan: ActionPlan
    round: ReportRound
    sections: list[SectionStanding]

    @property
    def measures(self) -> list[MeasureStanding]:
        return [m for s in self.sections for m in s.measures]

    def count(self, status: str) -> int:
        return sum(s.count(status) for s in self.sections)

    @property
    def percent(self) -> float:
        """Mean percent done over the measures that are not cancelled (0 without any)."""
        active = [m.progress for m in self.measures if m.status != "cancelled"]
        return sum(active) / len(active) if active else 0.0


def plan_standing(plan: ActionPlan, report: ReportRound) -> PlanStanding:
    return PlanStanding(
        plan,
        report,
        [
            SectionStanding(
                s.indicator, s.indicator_name, [standing(m, report.as_of) for m in s.measures]
            )
            for s in plan.sections
        ],
    )


def attach_evidence(
    notes: Sequence[ProgressNote], evidence: Sequence[tuple[date, str]], status: str, progress: int
) -> list[ProgressNote]:
    """Notes with dated evidence links filed under them (the web app keeps both apart).

    A link goes to the first note dated on or after it; a link newer than every note gets a note
    of its own carrying the latest status (``status``/``progress`` without notes), so a report
    never shows proof before the day it was filed.
    """
    out = [
        ProgressNote(n.date, n.progress, n.status, n.done, list(n.evidence))
        for n in sorted(notes, key=lambda n: n.date)
    ]
    for when, link in sorted(evidence):
        target = next((n for n in out if n.date >= when), None)
        if target is None:
            last_status, last_progress = (
                (out[-1].status, out[-1].progress) if out else (status, progress)
            )
            target = ProgressNote(when, last_progress, last_status)
            out.append(target)
        if link not in target.evidence:
            target.evidence.append(link)
    return out
