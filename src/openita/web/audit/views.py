"""An agency's change log, for its admins: who changed what and when, told as sentences in
the reader's language (:mod:`openita.web.audit.sentences`), filterable and paged."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openita.web.agencies.access import Access, agency_for
from openita.web.audit.forms import LogFilter
from openita.web.audit.models import AuditEvent
from openita.web.audit.sentences import tell

PER_PAGE = 50


@login_required
def agency_log(request: HttpRequest, code: str) -> HttpResponse:
    agency, _ = agency_for(request.user, code, Access.MANAGE)
    events = AuditEvent.objects.filter(agency=agency)
    filters = LogFilter(request.GET or None, events=events)
    if filters.is_bound:
        filters.is_valid()
    shown = filters.apply(events).select_related("actor").order_by("-at", "-id")
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    # The technical record (model label, column names, stored values) only for site admins.
    with_details = bool(getattr(request.user, "is_staff", False))
    sentences = [tell(event, with_details=with_details) for event in page]
    return render(
        request,
        "audit/agency_log.html",
        {"agency": agency, "page": page, "sentences": sentences, "filters": filters},
    )
