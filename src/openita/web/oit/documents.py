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

The PDF behind a document's public address is rendered by the background worker and stored
(:class:`~openita.web.oit.models.StoredDocument`, :func:`store`); a public request only serves
it (:func:`for_public`) and, when it is missing or its inputs changed (:func:`stamp`), queues
one rendering per set of inputs (:func:`request`). docs/oit.md tells the whole behaviour.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.web.agencies.models import Agency
from openita.web.oit.models import DocumentEvidence, ItemState, StoredDocument

log = logging.getLogger(__name__)


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

#: A queued rendering that has not been stored after this long is queued again (the worker
#: was down, died, or the rendering failed).
REQUEUE_SECONDS = 15 * 60
#: What the "being prepared" answer asks browsers and crawlers to wait, in seconds.
RETRY_AFTER_SECONDS = 30


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


def stamp(agency: Agency, kind: Kind, year: int) -> str:
    """What the document is made from, as change stamps: a new stamp whenever an input changes
    (for the progress report, which is "as of today", also every day)."""
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
        for model, path, changed in (
            (Measure, "section__plan", "updated_at"),
            (ProgressNote, "measure__section__plan", "created_at"),
            (Evidence, "measure__section__plan", "added_at"),
        ):
            parts.append(
                model.objects.filter(**{path: plan}).aggregate(n=Count("pk"), last=Max(changed))
            )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes


def make(agency: Agency, kind: Kind, year: int) -> Document:
    """The PDF of the document as of now, through the report code (LibreOffice: seconds).

    Called by the background worker and by nothing that answers a public request."""
    if missing(agency, kind, year):
        raise NoDocument(kind, year)
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
    return Document(file.filename, file.content)


# -- the stored PDFs behind the public addresses ----------------------------------------------


def published(agency: Agency) -> set[tuple[Kind, int]]:
    """The documents (kind, document year) an item on the agency's public page shows."""
    public = ItemState.objects.filter(
        agency=agency,
        public=True,
        fiscal_year=OuterRef("fiscal_year"),
        item_id=OuterRef("item_id"),
    )
    rows = DocumentEvidence.objects.filter(agency=agency).filter(Exists(public))
    return {(Kind(kind), year) for kind, year in rows.values_list("kind", "document_year")}


def _has_file(row: StoredDocument | None) -> bool:
    return bool(row and row.file and row.file.storage.exists(row.file.name or ""))


def _stored_row(agency: Agency, kind: Kind, year: int) -> StoredDocument | None:
    return StoredDocument.objects.filter(agency=agency, kind=kind.value, document_year=year).first()


def stored(agency: Agency, kind: Kind, year: int) -> bool:
    """Whether a rendered PDF of the document is stored, so its public address serves it
    (perhaps an older one while a newer is queued) instead of answering 503."""
    return _has_file(_stored_row(agency, kind, year))


def _row(agency: Agency, kind: Kind, year: int) -> StoredDocument:
    try:
        with transaction.atomic():
            row, _created = StoredDocument.objects.get_or_create(
                agency=agency, kind=kind.value, document_year=year
            )
    except IntegrityError:  # made by a concurrent request in between
        row = StoredDocument.objects.get(agency=agency, kind=kind.value, document_year=year)
    return row


def request(agency: Agency, kind: Kind, year: int, current: str | None = None) -> bool:
    """Queue a rendering of the document unless the stored one is of its current inputs or
    one for them is already queued; True when this call queued it.

    The claim is one conditional UPDATE: of concurrent callers for the same inputs exactly one
    changes the row and enqueues the task, in the same transaction (the task row is in the
    same database), so a rolled-back claim queues nothing. A claim older than
    :data:`REQUEUE_SECONDS` that has not been stored is taken again.
    """
    from openita.web.oit.tasks import render_document

    current = current or stamp(agency, kind, year)
    row = _row(agency, kind, year)
    if row.stamp == current:
        if _has_file(row):
            return False
        # Stored once, but the file is gone (media restored from an older copy): make it anew.
        StoredDocument.objects.filter(pk=row.pk, stamp=current).update(stamp="", queued_stamp="")
    now = timezone.now()
    stale = now - timedelta(seconds=REQUEUE_SECONDS)
    with transaction.atomic():
        claimed = (
            StoredDocument.objects.filter(pk=row.pk)
            .filter(~Q(queued_stamp=current) | Q(queued_at__isnull=True) | Q(queued_at__lt=stale))
            .update(queued_stamp=current, queued_at=now)
        )
        if claimed:
            render_document.enqueue(agency.pk, kind.value, year)
    return bool(claimed)


def refresh_published(agency: Agency) -> int:
    """Queue every public document of the agency whose stored PDF is out of date; how many."""
    queued = 0
    for kind, year in sorted(published(agency)):
        if not missing(agency, kind, year) and request(agency, kind, year):
            queued += 1
    return queued


@dataclass(frozen=True)
class Served:
    """What the public address has to serve: the stored PDF (None while there is none yet)."""

    stored: StoredDocument | None
    fresh: bool
    """The stored PDF is of the current inputs (else a newer one has been queued)."""


def for_public(agency: Agency, kind: Kind, year: int) -> Served:
    """The stored PDF of a published document, queuing a rendering when it is missing or out
    of date; never renders. Raises :class:`NoDocument` when the document cannot be made."""
    if missing(agency, kind, year):
        raise NoDocument(kind, year)
    current = stamp(agency, kind, year)
    row = _stored_row(agency, kind, year)
    has_file = _has_file(row)
    fresh = has_file and row is not None and row.stamp == current
    if not fresh:
        request(agency, kind, year, current)
    return Served(row if has_file else None, fresh)


def store(agency_id: int, kind: Kind, year: int) -> str:
    """Render the document and store it as the file of its public address (the task's body).

    The inputs' stamp is taken before rendering: a change made while LibreOffice runs gives a
    new stamp, so the next request queues another rendering. Returns what happened
    (``stored``, ``fresh``: nothing to do, ``missing``: cannot be made).
    """
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None or missing(agency, kind, year):
        return "missing"
    current = stamp(agency, kind, year)
    row = _row(agency, kind, year)
    if row.stamp == current and _has_file(row):
        return "fresh"
    try:
        document = make(agency, kind, year)
    except NoDocument:
        return "missing"
    except Exception as error:
        log.exception("rendering %s %s of %s failed", kind, year, agency.code)
        StoredDocument.objects.filter(pk=row.pk).update(error=str(error)[:500])
        raise
    row.file.save(f"{kind.value}-{year}-{current}.pdf", ContentFile(document.content), save=False)
    name = row.file.name or ""
    try:
        with transaction.atomic():
            locked = StoredDocument.objects.select_for_update().get(pk=row.pk)
            old = locked.file.name or ""
            locked.file.name = name
            locked.filename = document.filename
            locked.stamp = current
            locked.rendered_at = timezone.now()
            locked.error = ""
            locked.save()
    except BaseException:
        row.file.storage.delete(name)
        raise
    if old and old != name:
        transaction.on_commit(lambda: row.file.storage.delete(old))
    return "stored"
