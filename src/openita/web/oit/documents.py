"""OpenITA's own documents as OIT evidence: which item takes which document, of which year.

Some OIT items ask for a document OpenITA writes. The mapping is by the item's title in the
framework data, not by its number, because the numbers move between years and agency kinds
(O25 of the FY2569 central-agency list is O27 of the local-government one):

=====================================================================  ===============  ======
item title (framework ``title_th``)                                    document         year
=====================================================================  ===============  ======
การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร (central agencies FY2569, O25)   the ITA report   P − 1
มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (local O27)             the ITA report   P − 1
การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (O28)      progress report  P
รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (O26)    progress report  P
=====================================================================  ===============  ======

``P`` is the fiscal year the item's evidence must cover (the assessed year, or the year before
for previous-year items; :attr:`openita.frameworks.model.OitItemSpec.period`). The ITA report
analyses the results of a year and carries the plan of measures for the next one, so the
measures of year P are in the report on the results of P − 1 (results of 2568 are answered by
the plan of 2569). The progress report is the one of the plan of year P, as of today while the
year runs and at the year's end afterwards.

A document is offered only when it can exist: the report needs a stored result of its year
(not only published figures), the progress report a stored plan of its year. Otherwise the
checklist says which is missing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.web.agencies.models import Agency


class Kind(StrEnum):
    REPORT = "report"
    PROGRESS = "progress"


#: Item title → the OpenITA document that is its evidence (see the module docstring).
ITEM_DOCUMENTS: dict[str, Kind] = {
    "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร": Kind.REPORT,
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน": Kind.REPORT,
    "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน": Kind.PROGRESS,
    "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน": Kind.PROGRESS,
}

#: Seconds a rendered PDF is kept; its key changes as soon as its inputs change.
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Offer:
    """The OpenITA document an item may take: which, of which year, and whether it exists."""

    kind: Kind
    year: int
    missing: str = ""
    """Why the document cannot be made yet (empty when it can)."""

    @property
    def available(self) -> bool:
        return not self.missing

    @property
    def name(self) -> str:
        if self.kind == Kind.REPORT:
            return _("the ITA report on the results of fiscal year %(year)s") % {"year": self.year}
        return _("the progress report of the plan of fiscal year %(year)s") % {"year": self.year}


def kind_of(title: str) -> Kind | None:
    return ITEM_DOCUMENTS.get(title.strip())


def document_year(kind: Kind, period_year: int) -> int:
    return period_year - 1 if kind == Kind.REPORT else period_year


def offer(agency: Agency, title: str, period_year: int) -> Offer | None:
    """The document the item of ``title`` (covering ``period_year``) may take; None if none."""
    kind = kind_of(title)
    if kind is None:
        return None
    year = document_year(kind, period_year)
    return Offer(kind, year, missing(agency, kind, year))


def missing(agency: Agency, kind: Kind, year: int) -> str:
    """Why the document of ``year`` cannot be made (empty when it can)."""
    from openita.web.assessments.models import Result
    from openita.web.plans.models import ActionPlan

    if kind == Kind.REPORT:
        row = Result.objects.filter(agency=agency, fiscal_year=year).first()
        if row is None or row.published_only:
            return _(
                "There is no ITA result of fiscal year %(year)s in OpenITA, so there is no "
                "report to attach. Upload the year's ITAS export first."
            ) % {"year": year}
        return ""
    if not ActionPlan.objects.filter(agency=agency, fiscal_year=year).exists():
        return _(
            "There is no plan of fiscal year %(year)s in OpenITA, so there is no progress "
            "report to attach. Draft the plan first."
        ) % {"year": year}
    return ""


class NoDocument(LookupError):
    """The document cannot be made (no result or no plan of that year)."""


def _stamp(agency: Agency, kind: Kind, year: int) -> str:
    """What the document is made from, as change stamps: a new key whenever an input changes."""
    from openita.web.assessments.models import Result
    from openita.web.plans.models import ActionPlan, Evidence, Measure, ProgressNote

    plan_filter = (
        {"agency": agency, "based_on_year": year}
        if kind == Kind.REPORT
        else {"agency": agency, "fiscal_year": year}
    )
    plan = ActionPlan.objects.filter(**plan_filter).first()
    parts: list[object] = [kind, year, timezone.localdate() if kind == Kind.PROGRESS else ""]
    if kind == Kind.REPORT:
        parts.append(
            Result.objects.filter(agency=agency, fiscal_year__lte=year).aggregate(
                n=Count("pk"), last=Max("uploaded_at")
            )
        )
    if plan is not None:
        parts.append((plan.pk, plan.updated_at))
        for model, path, stamp in (
            (Measure, "section__plan", "updated_at"),
            (ProgressNote, "measure__section__plan", "created_at"),
            (Evidence, "measure__section__plan", "added_at"),
        ):
            parts.append(
                model.objects.filter(**{path: plan}).aggregate(n=Count("pk"), last=Max(stamp))
            )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes


def render(agency: Agency, kind: Kind, year: int) -> Document:
    """The latest PDF of the document, through the report code, cached by its inputs."""
    if missing(agency, kind, year):
        raise NoDocument(kind, year)
    key = f"openita:oit-document:{agency.pk}:{_stamp(agency, kind, year)}"
    cached = cache.get(key)
    if isinstance(cached, Document):
        return cached
    if kind == Kind.REPORT:
        from openita.web.assessments import reporting

        try:
            file = reporting.render(agency, year, "pdf")
        except reporting.NoReport:
            raise NoDocument(kind, year) from None
    else:
        from openita.web.plans import progress_report
        from openita.web.plans.models import ActionPlan

        plan = ActionPlan.objects.get(agency=agency, fiscal_year=year)
        file = progress_report.render(plan, "pdf", None, timezone.localdate())
    document = Document(file.filename, file.content)
    cache.set(key, document, CACHE_SECONDS)
    return document
