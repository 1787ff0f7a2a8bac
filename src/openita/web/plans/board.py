"""What the plan page shows: sections with their measures, filtered, with overdue flags.

The page follows Part 2 of the seed report (docs/sources.md; การนำผลการวิเคราะห์แต่ละประเด็นไปสู่การปฏิบัติ):
one section per indicator with its issue, and for each measure the responsible unit, steps and
period (written as Thai dates, "1 ตุลาคม 2568 – 30 กันยายน 2569"). Tracking adds the KPI,
status, percent done, evidence and comments.

The page draws each measure as a compact card (title, unit, period, status, percent, the last
progress note, how many steps, evidence and comments); the steps, evidence and comments
themselves and the tracking forms are drawn for one measure when it is opened (htmx, or the
measure's own page without JavaScript): drawing every form of 50 measures was most of the
page's time. Everything is read in a fixed number of queries, whatever the number of measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from openita.web import dates
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result
from openita.web.plans.models import (
    ActionPlan,
    Comment,
    Evidence,
    Measure,
    ProgressNote,
    Section,
    Status,
)
from openita.web.plans.rules import FINISHED, is_overdue

#: The status filter's extra choice: measures past their due date and not finished.
OVERDUE = "overdue"


@dataclass(frozen=True)
class LastNote:
    """The newest progress note that says what was done (the card shows it)."""

    date: date
    done: str


@dataclass
class MeasureRow:
    measure: Measure
    unit: str
    steps: list[str]
    period: str
    overdue: bool
    evidence_count: int
    comment_count: int
    last_note: LastNote | None = None
    #: Whether the row carries its tracking part (steps, evidence and comments, and the forms
    #: for editors); a card on the plan page does not: it is fetched when opened.
    full: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    #: Bound or unbound forms of the row (progress, evidence, comment) for editors.
    forms: dict[str, Any] = field(default_factory=dict)
    #: Messages about the last change (e.g. "done" set the percent to 100).
    notes: list[str] = field(default_factory=list)
    #: Whether the row's tracking part (steps, evidence, comments, quick update) is open: after
    #: a change made in it, so the person keeps their place.
    tracking_open: bool = False


#: A plan with more measures than this opens with its sections closed (their summaries show
#: the counts); a smaller one opens them all. 20 cards still read as one page on a phone.
OPEN_SECTIONS_UP_TO = 20


@dataclass
class SectionRows:
    section: Section
    rows: list[MeasureRow]
    #: Whether the page shows the section open (``<details open>``).
    open: bool = True

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.measure.status == Status.DONE)

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)


def unit_of(measure: Measure) -> str:
    """The unit's current name when the measure points at a Unit row, else the typed text."""
    return measure.unit.name if measure.unit is not None else measure.responsible_unit


def row_for(measure: Measure, today: date, full: bool = False) -> MeasureRow:
    """One measure's row from :func:`measure_cards` (a card) or, with ``full``, from
    :func:`measures_with_details` (the card with its tracking part)."""
    note_date = getattr(measure, "last_note_date", None)
    row = MeasureRow(
        measure=measure,
        unit=unit_of(measure),
        steps=[line.strip() for line in measure.steps.splitlines() if line.strip()],
        period=dates.period(measure.start, measure.end),
        overdue=is_overdue(measure.end, measure.status, today),
        evidence_count=getattr(measure, "evidence_count", 0),
        comment_count=getattr(measure, "comment_count", 0),
        last_note=LastNote(note_date, getattr(measure, "last_note_done", ""))
        if note_date
        else None,
        full=full,
    )
    if full:
        row.evidence = list(measure.evidence.all())
        row.comments = list(measure.comments.all())
        row.evidence_count, row.comment_count = len(row.evidence), len(row.comments)
    return row


def _count(model: type[Evidence] | type[Comment]) -> Coalesce:
    """How many rows of ``model`` the measure has, as a subquery (no join, no GROUP BY)."""
    counted = (
        model.objects.filter(measure=OuterRef("pk"))
        .order_by()
        .values("measure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def measure_cards() -> QuerySet[Measure]:
    """Measures with what their card shows: evidence and comment counts, the last note."""
    notes = ProgressNote.objects.filter(measure=OuterRef("pk")).exclude(done="")
    newest = notes.order_by("-date", "-created_at", "-pk")
    return Measure.objects.select_related("unit").annotate(
        evidence_count=_count(Evidence),
        comment_count=_count(Comment),
        last_note_date=Subquery(newest.values("date")[:1]),
        last_note_done=Subquery(newest.values("done")[:1]),
    )


def measures_with_details() -> QuerySet[Measure]:
    """Measures with their cards' facts and their tracking part (evidence, comments)."""
    return measure_cards().prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("added_by")),
        Prefetch("comments", queryset=Comment.objects.select_related("author")),
    )


def filtered(
    measures: QuerySet[Measure], status: str, unit: str, today: date, overdue: bool = False
) -> QuerySet[Measure]:
    """Measures with ``status``, ``unit`` and, when asked, overdue; blank means every one."""
    if overdue or status == OVERDUE:
        measures = measures.filter(end__lt=today).exclude(status__in=FINISHED)
    if status and status != OVERDUE:
        measures = measures.filter(status=status)
    if unit:
        measures = measures.filter(Q(unit__name=unit) | Q(unit__isnull=True, responsible_unit=unit))
    return measures


def sections(
    plan: ActionPlan,
    today: date,
    status: str = "",
    unit: str = "",
    overdue: bool = False,
    opened: str = "",
) -> list[SectionRows]:
    """The plan's sections in order; with a filter, only sections that keep a measure.

    Sections are open when a filter is on, when the plan is small
    (:data:`OPEN_SECTIONS_UP_TO`) or when ``opened`` names them: ``"all"``, ``"s<section id>"``
    or ``"m<measure id>"`` (the measure a saved form returns to, so it is in view without
    JavaScript too).
    """
    filtering = bool(status or unit or overdue)
    measures = filtered(measure_cards(), status, unit, today, overdue)
    rows = plan.sections.prefetch_related(Prefetch("measures", queryset=measures))
    result = [
        SectionRows(section, [row_for(m, today) for m in section.measures.all()])
        for section in rows
    ]
    if filtering:
        result = [s for s in result if s.rows]
    small = sum(len(s.rows) for s in result) <= OPEN_SECTIONS_UP_TO
    for s in result:
        s.open = (
            filtering
            or small
            or opened == "all"
            or opened == f"s{s.section.pk}"
            or any(opened == f"m{row.measure.pk}" for row in s.rows)
        )
    return result


def unit_choices(plan: ActionPlan) -> list[str]:
    """Every unit named in the plan (for the unit filter), sorted."""
    names = {unit_of(m) for m in Measure.objects.filter(section__plan=plan).select_related("unit")}
    return sorted(names)


def status_choices() -> list[tuple[str, str]]:
    """The status filter's choices; "overdue" is a filter of its own (it combines with them)."""
    return [(str(v), str(label)) for v, label in Status.choices]


def overdue_count(plan: ActionPlan, today: date) -> int:
    return (
        Measure.objects.filter(section__plan=plan, end__lt=today)
        .exclude(status__in=FINISHED)
        .count()
    )


def draftable_years(agency: Agency) -> list[int]:
    """Result years (newest first) with a framework whose answering plan does not exist yet.

    A plan answers the results of the year before it (``services.create_draft``); a year of
    published figures only (before 2567) has no weak points to draft from.
    """
    planned = set(agency.plans.values_list("fiscal_year", flat=True))
    years = (
        Result.objects.filter(agency=agency, published_only=False)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
    )
    return [y for y in years if y + 1 not in planned]
