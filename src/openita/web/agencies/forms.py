"""Forms of an agency admin's pages: the agency's units and its members.

The rules about members live here, in the forms' validation, so every page that changes a
membership goes through them:

* a member is an existing, active user account (site administrators create accounts);
* nobody changes their own role: an admin who could demote themselves by mistake would lock
  the agency out of its own units and members;
* an agency keeps at least one admin: the last one can be neither removed nor demoted, since
  only a site administrator could then manage the agency again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openita.web import stored_text
from openita.web.agencies.models import Agency, Membership, Role, Unit


class UnitForm(forms.ModelForm[Unit]):
    """A unit's name, unique within its agency."""

    class Meta:
        model = Unit
        fields = ["name"]
        labels = {"name": _("Unit name")}

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency

    def clean(self) -> dict[str, Any]:
        return stored_text.clean_form(self, super().clean() or {})

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("A unit needs a name."))
        taken = Unit.objects.filter(agency=self.agency, name=name)
        if self.instance.pk is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("The agency already has a unit with this name."))
        return name

    def save(self, commit: bool = True) -> Unit:
        unit: Unit = super().save(commit=False)
        unit.agency = self.agency
        if unit.pk is None:
            last = Unit.objects.filter(agency=self.agency).order_by("-position").first()
            unit.position = last.position + 1 if last is not None else 0
        if commit:
            unit.save()
        return unit


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.user: Any = None

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError(
                _("No active account has this user name. Ask a site administrator to create it.")
            )
        if Membership.objects.filter(agency=self.agency, user=user).exists():
            raise ValidationError(_("This user is already a member of the agency."))
        self.user = user
        return username

    def save(self) -> Membership:
        return Membership.objects.create(
            agency=self.agency, user=self.user, role=self.cleaned_data["role"]
        )


def is_last_admin(membership: Membership) -> bool:
    """True when ``membership`` is the agency's only admin."""
    if membership.role != Role.ADMIN:
        return False
    admins = Membership.objects.filter(agency_id=membership.agency_id, role=Role.ADMIN)
    return not admins.exclude(pk=membership.pk).exists()


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, membership: Membership, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.actor = actor

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        if role == self.membership.role:
            return str(role)
        if self.membership.user_id == self.actor.pk:
            raise ValidationError(_("You cannot change your own role."))
        if is_last_admin(self.membership):
            raise ValidationError(
                _("This is the agency's last admin. Make another member admin first.")
            )
        return str(role)

    def save(self) -> Membership:
        self.membership.role = self.cleaned_data["role"]
        self.membership.save(update_fields=["role"])
        return self.membership


def removal_problem(membership: Membership) -> str | None:
    """Why ``membership`` may not be removed, or None when it may."""
    if is_last_admin(membership):
        return str(_("This is the agency's last admin. Make another member admin first."))
    return None
