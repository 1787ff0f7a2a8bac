"""Agency pages: dashboard (placeholder until the pages land)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openita.web.agencies.access import Access, agency_for


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    agency, level = agency_for(request.user, code, Access.VIEW)
    return render(request, "assessments/dashboard.html", {"agency": agency, "access": level})
