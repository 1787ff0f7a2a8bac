"""Django admin for site administrators: agencies with their units and members, and the
scopes of coordinators (issue 6: "a site administrator manages agencies, units, users and
roles ... through Django admin"). Agency admins manage their own units and members on the
agency pages instead (:mod:`openita.web.agencies.views`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext

from openita.web.admin_inlines import LabelledInline
from openita.web.agencies.models import (
    Agency,
    AssessorAssignment,
    CoordinatorScope,
    Membership,
    Unit,
)


class UnitInline(LabelledInline):
    model = Unit
    extra = 0
    fields = ["position", "name"]
    ordering = ["position", "name"]


class MembershipInline(LabelledInline):
    model = Membership
    extra = 0
    fields = ["user", "role"]
    raw_id_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["name", "code", "kind", "agency_type", "province", "district", "ministry"]
    list_filter = ["kind", "province", "agency_type", "ministry"]
    search_fields = ["name", "code", "district"]
    inlines = [UnitInline, MembershipInline]
    list_per_page = 100

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        """A changed kind re-scores the stored results with the new kind's framework."""
        super().save_model(request, obj, form, change)
        if change and "kind" in form.changed_data:
            from openita.web.assessments.services import rescore

            outcome = rescore(obj.results.all())
            for problem in outcome.problems:
                self.message_user(request, problem, messages.WARNING)
            count = outcome.rescored
            self.message_user(
                request,
                gettext("Re-scored %(count)d stored result(s) as %(kind)s.")
                % {"count": count, "kind": obj.get_kind_display()},
                messages.SUCCESS,
            )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "agency", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__name", "agency__code"]
    raw_id_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]


@admin.register(CoordinatorScope)
class CoordinatorScopeAdmin(admin.ModelAdmin[CoordinatorScope]):
    list_display = ["user", "ministry", "province", "agency_type"]
    list_filter = ["province", "ministry", "agency_type"]
    search_fields = ["user__username", "province", "ministry", "agency_type"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]


@admin.register(AssessorAssignment)
class AssessorAssignmentAdmin(admin.ModelAdmin[AssessorAssignment]):
    """Which assessor reviews which agency's OIT evidence in which fiscal year (docs/oit.md)."""

    list_display = ["user", "agency", "fiscal_year"]
    list_filter = ["fiscal_year"]
    search_fields = ["user__username", "agency__name", "agency__code"]
    raw_id_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]
