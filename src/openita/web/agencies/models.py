"""Agencies, their units, and who may do what for which agency.

Roles (docs/web.md):

* site administrator — ``User.is_superuser``; everything, through Django admin too;
* coordinator — a :class:`CoordinatorScope` (ministry / province / agency type); reads every
  agency in scope, changes none;
* agency admin, editor, viewer — a :class:`Membership` in one agency.

The rules that read these rows live in :mod:`openita.web.agencies.access`, not here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openita.collation import KEY_LENGTH


class AgencyKind(models.TextChoices):
    """The closed vocabulary of :data:`openita.frameworks.kinds.KINDS` (a test keeps them
    equal): the kind chooses the fiscal year's framework file (docs/frameworks.md)."""

    LOCAL_GOVERNMENT = "local_government", _("local government")
    CENTRAL_AGENCY = "central_agency", _("central agency")
    VOCATIONAL_COLLEGE = "vocational_college", _("vocational college")
    SCHOOL = "school", _("school")
    HOSPITAL = "hospital", _("hospital")


class Agency(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    agency_type = models.CharField(_("agency type"), max_length=100, blank=True, db_index=True)
    #: Which framework scores the agency's results (its OIT item list); changing it re-scores
    #: the stored results (agencies/admin.py, assessments/services.rescore).
    kind = models.CharField(
        _("agency kind"),
        max_length=30,
        choices=AgencyKind.choices,
        default=AgencyKind.LOCAL_GOVERNMENT,
        help_text=_("Chooses the ITA framework and OIT item list its results are scored with."),
    )
    ministry = models.CharField(_("ministry"), max_length=150, blank=True, db_index=True)
    province = models.CharField(_("province"), max_length=100, blank=True, db_index=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    #: Thai dictionary order of the name (openita.collation): what "sorted by name" means.
    #: Set on every save, restores included (agencies/signals.py); bulk_create must set it.
    sort_name = models.CharField(max_length=KEY_LENGTH, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A division or section of an agency (กอง/งาน), named as responsible in plans."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="units", verbose_name=_("agency")
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["agency", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name"),
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("agency admin")
    EDITOR = "editor", _("editor")
    VIEWER = "viewer", _("viewer")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="membership_unique"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.agency} ({self.get_role_display()})"


class CoordinatorScope(models.Model):
    """Agencies a coordinator oversees: those matching every non-blank field."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_scopes",
        verbose_name=_("user"),
    )
    ministry = models.CharField(_("ministry"), max_length=150, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    agency_type = models.CharField(_("agency type"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(ministry="", province="", agency_type=""),
                name="scope_not_everything",
                violation_error_message=_(
                    "A scope needs a ministry, a province or an agency type; "
                    "make the user a site administrator to see every agency."
                ),
            ),
        ]
        verbose_name = _("coordinator scope")
        verbose_name_plural = _("coordinator scopes")

    def __str__(self) -> str:
        parts = [p for p in (self.ministry, self.province, self.agency_type) if p]
        return f"{self.user}: {' / '.join(parts)}"


class AssessorAssignment(models.Model):
    """An assessor reviews one agency's OIT evidence for one fiscal year (set by a site
    administrator in Django admin). It gives no other access to the agency: what it allows is
    decided in :mod:`openita.web.agencies.access` (:func:`~.access.oit_agency_for`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessor_assignments",
        verbose_name=_("assessor"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="assessor_assignments",
        verbose_name=_("agency"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))

    class Meta:
        ordering = ["-fiscal_year", "agency", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "fiscal_year"], name="assessor_assignment_unique"
            ),
        ]
        verbose_name = _("assessor assignment")
        verbose_name_plural = _("assessor assignments")

    def __str__(self) -> str:
        return f"{self.user} – {self.agency} {self.fiscal_year}"
