"""The agency's report (DOCX, PDF) from stored results and the stored plan.

Same pipeline as ``openita report`` (:mod:`openita.reports.job`): the result of the year, every
earlier stored year for the history charts, and the agency's edited plan when there is one
(else the drafted plan). LibreOffice converts one document at a time per process (one profile),
so PDF conversions are serialised with a lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from openita.reports.digits import Digits
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result
from openita.web.assessments.services import history, load_result

_SOFFICE = threading.Lock()

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class NoReport(LookupError):
    """No result with a framework for that year, so no report."""


def digits_param(value: str | None) -> Digits | None:
    """The ``?digits=`` of a report download: ``arabic`` (also when absent) or ``thai``; None
    for anything else (the views answer 404, as for an unknown format)."""
    if value in (None, "", "arabic"):
        return "arabic"
    return "thai" if value == "thai" else None


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content: bytes
    content_type: str


def render(agency: Agency, fiscal_year: int, fmt: str, digits: Digits = "arabic") -> ReportFile:
    """The report of ``agency`` for ``fiscal_year`` as ``fmt`` ("docx" or "pdf"), its numbers
    in ``digits`` (``openita report --digits``)."""
    from openita.reports.job import ReportJob, render_job_docx
    from openita.web.plans.models import ActionPlan
    from openita.web.plans.services import action_plan

    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown report format {fmt!r}")
    row = Result.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    if row is None or row.published_only:
        raise NoReport(fiscal_year)
    stored_plan = ActionPlan.objects.filter(agency=agency, based_on_year=fiscal_year).first()
    job = ReportJob(
        result=load_result(row),
        history=history(agency, fiscal_year),
        plan=action_plan(stored_plan) if stored_plan is not None else None,
        name=f"ita-{fiscal_year}-{agency.code}",
        digits=digits,
    )
    _, docx = render_job_docx(job)
    if fmt == "docx":
        return ReportFile(f"{job.name}.docx", docx, CONTENT_TYPES["docx"])
    from openita.reports.pdf import docx_to_pdf

    with _SOFFICE:
        pdf = docx_to_pdf(docx)
    return ReportFile(f"{job.name}.pdf", pdf, CONTENT_TYPES["pdf"])
