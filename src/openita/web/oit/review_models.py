"""The assessors' reviews of OIT items, the agencies' contests, and the clarification windows.

A review is never edited: a new review of an item supersedes the one before, which stays as
history (the item's current review is its newest). A contest decided "accepted" adds the new
review it gives. Which review counts, and whether it is final, is decided in
:mod:`openita.web.oit.review` with the pure date rule of :mod:`openita.analysis.oit_review`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openita.web import dates
from openita.web.agencies.models import Agency


class Verdict(models.TextChoices):
    PASS = "pass", _("pass")
    PARTIAL = "partial", _("partial")
    FAIL = "fail", _("fail")


class ItemReview(models.Model):
    """An assessor's verdict on one OIT item of one agency's fiscal year, with its score."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="oit_reviews", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    item_id = models.CharField(_("item"), max_length=8)
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)
    #: Set when the review was given in answer to a contest (accepted with a new score).
    contest = models.ForeignKey(
        "Contest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contest"),
    )

    class Meta:
        ordering = ["agency", "fiscal_year", "item_id", "-reviewed_at", "-pk"]
        indexes = [models.Index(fields=["agency", "fiscal_year", "item_id"])]
        verbose_name = _("OIT item review")
        verbose_name_plural = _("OIT item reviews")

    def __str__(self) -> str:
        verdict = self.get_verdict_display()  # "ผ่าน", not the stored "pass"
        return f"{self.agency} {self.fiscal_year} {self.item_id}: {verdict} {self.score}"


class Contest(models.Model):
    """An agency's request, during the clarification window, to review an item again."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("waiting for the assessor")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="oit_contests", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    item_id = models.CharField(_("item"), max_length=8)
    review = models.ForeignKey(
        ItemReview,
        on_delete=models.RESTRICT,
        related_name="contests",
        verbose_name=_("contested review"),
    )
    explanation = models.TextField(_("explanation"), max_length=2000)
    #: New evidence links, one per line (each also added to the item's evidence links).
    links = models.TextField(_("new evidence links"), max_length=5000, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    answer = models.TextField(_("assessor's answer"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["agency", "fiscal_year", "item_id", "-raised_at", "-pk"]
        indexes = [models.Index(fields=["agency", "fiscal_year", "item_id"])]
        verbose_name = _("OIT contest")
        verbose_name_plural = _("OIT contests")

    def __str__(self) -> str:
        return f"{self.agency} {self.fiscal_year} {self.item_id}: {self.get_decision_display()}"

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class ClarificationWindow(models.Model):
    """The days of a fiscal year's clarification round (both days included), set by a site
    administrator; after the last day the reviewed scores are final."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"))

    class Meta:
        ordering = ["-fiscal_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gte=models.F("opens")),
                name="clarification_window_order",
                violation_error_message=_("The window must not close before it opens."),
            ),
        ]
        verbose_name = _("clarification window")
        verbose_name_plural = _("clarification windows")

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {dates.short(self.opens)} – {dates.short(self.closes)}"
