"""Django admin for site administrators: agencies with their units and members, and the
scopes of coordinators (issue 6: "a site administrator manages agencies, units, users and
roles ... through Django admin"). Agency admins manage their own units and members on the
agency pages instead (:mod:`openita.web.agencies.views`)."""

from __future__ import annotations

from django.contrib import admin

from openita.web.agencies.models import Agency, CoordinatorScope, Membership, Unit


class UnitInline(admin.TabularInline[Unit, Agency]):
    model = Unit
    extra = 0
    fields = ["position", "name"]
    ordering = ["position", "name"]


class MembershipInline(admin.TabularInline[Membership, Agency]):
    model = Membership
    extra = 0
    fields = ["user", "role"]
    raw_id_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["name", "code", "agency_type", "province", "district", "ministry"]
    list_filter = ["province", "agency_type", "ministry"]
    search_fields = ["name", "code", "district"]
    inlines = [UnitInline, MembershipInline]
    list_per_page = 100


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
