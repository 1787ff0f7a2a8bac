"""The two answers every plan change gives: with htmx, the measure's updated row (or the
form with its errors) swapped into the plan page; without JavaScript, a redirect back to the
plan page at that measure, with the notes as messages, or a plain page with the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from openita.web.agencies.access import Access
from openita.web.agencies.models import Agency
from openita.web.plans import board
from openita.web.plans.forms import CommentForm, EvidenceForm, ProgressForm
from openita.web.plans.models import ActionPlan, Measure


def signed_in(request: HttpRequest) -> User:
    """The request's user in a view behind ``login_required``."""
    user = request.user
    assert isinstance(user, User)
    return user


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def plan_url(plan: ActionPlan, anchor: str = "") -> str:
    """The plan page; at ``anchor`` (``m<id>``, ``s<id>``) with that part's section open, so a
    page without JavaScript shows the measure it returns to (:func:`board.sections`)."""
    url = reverse("plans:detail", kwargs={"code": plan.agency.code})
    if not anchor:
        return f"{url}?year={plan.fiscal_year}"
    return f"{url}?year={plan.fiscal_year}&open={anchor}#{anchor}"


def back_to_plan(
    request: HttpRequest, plan: ActionPlan, notes: list[str], anchor: str = ""
) -> HttpResponse:
    for note in notes:
        messages.info(request, note)
    return HttpResponseRedirect(plan_url(plan, anchor))


def row_forms(measure: Measure, **bound: forms.BaseForm) -> dict[str, forms.BaseForm]:
    """The row's forms, unbound unless given; ids are prefixed so labels stay unique."""
    auto_id = f"m{measure.pk}-%s"
    made: dict[str, forms.BaseForm] = {
        "progress": ProgressForm(instance=measure, auto_id=auto_id),
        "evidence": EvidenceForm(auto_id=auto_id),
        "comment": CommentForm(auto_id=auto_id),
    }
    made.update(bound)
    return made


def measure_row(
    measure_pk: int, can_edit: bool, full: bool = True, **bound: forms.BaseForm
) -> board.MeasureRow:
    """The measure's row: its card, and with ``full`` its tracking part (with the forms, for
    editors)."""
    found = board.measures_with_details() if full else board.measure_cards()
    measure = found.get(pk=measure_pk)
    row = board.row_for(measure, timezone.localdate(), full=full)
    if can_edit and full:
        row.forms = row_forms(measure, **bound)
    return row


def render_row(
    request: HttpRequest,
    agency: Agency,
    measure: Measure,
    level: Access,
    notes: list[str] | None = None,
    status: int = 200,
    tracking: bool = True,
    **bound: forms.BaseForm,
) -> HttpResponse:
    """The measure's row after a change; ``tracking`` keeps its tracking part open (the change
    was made there), false after the edit form (the row is a card again, as on the page)."""
    can_edit = level >= Access.EDIT
    row = measure_row(measure.pk, can_edit, full=tracking or bool(bound), **bound)
    row.notes = list(notes or [])
    row.tracking_open = row.full
    context = {"agency": agency, "row": row, "can_edit": can_edit}
    return render(request, "plans/_measure.html", context, status=status)


def form_page(
    request: HttpRequest,
    agency: Agency,
    measure: Measure,
    form: forms.BaseForm,
    *,
    title: str,
    action: str,
    multipart: bool = False,
) -> HttpResponse:
    """A bound form with its errors on a page of its own (the answer without JavaScript)."""
    context: dict[str, Any] = {
        "agency": agency,
        "plan": measure.section.plan,
        "measure": measure,
        "form": form,
        "title": title,
        "action": action,
        "multipart": multipart,
        "back": plan_url(measure.section.plan, f"m{measure.pk}"),
    }
    return render(request, "plans/form_page.html", context)
