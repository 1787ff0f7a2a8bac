"""Home, the list of agencies a user may see, and an agency admin's units and members."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openita.web.agencies.access import Access, agency_for, is_coordinator, visible_agencies


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Coordinators land on their table; a member of one agency on its dashboard."""
    if is_coordinator(request.user):
        return redirect("coordination:table")
    agencies = list(visible_agencies(request.user)[:2])
    if len(agencies) == 1:
        return redirect("assessments:dashboard", code=agencies[0].code)
    return redirect("agencies:list")


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    agencies = visible_agencies(request.user)
    if query:
        agencies = agencies.filter(
            Q(name__icontains=query) | Q(code__icontains=query) | Q(province__icontains=query)
        )
    page = Paginator(agencies.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(request, "agencies/list.html", {"page": page, "q": query})


@login_required
def units(request: HttpRequest, code: str) -> HttpResponse:
    agency, _ = agency_for(request.user, code, Access.MANAGE)
    return render(request, "agencies/units.html", {"agency": agency})


@login_required
def members(request: HttpRequest, code: str) -> HttpResponse:
    agency, _ = agency_for(request.user, code, Access.MANAGE)
    return render(request, "agencies/members.html", {"agency": agency})
