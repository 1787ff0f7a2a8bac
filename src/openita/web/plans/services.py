"""Action plans between the database and the pure :mod:`openita.analysis.plan`.

``create_draft`` drafts a plan from a stored result exactly as ``openita plan draft`` does;
``action_plan`` turns the edited rows back into the :class:`~openita.analysis.plan.ActionPlan`
the report renders; ``progress`` sums up how far the measures are; ``record_progress`` and
``note_progress_change`` write the dated notes the progress report is built from, for the plan
page and the API alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from openita.analysis import plan as pure
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result
from openita.web.assessments.services import analysis_of, previous_of
from openita.web.plans.models import ActionPlan, Measure, ProgressNote, Section, Status


class NoResult(LookupError):
    """The agency has no result (with a framework) for that year to draft a plan from."""


def agency_units(agency: Agency) -> list[str] | None:
    """The agency's own unit names, or None to use the defaults for its type."""
    names = list(agency.units.values_list("name", flat=True))
    return names or None


def draft_for(agency: Agency, result_year: int) -> pure.ActionPlan:
    """The pure draft plan answering the result of ``result_year`` (not saved)."""
    from openita.analysis.recommendations import has_library, load_recommendations
    from openita.frameworks import load_framework
    from openita.frameworks.kinds import DEFAULT_KIND

    row = Result.objects.filter(agency=agency, fiscal_year=result_year).first()
    if row is None or row.published_only:
        raise NoResult(result_year)
    framework = load_framework(result_year, agency.kind)
    kind = framework.rules_kind
    if kind != DEFAULT_KIND and not has_library(result_year, kind):
        # the year's library answers the default kind's item list, not this kind's
        raise NoResult(result_year)
    analysis = analysis_of(row, previous_of(row))
    library = load_recommendations(result_year, kind)
    return pure.draft_plan(analysis, library, units=agency_units(agency), framework=framework)


@transaction.atomic
def create_draft(agency: Agency, result_year: int) -> ActionPlan:
    """Save the draft plan for the results of ``result_year``; an existing plan is kept."""
    draft = draft_for(agency, result_year)
    existing = ActionPlan.objects.filter(agency=agency, fiscal_year=draft.fiscal_year).first()
    if existing is not None:
        return existing
    plan = ActionPlan.objects.create(
        agency=agency, fiscal_year=draft.fiscal_year, based_on_year=draft.based_on_year
    )
    units = {u.name: u for u in agency.units.all()}
    for s_pos, section in enumerate(draft.sections):
        row = Section.objects.create(
            plan=plan,
            indicator=section.indicator,
            indicator_name=section.indicator_name,
            issue=section.issue,
            position=s_pos,
        )
        for m_pos, measure in enumerate(section.measures):
            Measure.objects.create(
                section=row,
                title=measure.title,
                responsible_unit=measure.responsible_unit,
                unit=units.get(measure.responsible_unit),
                steps="\n".join(measure.steps),
                start=measure.start,
                end=measure.end,
                kpi=measure.kpi,
                status=measure.status,
                progress=measure.progress,
                addresses=list(measure.addresses),
                position=m_pos,
            )
    return plan


def action_plan(plan: ActionPlan) -> pure.ActionPlan:
    """The edited plan as the pure value the report and the YAML file use."""
    sections = []
    for section in plan.sections.prefetch_related("measures"):
        measures = [
            pure.Measure(
                title=m.title,
                responsible_unit=m.unit.name if m.unit is not None else m.responsible_unit,
                steps=[line.strip() for line in m.steps.splitlines() if line.strip()],
                start=m.start,
                end=m.end,
                kpi=m.kpi,
                status=m.status,
                progress=m.progress,
                addresses=list(m.addresses),
                notes=measure_notes(m),
            )
            for m in section.measures.select_related("unit").prefetch_related("notes", "evidence")
        ]
        sections.append(
            pure.PlanSection(section.indicator, section.indicator_name, section.issue, measures)
        )
    units = agency_units(plan.agency) or pure.default_units(
        plan.agency.name, plan.agency.agency_type
    )
    return pure.ActionPlan(
        fiscal_year=plan.fiscal_year,
        based_on_year=plan.based_on_year,
        agency=plan.agency.name,
        units=units,
        sections=sections,
    )


def measure_notes(measure: Measure) -> list[pure.ProgressNote]:
    """The measure's progress notes with its evidence filed under them by date."""
    from openita.analysis.progress import attach_evidence

    notes = [pure.ProgressNote(n.date, n.progress, n.status, n.done) for n in measure.notes.all()]
    evidence = [
        (e.evidence_date or timezone.localdate(e.added_at), e.url or e.title)
        for e in measure.evidence.all()
    ]
    if not notes and not evidence:
        return []
    return attach_evidence(notes, evidence, measure.status, measure.progress)


#: The measure's fields whose change is a progress update: the progress report reads each
#: measure's state on a day from its dated notes (:mod:`openita.analysis.progress`), so a
#: change of these that wrote no note would be missing from the report.
PROGRESS_FIELDS = ("status", "progress")


def record_progress(measure: Measure, author: Any, day: date, done: str = "") -> ProgressNote:
    """The dated note of where the saved ``measure`` stands (call inside the saving
    transaction): the plan page's progress update writes one every time."""
    return ProgressNote.objects.create(
        measure=measure,
        date=day,
        status=measure.status,
        progress=measure.progress,
        done=done.strip(),
        author=author,
    )


def note_progress_change(
    measure: Measure, before: Mapping[str, Any], author: Any, day: date
) -> ProgressNote | None:
    """A dated note when a saved edit moved the status or percent done away from ``before``
    (the values the edit started from); None when neither changed (a title, a due date, or the
    same status sent again). The plan page's measure form and the API's PATCH both call it."""
    if all(before.get(name) == getattr(measure, name) for name in PROGRESS_FIELDS):
        return None
    return record_progress(measure, author, day)


@dataclass(frozen=True)
class Progress:
    measures: int
    done: int
    percent: float  # mean percent done over measures that are not cancelled

    @property
    def label(self) -> str:
        return f"{self.done}/{self.measures} · {self.percent:.0f}%"


def progress(plan: ActionPlan) -> Progress:
    row = Measure.objects.filter(section__plan=plan).aggregate(**_progress_aggregates(""))
    return _progress(row)


def _progress_aggregates(prefix: str) -> dict[str, Any]:
    active = ~Q(**{f"{prefix}status": Status.CANCELLED})
    return {
        "n": Count(f"{prefix}id", filter=active),
        "done": Count(f"{prefix}id", filter=Q(**{f"{prefix}status": Status.DONE})),
        "mean": Avg(f"{prefix}progress", filter=active),
    }


def _progress(row: dict[str, Any]) -> Progress:
    return Progress(int(row["n"] or 0), int(row["done"] or 0), float(row["mean"] or 0.0))


def with_progress(plans: QuerySet[ActionPlan]) -> QuerySet[ActionPlan]:
    """Plans annotated with ``n``, ``done`` and ``mean`` in one query (coordinator tables)."""
    return plans.annotate(**_progress_aggregates("sections__measures__"))


def progress_of(annotated: ActionPlan) -> Progress:
    return _progress(
        {"n": annotated.n, "done": annotated.done, "mean": annotated.mean}  # type: ignore[attr-defined]
    )
