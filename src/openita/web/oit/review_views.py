"""The assessor's pages: "my agencies", the batch review of an agency's year, deciding
contests; and the agency's contest of a reviewed item. Access: :func:`oit_agency_for`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from openita.errors import InputError
from openita.frameworks.loader import UnknownFiscalYear, load_framework
from openita.web.agencies.access import OitNeed, oit_agency_for
from openita.web.agencies.models import AssessorAssignment
from openita.web.oit import review
from openita.web.oit.models import Contest, ItemReview
from openita.web.oit.review_models import Verdict
from openita.web.oit.views import _checklist, _checklist_page
from openita.web.plans.responses import signed_in


@dataclass(frozen=True)
class Refused:
    """A form the review service refused, shown again with each message at its field:
    ``form`` is the form's id prefix on the page (``r-O3``, ``d12``, ``O3-contest``),
    ``errors`` the messages by input name (``"form"``: those of no one input), ``values``
    what was typed, so nothing is lost."""

    form: str
    errors: dict[str, list[str]]
    values: dict[str, str]


REVIEW_FIELDS = {"verdict": "verdict", "score": "score", "comment": "comment"}
DECIDE_FIELDS = {"verdict": "verdict", "score": "score", "answer": "answer"}
CONTEST_FIELDS = {"explanation": "explanation", "links": "links"}


def _refused(request: HttpRequest, form: str, exc: InputError, fields: dict[str, str]) -> Refused:
    errors: dict[str, list[str]] = {}
    for problem in exc.problems:
        errors.setdefault(fields.get(problem.field or "", "form"), []).append(problem.message)
    return Refused(form, errors, {k: request.POST.get(k, "") for k in request.POST})


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """The agencies and years assigned to the user, with how many items are reviewed."""
    rows = []
    assignments = AssessorAssignment.objects.filter(user=signed_in(request)).select_related(
        "agency"
    )
    for assignment in assignments.order_by("-fiscal_year", "agency__sort_name"):
        agency, year = assignment.agency, assignment.fiscal_year
        try:
            total = len(load_framework(year, agency.kind).oit_items)
        except (UnknownFiscalYear, InputError):
            total = 0
        reviewed = len(review.current_reviews(agency, year))
        pending = Contest.objects.filter(
            agency=agency, fiscal_year=year, decision=Contest.Decision.PENDING
        ).count()
        rows.append(
            {
                "agency": agency,
                "year": year,
                "reviewed": reviewed,
                "total": total,
                "pending": pending,
                "phase": review.phase_of(year),
            }
        )
    return render(request, "oit/review_mine.html", {"rows": rows})


@login_required
@require_safe
def batch(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Every item of the year on one page with its evidence and a compact review form."""
    return _batch_page(request, code, year)


def _batch_page(
    request: HttpRequest, code: str, year: int, refused: Refused | None = None
) -> HttpResponse:
    agency, _level = oit_agency_for(request.user, code, year, OitNeed.REVIEW)
    sheet = _checklist(agency, year)
    current = review.current_reviews(agency, year)
    history = {
        row["item_id"]: row["n"]
        for row in ItemReview.objects.filter(agency=agency, fiscal_year=year)
        .values("item_id")
        .annotate(n=Count("pk"))
    }
    context: dict[str, Any] = {
        "agency": agency,
        "year": year,
        "sheet": sheet,
        "reviews": current,
        "history": history,
        "contests": review.contests(agency, year),
        "reviewed": review.reviewed_scores(
            agency, sheet.framework, review.stored_base(agency, year), reviews=current
        ),
        "phase": review.phase_of(year),
        "window": review.window(year),
        "partial_allowed": sheet.framework.spec.aggregation.oit_item_scores == "partial",
        "verdicts": Verdict.choices,
        "refused": refused,
    }
    return render(request, "oit/review_batch.html", context, status=200 if refused is None else 400)


def _next_item(sheet_items: list[Any], item_id: str) -> str:
    ids = [item.id for item in sheet_items]
    at = ids.index(item_id) if item_id in ids else -1
    return ids[at + 1] if 0 <= at < len(ids) - 1 else item_id


@login_required
@require_POST
def save(request: HttpRequest, code: str, year: int, item: str) -> HttpResponse:
    agency, _level = oit_agency_for(request.user, code, year, OitNeed.REVIEW)
    sheet = _checklist(agency, year)
    url = reverse("oit:review", kwargs={"code": code, "year": year})
    try:
        review.record_review(
            agency,
            sheet.framework,
            item,
            request.POST.get("verdict", ""),
            request.POST.get("score"),
            request.POST.get("comment", ""),
            signed_in(request),
        )
    except InputError as exc:
        return _batch_page(request, code, year, _refused(request, f"r-{item}", exc, REVIEW_FIELDS))
    messages.success(request, _("Saved the review of %(item)s.") % {"item": item})
    return redirect(f"{url}#r-{_next_item(sheet.items, item)}")


@login_required
@require_POST
def contest(request: HttpRequest, code: str, year: int, item: str) -> HttpResponse:
    """The agency (an editor) contests an item's preliminary score during the window."""
    agency, _level = oit_agency_for(request.user, code, year, OitNeed.EDIT)
    sheet = _checklist(agency, year)
    back = reverse("oit:checklist", kwargs={"code": code, "year": year}) + f"#{item}"
    if item not in sheet.framework.oit_items:
        raise Http404("no such OIT item")
    try:
        review.raise_contest(
            agency,
            year,
            item,
            request.POST.get("explanation", ""),
            request.POST.get("links", ""),
            signed_in(request),
        )
    except InputError as exc:
        refused = _refused(request, f"{item}-contest", exc, CONTEST_FIELDS)
        return _checklist_page(request, code, year, refused=refused, status=400)
    messages.success(request, _("Sent the contest of %(item)s to the assessor.") % {"item": item})
    return redirect(back)


@login_required
@require_POST
def decide(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    agency, _level = oit_agency_for(request.user, code, year, OitNeed.REVIEW)
    found = get_object_or_404(Contest, pk=pk, agency=agency, fiscal_year=year)
    sheet = _checklist(agency, year)
    url = reverse("oit:review", kwargs={"code": code, "year": year}) + f"#r-{found.item_id}"
    decision = request.POST.get("decision", "")
    if decision not in ("accept", "reject"):
        return _batch_page(
            request,
            code,
            year,
            Refused(
                f"d{found.pk}",
                {"decision": [_("Choose accept or reject.")]},
                {k: request.POST.get(k, "") for k in request.POST},
            ),
        )
    try:
        review.decide_contest(
            found,
            sheet.framework,
            decision == "accept",
            request.POST.get("verdict", ""),
            request.POST.get("score"),
            request.POST.get("answer", ""),
            signed_in(request),
        )
    except InputError as exc:
        return _batch_page(
            request, code, year, _refused(request, f"d{found.pk}", exc, DECIDE_FIELDS)
        )
    messages.success(request, _("Decided the contest of %(item)s.") % {"item": found.item_id})
    return redirect(url)
