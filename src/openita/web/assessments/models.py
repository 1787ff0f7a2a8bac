"""An agency's ITA result for one fiscal year, kept as the file it came from.

The file (JSON/CSV/XLSX, or the JSON a form entry produced) is the record: every view reads it
back through :mod:`openita.ingest`, so the web app scores exactly as the CLI does. The summary
columns (overall, level, tools) are copies made when the result is saved, for tables of
thousands of agencies; :mod:`openita.web.assessments.services` is the only code that writes them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openita.web.agencies.models import Agency


class Result(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="results", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    source_name = models.CharField(_("file name"), max_length=255)
    source = models.BinaryField(_("file"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    #: True for a year without a framework file (before 2567): published figures only.
    published_only = models.BooleanField(_("published figures only"), default=False)
    overall = models.FloatField(_("overall score"), null=True)
    level = models.CharField(_("level"), max_length=40, blank=True)
    level_id = models.CharField(_("level code"), max_length=20, blank=True)
    iit = models.FloatField("IIT", null=True)
    eit = models.FloatField("EIT", null=True)
    oit = models.FloatField("OIT", null=True)
    computed_overall = models.FloatField(_("overall score computed from the file"), null=True)
    findings = models.JSONField(_("findings"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)

    class Meta:
        ordering = ["agency", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="result_one_per_year"),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "overall"]),
            # Covers the coordinator table: the summary without reading the stored file
            # (migration 0002, bench/web.py).
            models.Index(
                fields=[
                    "fiscal_year",
                    "agency",
                    "overall",
                    "level",
                    "level_id",
                    "iit",
                    "eit",
                    "oit",
                ],
                name="result_year_summary_idx",
            ),
        ]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.agency} {self.fiscal_year}"


class Framework(models.Model):
    """A fiscal year's ITA framework as loaded from its data file (docs/frameworks.md).

    The data file is the source of truth (ADR 0001); this row records that it loaded and
    validated, so administrators see which years the site can score.
    """

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    #: The kind of an ``ita-<year>-<kind>.yaml``; blank for the year's base file.
    kind = models.CharField(_("agency kind"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=300)
    source_file = models.CharField(_("data file"), max_length=500)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    indicators = models.PositiveSmallIntegerField(_("indicators"))
    questions = models.PositiveSmallIntegerField(_("questions and items"))
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "kind"], name="framework_year_kind"),
        ]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return f"ITA {self.fiscal_year}" + (f" {self.kind}" if self.kind else "")


class VersionKind(models.TextChoices):
    """Where a version of a result came from (the dashboard and the versions page say it)."""

    UPLOAD = "upload", _("uploaded file")
    API = "api", _("uploaded through the API")
    FORM = "form", _("typed in the form")
    FORM_MERGE = "form_merge", _("typed in the form, question detail kept")
    PASTE = "paste", _("pasted table")
    RESTORE = "restore", _("restored")


class ResultVersion(models.Model):
    """One stored state of an agency's result for a fiscal year; versions are never deleted.

    Every save of a result (upload, API, typed form, paste, restore) adds the next version of
    its agency and year; :class:`Result` is a copy of the latest one, the row every page and
    table reads. The document is kept exactly as it was checked (the same bytes
    :func:`openita.ingest.usable_result` accepted), so an old version can be read, compared
    and restored with today's importer (:mod:`openita.web.assessments.versions`).
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="result_versions", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("source"), max_length=12, choices=VersionKind.choices)
    #: The version a restore copied, or whose question detail a typed form kept.
    based_on = models.PositiveIntegerField(_("based on version"), null=True, blank=True)
    source_name = models.CharField(_("file name"), max_length=255)
    source = models.BinaryField(_("file"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    published_only = models.BooleanField(_("published figures only"), default=False)
    overall = models.FloatField(_("overall score"), null=True)
    level = models.CharField(_("level"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["agency", "fiscal_year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "number"], name="result_version_unique"
            ),
        ]
        verbose_name = _("result version")
        verbose_name_plural = _("result versions")

    def __str__(self) -> str:
        return f"{self.agency} {self.fiscal_year} v{self.number}"
