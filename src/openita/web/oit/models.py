"""Evidence links of an agency's OIT items, each item's state, and self-check runs.

The items themselves are not stored: they come from the fiscal year's framework data
(:func:`openita.frameworks.loader.load_framework`), so an official item list published later
changes the checklist without a migration. Rows name an item by its id (``O12``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openita.web import dates
from openita.web.agencies.models import Agency, AgencyKind


class EvidenceLink(models.Model):
    """One link an agency gives as evidence for one OIT item of one fiscal year."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="oit_links")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    item_id = models.CharField(_("item"), max_length=8)
    url = models.URLField(_("link"), max_length=1000)
    label = models.CharField(_("description"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["agency", "fiscal_year", "item_id", "pk"]
        indexes = [models.Index(fields=["agency", "fiscal_year", "item_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "item_id", "url"], name="oit_link_unique"
            ),
        ]
        verbose_name = _("OIT evidence link")
        verbose_name_plural = _("OIT evidence links")

    def __str__(self) -> str:
        return f"{self.item_id} {self.url}"


class ItemState(models.Model):
    """Whether the agency considers an item ready, and whether it shows on the public page."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="oit_states")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    item_id = models.CharField(_("item"), max_length=8)
    ready = models.BooleanField(_("ready"), default=False)
    public = models.BooleanField(_("on the public page"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["agency", "fiscal_year", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "item_id"], name="oit_state_unique"
            ),
        ]
        verbose_name = _("OIT item state")
        verbose_name_plural = _("OIT item states")

    def __str__(self) -> str:
        return f"{self.agency} {self.fiscal_year} {self.item_id}"


class CheckRun(models.Model):
    """One self-check of an agency's links for a fiscal year, run by the background worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")
        FAILED = "failed", _("failed")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="oit_runs", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    cancel_requested = models.BooleanField(_("stop requested"), default=False)
    items_done = models.PositiveIntegerField(_("items checked"), default=0)
    items_total = models.PositiveIntegerField(_("items"), default=0)
    crawl = models.BooleanField(_("search the website"), default=False)
    """Also crawl the agency's site for documents of the items without link."""
    crawl_from = models.CharField(_("crawl start page"), max_length=1000, blank=True)
    """Where the crawl starts; empty: the site most of the agency's links are on."""
    #: What the crawl did: start, pages, blocked, elsewhere, and notes as
    #: ``{"code": …, "params": {…}}`` (worded when shown); {} when there was no crawl.
    crawl_report = models.JSONField(_("crawl report"), default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["agency", "fiscal_year", "-requested_at"])]
        verbose_name = _("self-check run")
        verbose_name_plural = _("self-check runs")

    def __str__(self) -> str:
        return f"{self.agency} {self.fiscal_year} {dates.short_datetime(self.requested_at)}"

    @property
    def active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class CheckOutcome(models.Model):
    """The self-check's verdict on one item in one run, with each link's details (JSON)."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="outcomes")
    item_id = models.CharField(_("item"), max_length=8)
    verdict = models.CharField(_("verdict"), max_length=12)
    #: Per link: url, verdict, status, final_url, content_type, size, last_modified (ISO),
    #: years, and reasons as ``{"code": …, "params": {…}}`` — worded when shown.
    links = models.JSONField(default=list)
    #: For an item without link, what the crawl found, likeliest first: url, score, label,
    #: content_type, years, keyword_hits, and reasons as ``{"code": …, "params": {…}}``.
    suggestions = models.JSONField(_("suggested documents"), default=list, blank=True)

    class Meta:
        ordering = ["run", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "item_id"], name="oit_outcome_unique"),
        ]
        verbose_name = _("self-check outcome")
        verbose_name_plural = _("self-check outcomes")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.verdict}"


def evidence_file_path(instance: EvidenceFile, filename: str) -> str:
    """Next to the plans' evidence (one store: :mod:`openita.web.plans.evidence_storage`)."""
    folder = f"oit-{instance.fiscal_year}-{instance.item_id}"
    return f"evidence/{instance.agency.code}/{folder}/{filename}"


class EvidenceFile(models.Model):
    """A file an agency uploads as evidence for one OIT item of one fiscal year.

    Kept in the plans' evidence store with its limits and type checks
    (:mod:`openita.web.plans.evidence_files`); served only through the access-checked
    ``oit:file`` view, and without login through ``oit_public:file`` while the item is public.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="oit_files", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    item_id = models.CharField(_("item"), max_length=8)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_file_path, max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["agency", "fiscal_year", "item_id", "pk"]
        indexes = [models.Index(fields=["agency", "fiscal_year", "item_id"])]
        verbose_name = _("OIT evidence file")
        verbose_name_plural = _("OIT evidence files")

    def __str__(self) -> str:
        return f"{self.item_id} {self.title}"


class DocumentEvidence(models.Model):
    """An OpenITA document (the report, the progress report) attached to one OIT item.

    Which document an item takes and of which fiscal year is decided by
    :mod:`openita.web.oit.documents`; the row only remembers that the agency chose it. Its
    link is stable (``oit_public:document``) and always serves the latest version.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="oit_documents", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    item_id = models.CharField(_("item"), max_length=8)
    kind = models.CharField(_("document"), max_length=12)
    document_year = models.PositiveSmallIntegerField(_("document fiscal year"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["agency", "fiscal_year", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "item_id", "kind"], name="oit_document_unique"
            ),
        ]
        verbose_name = _("OpenITA document as OIT evidence")
        verbose_name_plural = _("OpenITA documents as OIT evidence")

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.document_year}"


def stored_document_path(instance: StoredDocument, filename: str) -> str:
    """Beside the evidence store, in its own folder: these files are made, not uploaded."""
    return f"documents/{instance.agency.code}/{filename}"


class StoredDocument(models.Model):
    """The latest rendered PDF of an OpenITA document, for its stable public address.

    Rendered by the background worker (:func:`openita.web.oit.tasks.render_document`), never in
    a public request; :mod:`openita.web.oit.documents` decides when it is out of date (``stamp``,
    what it was made of) and queues a new one (``queued_stamp``, at most once per stamp).
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="oit_stored", verbose_name=_("agency")
    )
    kind = models.CharField(_("document"), max_length=12)
    document_year = models.PositiveSmallIntegerField(_("document fiscal year"))
    file = models.FileField(_("file"), upload_to=stored_document_path, max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    """The name the PDF is downloaded under."""
    stamp = models.CharField(_("made from"), max_length=32, blank=True)
    """The inputs' change stamp of the stored file (empty: none stored yet)."""
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    queued_stamp = models.CharField(_("queued for"), max_length=32, blank=True)
    """The stamp the last queued rendering is for: a request for it queues nothing more."""
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["agency", "kind", "document_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "document_year"], name="oit_stored_document_unique"
            ),
        ]
        verbose_name = _("rendered OpenITA document")
        verbose_name_plural = _("rendered OpenITA documents")

    def __str__(self) -> str:
        return f"{self.agency} {self.kind} {self.document_year}"


class ItemGuidance(models.Model):
    """An administrator's criteria and keywords for one OIT item of a fiscal year and agency
    kind, where the framework data has none (NACC's wording not known) or needs correcting.

    Read only through :func:`openita.web.oit.guidance.guidance_for`, which lays it over the
    framework's ``criteria`` and ``keywords`` (:mod:`openita.frameworks.guidance`): the
    checklist page and the website self-check both use it. Changes are audit-logged.
    """

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(_("agency kind"), max_length=30, choices=AgencyKind.choices)
    item_id = models.CharField(_("item"), max_length=8)
    criteria = models.TextField(
        _("criteria"),
        blank=True,
        help_text=_("What the evidence must contain, one point per line."),
    )
    criteria_source = models.CharField(
        _("source of the criteria"),
        max_length=300,
        blank=True,
        help_text=_("Where the wording comes from, e.g. the NACC manual of the year and its page."),
    )
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("Words the website self-check looks for, one per line or separated by commas."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "kind", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "kind", "item_id"], name="oit_guidance_unique"
            ),
        ]
        verbose_name = _("OIT item criteria")
        verbose_name_plural = _("OIT item criteria")

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.kind} {self.item_id}"


# The review models live in their own module (assessors' work, not the agency's evidence).
from openita.web.oit.review_models import (  # noqa: E402
    ClarificationWindow,
    Contest,
    ItemReview,
)

__all__ = [
    "CheckOutcome",
    "CheckRun",
    "ClarificationWindow",
    "Contest",
    "DocumentEvidence",
    "EvidenceFile",
    "EvidenceLink",
    "ItemGuidance",
    "ItemReview",
    "ItemState",
    "StoredDocument",
]
