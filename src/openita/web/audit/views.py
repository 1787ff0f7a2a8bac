"""An agency's change log, for its admins: who changed what, when, before and after."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openita.web.agencies.access import Access, agency_for
from openita.web.audit.models import AuditEvent


@login_required
def agency_log(request: HttpRequest, code: str) -> HttpResponse:
    agency, _ = agency_for(request.user, code, Access.MANAGE)
    events = AuditEvent.objects.filter(agency=agency).order_by("-at", "-id")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "event": event,
            "changes": [
                (name, (event.before or {}).get(name), (event.after or {}).get(name))
                for name in event.changed_fields()
            ],
        }
        for event in page
    ]
    return render(request, "audit/agency_log.html", {"agency": agency, "page": page, "rows": rows})
