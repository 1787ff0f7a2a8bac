"""Home, the list of agencies a user may see, and an agency admin's units and members.

Every agency page starts with :func:`~openita.web.agencies.access.agency_for` and looks up a
unit or membership only among the agency's own rows, so an id of another agency answers 404.
Pages show with GET; every change is a POST to its own URL that redirects back (so a reload
never repeats it), or shows the page again with the form's errors.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from openita.web.agencies.access import Access, agency_for, is_coordinator, visible_agencies
from openita.web.agencies.forms import (
    MemberAddForm,
    MemberRoleForm,
    MoveForm,
    UnitForm,
    removal_problem,
)
from openita.web.agencies.models import Agency, Membership, Role, Unit
from openita.web.assessments.models import Result

PAGE_SIZE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Coordinators land on their table; a member of one agency on its dashboard."""
    if is_coordinator(request.user):
        return redirect("coordination:table")
    agencies = list(visible_agencies(request.user)[:2])
    if len(agencies) == 1:
        return redirect("assessments:dashboard", code=agencies[0].code)
    return redirect("agencies:list")


# ---------------------------------------------------------------------------------------------
# The agency list


@login_required
@require_safe
def agency_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    agencies = visible_agencies(request.user)
    if query:
        agencies = agencies.filter(
            Q(name__icontains=query)
            | Q(code__icontains=query)
            | Q(province__icontains=query)
            | Q(district__icontains=query)
        )
    page = Paginator(agencies.order_by("sort_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    latest = _latest_results([agency.pk for agency in page])
    rows = [(agency, latest.get(agency.pk)) for agency in page]
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "rows": rows,
        "q": query,
    }
    return render(request, "agencies/list.html", context)


def _latest_results(agency_ids: list[int]) -> dict[int, Result]:
    """Each agency's newest result (summary columns only), in one query for the page."""
    latest: dict[int, Result] = {}
    rows = (
        Result.objects.filter(agency_id__in=agency_ids)
        .order_by("agency_id", "-fiscal_year")
        .only("agency_id", "fiscal_year", "overall", "level", "level_id")
    )
    for row in rows:
        latest.setdefault(row.agency_id, row)
    return latest


# ---------------------------------------------------------------------------------------------
# Units


@login_required
@require_safe
def units(request: HttpRequest, code: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.MANAGE)
    return _units_page(request, agency)


def _units_page(
    request: HttpRequest, agency: Agency, add_form: UnitForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "agency": agency,
        "units": agency.units.order_by("position", "name"),
        "add_form": add_form or UnitForm(agency=agency),
    }
    return render(request, "agencies/units.html", context, status=status)


@login_required
@require_POST
def unit_add(request: HttpRequest, code: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.MANAGE)
    form = UnitForm(request.POST, agency=agency)
    if not form.is_valid():
        return _units_page(request, agency, add_form=form, status=400)
    unit = form.save()
    messages.success(request, _("Unit “%(name)s” added.") % {"name": unit.name})
    return redirect("agencies:units", code=agency.code)


@login_required
@require_POST
def unit_rename(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.MANAGE)
    unit = get_object_or_404(Unit, pk=pk, agency=agency)
    old_name = unit.name
    form = UnitForm(request.POST, instance=unit, agency=agency)
    if form.is_valid():
        form.save()
        messages.success(
            request,
            _("Unit “%(old)s” renamed to “%(new)s”.") % {"old": old_name, "new": unit.name},
        )
    else:
        _report_errors(request, form, _("The unit “%(name)s” was not renamed") % {"name": old_name})
    return redirect("agencies:units", code=agency.code)


@login_required
@require_POST
def unit_move(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Swap the unit with its neighbour above or below (positions renumbered 0, 1, 2, …)."""
    agency, _level = agency_for(request.user, code, Access.MANAGE)
    unit = get_object_or_404(Unit, pk=pk, agency=agency)
    form = MoveForm(request.POST)
    if not form.is_valid():
        _report_errors(request, form, _("The unit was not moved"))
        return redirect("agencies:units", code=agency.code)
    with transaction.atomic():
        ordered = list(agency.units.select_for_update().order_by("position", "name"))
        index = next(i for i, u in enumerate(ordered) if u.pk == unit.pk)
        other = index - 1 if form.cleaned_data["direction"] == "up" else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, row in enumerate(ordered):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
    return redirect("agencies:units", code=agency.code)


@login_required
@require_POST
def unit_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Delete a unit; plan measures it was responsible for keep the unit's name as text."""
    agency, _level = agency_for(request.user, code, Access.MANAGE)
    unit = get_object_or_404(Unit, pk=pk, agency=agency)
    name = unit.name
    unit.delete()
    messages.success(request, _("Unit “%(name)s” deleted.") % {"name": name})
    return redirect("agencies:units", code=agency.code)


# ---------------------------------------------------------------------------------------------
# Members


@login_required
@require_safe
def members(request: HttpRequest, code: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.MANAGE)
    return _members_page(request, agency)


def _members_page(
    request: HttpRequest,
    agency: Agency,
    add_form: MemberAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    memberships = (
        agency.memberships.select_related("user")
        .annotate(username=F("user__username"))
        .order_by("role", "user__username")
    )
    context = {
        "agency": agency,
        "memberships": memberships,
        "roles": Role.choices,
        "add_form": add_form or MemberAddForm(agency=agency),
    }
    return render(request, "agencies/members.html", context, status=status)


@login_required
@require_POST
def member_add(request: HttpRequest, code: str) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.MANAGE)
    form = MemberAddForm(request.POST, agency=agency)
    if not form.is_valid():
        return _members_page(request, agency, add_form=form, status=400)
    membership = form.save()
    messages.success(
        request,
        _("%(user)s added as %(role)s.")
        % {"user": membership.user.get_username(), "role": membership.get_role_display()},
    )
    return redirect("agencies:members", code=agency.code)


@login_required
@require_POST
def member_role(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.MANAGE)
    with transaction.atomic():
        _lock_admins(agency)
        membership = get_object_or_404(
            Membership.objects.select_related("user"), pk=pk, agency=agency
        )
        form = MemberRoleForm(request.POST, membership=membership, actor=request.user)
        if form.is_valid():
            form.save()
            messages.success(
                request,
                _("%(user)s is now %(role)s.")
                % {"user": membership.user.get_username(), "role": membership.get_role_display()},
            )
        else:
            _report_errors(
                request,
                form,
                _("The role of %(user)s was not changed")
                % {"user": membership.user.get_username()},
            )
    return redirect("agencies:members", code=agency.code)


@login_required
@require_POST
def member_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.MANAGE)
    with transaction.atomic():
        _lock_admins(agency)
        membership = get_object_or_404(
            Membership.objects.select_related("user"), pk=pk, agency=agency
        )
        username = membership.user.get_username()
        problem = removal_problem(membership)
        if problem is not None:
            not_removed = _("%(user)s was not removed") % {"user": username}
            messages.error(request, f"{not_removed}: {problem}")
        else:
            membership.delete()
            messages.success(request, _("%(user)s removed from the agency.") % {"user": username})
    if membership.user_id == request.user.pk and problem is None:
        return redirect("home")  # they left the agency: its pages are no longer theirs
    return redirect("agencies:members", code=agency.code)


def _lock_admins(agency: Agency) -> None:
    """Hold the agency's admin rows, so two admins demoting each other cannot leave none."""
    list(Membership.objects.select_for_update().filter(agency=agency, role=Role.ADMIN))


def _report_errors(request: HttpRequest, form: Any, what: str) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"{what}: {error}")
