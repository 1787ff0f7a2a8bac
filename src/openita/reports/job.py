"""One report to make: gather its inputs, build its context, render its DOCX.

This is the impure edge around the pure context: it loads the fiscal year's framework and
recommendation library, runs the analysis, drafts the plan when none is given, and scores
older years for the history charts. Years without a framework file (before 2567) still appear
in the history charts when the result file carries the published overall score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from openita.analysis.plan import ActionPlan, draft_plan
from openita.analysis.recommendations import RecommendationLibrary, load_recommendations
from openita.analysis.weaknesses import RecommendationRule, analyse
from openita.frameworks.loader import UnknownFiscalYear, framework_of
from openita.reports.context import PeerAverage, ReportContext, YearScore, build_context
from openita.reports.digits import Digits
from openita.scoring import IncompleteResult, score
from openita.scoring.model import AgencyResult


@dataclass
class ReportJob:
    """The inputs of one agency's report."""

    result: AgencyResult
    previous: AgencyResult | None = None
    history: Sequence[AgencyResult] = ()
    plan: ActionPlan | None = None
    peers: Sequence[PeerAverage] = ()
    name: str = "report"
    notes: list[str] = field(default_factory=list)
    #: Which items get a recommendation (default: the documented rule, docs/reports.md).
    rule: RecommendationRule | None = None
    digits: Digits = "arabic"  # "thai": every number of the report in Thai digits


def same_agency(a: AgencyResult, b: AgencyResult) -> bool:
    """Results belong to one agency when their codes match, or, without codes, their names."""
    if a.agency.code and b.agency.code:
        return a.agency.code == b.agency.code
    return a.agency.name.strip() == b.agency.name.strip()


def year_score(result: AgencyResult) -> YearScore | None:
    """An older year for the history charts: scored when its framework exists, else as published."""
    try:
        framework = framework_of(result)
        if not framework.is_fallback:  # history is never re-scored with another year's rules
            return YearScore.of(score(framework, result))
    except (UnknownFiscalYear, IncompleteResult):
        pass
    if result.official_overall is None:
        return None
    return YearScore(
        result.fiscal_year,
        result.official_overall,
        result.official_level or "",
        dict(result.official_tools),
        dict(result.indicators),
    )


def _library(fiscal_year: int, kind: str | None = None) -> RecommendationLibrary | None:
    """The library answering the item list of ``kind`` (``Framework.rules_kind``), if any."""
    try:
        return load_recommendations(fiscal_year, kind)
    except LookupError:
        return None


def build_job_context(job: ReportJob) -> ReportContext:
    framework = framework_of(job.result)
    previous = job.previous
    if previous is None:
        candidates = [
            r
            for r in job.history
            if r.fiscal_year == job.result.fiscal_year - 1 and same_agency(r, job.result)
        ]
        previous = candidates[0] if candidates else None
    analysis = analyse(framework, job.result, previous, rule=job.rule)
    # A year's recommendation library answers the items of the default kind's list; another
    # kind's own list (FY2569 central agencies renumber the items) gets no drafted texts.
    library = _library(job.result.fiscal_year, framework.rules_kind)
    plan = job.plan
    if plan is None and library is not None:
        plan = draft_plan(analysis, library, framework=framework)
    history = [
        y
        for r in job.history
        if r.fiscal_year < job.result.fiscal_year and same_agency(r, job.result)
        for y in [year_score(r)]
        if y is not None
    ]
    return build_context(
        framework,
        job.result,
        analysis.scores,
        previous=analysis.previous,
        history=history,
        analysis=analysis,
        library=library,
        plan=plan,
        peers=job.peers,
        notes=job.notes,
    )


def render_job_docx(job: ReportJob, template: bytes | None = None) -> tuple[ReportContext, bytes]:
    """Context, charts and DOCX of one job (the PDF is converted in batches: reports.pdf)."""
    from openita.reports.charts import render_charts
    from openita.reports.docx import render_docx

    context = build_job_context(job)
    charts = render_charts(context, job.digits)
    return context, render_docx(context, charts, template, digits=job.digits)
