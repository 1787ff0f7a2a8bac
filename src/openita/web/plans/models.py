"""The action plan (แผนปฏิบัติการ) and the tracking of its measures through the year.

A plan is drafted from a result by :func:`openita.analysis.plan.draft_plan` and then edited
here; :mod:`openita.web.plans.services` converts between these rows and the pure
:class:`~openita.analysis.plan.ActionPlan` the report renders.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openita.web import dates
from openita.web.agencies.models import Agency, Unit


class ActionPlan(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="plans", verbose_name=_("agency")
    )
    #: The plan's own year: results of 2568 are answered by the plan of 2569.
    fiscal_year = models.PositiveSmallIntegerField(_("plan fiscal year"))
    based_on_year = models.PositiveSmallIntegerField(_("results of fiscal year"))
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["agency", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="plan_one_per_year"),
        ]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.agency} {self.fiscal_year}"


class Section(models.Model):
    """The part of the plan answering one indicator (ประเด็นที่ต้องพัฒนา)."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("action plan")
    )
    indicator = models.CharField(_("indicator"), max_length=10)
    indicator_name = models.CharField(_("indicator name"), max_length=200)
    issue = models.TextField(_("issue"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")

    def __str__(self) -> str:
        return f"{self.indicator} {self.indicator_name}"


class Status(models.TextChoices):
    # The same words as openita.analysis.plan.STATUSES (the YAML plan file).
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Measure(models.Model):
    """A measure, project or activity (มาตรการ/โครงการ/กิจกรรม), tracked through the year."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan section")
    )
    title = models.CharField(_("measure"), max_length=300)
    responsible_unit = models.CharField(_("responsible unit"), max_length=150)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("unit"),
    )
    steps = models.TextField(_("steps"), blank=True, help_text=_("One step per line."))
    start = models.DateField(_("start"))
    end = models.DateField(_("due date"))
    kpi = models.CharField(_("indicator of success"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MaxValueValidator(100)]
    )
    addresses = models.JSONField(_("answers items"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    #: Raised by one on every saved edit (:mod:`openita.web.plans.versions`): the API's ETag
    #: and the forms' hidden field, so an edit made on an older version is a conflict.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["section", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="progress_max_100"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="end_after_start"
            ),
        ]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title


class ProgressNote(models.Model):
    """Where a measure stood on a day: written by every progress update (the progress report
    reads the latest note up to its date, :mod:`openita.analysis.progress`)."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="notes", verbose_name=_("measure")
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MaxValueValidator(100)]
    )
    done = models.TextField(_("what was done"), blank=True, max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["measure", "date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="note_progress_max_100"
            ),
        ]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{dates.short(self.date)} {self.get_status_display()} {self.progress}%"


def evidence_path(instance: Evidence, filename: str) -> str:
    agency = instance.measure.section.plan.agency
    return f"evidence/{agency.code}/{instance.measure_id}/{filename}"


class Evidence(models.Model):
    """Proof that a measure was done: a link (e.g. the OIT page) or a file."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("measure")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    #: The date the evidence is about, separate from the upload date (users ask for both).
    evidence_date = models.DateField(_("evidence date"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["measure", "-added_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="", file=""), name="evidence_link_or_file"
            ),
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="comments", verbose_name=_("measure")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["measure", "created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
