"""The progress report of a stored plan (DOCX, PDF), as of today or at the end of a round.

Built from the plan's measures, their dated progress notes and their evidence
(:func:`openita.web.plans.services.action_plan`), by the same renderer as
``openita report progress`` (:mod:`openita.reports.progress`). PDF conversions share the main
report's lock, since both use the same LibreOffice profile in this process.
"""

from __future__ import annotations

from datetime import date

from openita.reports.digits import Digits
from openita.web.assessments.reporting import _SOFFICE, CONTENT_TYPES, ReportFile
from openita.web.plans.models import ActionPlan
from openita.web.plans.services import action_plan


def render(
    plan: ActionPlan, fmt: str, months: int | None, today: date, digits: Digits = "arabic"
) -> ReportFile:
    """The progress report of ``plan`` as ``fmt``; ``months`` 6/12 or None for ``today``; its
    numbers in ``digits``."""
    from openita.analysis.progress import report_round
    from openita.reports.progress import file_stem, render_progress

    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown report format {fmt!r}")
    pure = action_plan(plan)
    when = report_round(pure.fiscal_year, months=months, as_of=None if months else today)
    _, docx = render_progress(pure, when, digits=digits)
    name = f"{file_stem(pure, when)}-{plan.agency.code}"
    if fmt == "docx":
        return ReportFile(f"{name}.docx", docx, CONTENT_TYPES["docx"])
    from openita.reports.pdf import docx_to_pdf

    with _SOFFICE:
        pdf = docx_to_pdf(docx)
    return ReportFile(f"{name}.pdf", pdf, CONTENT_TYPES["pdf"])
