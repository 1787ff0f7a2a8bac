"""A measure's own page, and changing the plan's measures: edit, quick progress update, add,
delete, comment.

Each view needs EDIT; every measure and section is looked up within the agency that
:func:`~openita.web.agencies.access.agency_for` returned, so another agency's id is a 404.
The audit log records each change with its before and after (model signals).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openita.thaidate import fiscal_year_bounds
from openita.web.agencies.access import Access, agency_for
from openita.web.plans import services, versions
from openita.web.plans.forms import CommentForm, MeasureForm, ProgressForm
from openita.web.plans.models import Comment, Measure, Section
from openita.web.plans.responses import (
    back_to_plan,
    form_page,
    is_htmx,
    measure_row,
    plan_url,
    render_row,
    signed_in,
)


def _measure(agency_code: str, request: HttpRequest, pk: int) -> tuple[Measure, Access]:
    agency, level = agency_for(request.user, agency_code, Access.EDIT)
    measure = get_object_or_404(
        Measure.objects.select_related("section__plan__agency", "unit"),
        pk=pk,
        section__plan__agency=agency,
    )
    return measure, level


def _save(form: MeasureForm | ProgressForm, measure: Measure) -> Measure | None:
    """Save the changed fields on the version the form showed; None after a conflict (the
    form then shows both values, :meth:`~openita.web.plans.forms._Versioned.show_conflict`)."""
    try:
        return versions.save_changes(measure.pk, form.cleaned_data.get("version"), form.changes())
    except versions.Conflict as conflict:
        form.show_conflict(conflict.current)
        return None
    except Measure.DoesNotExist:
        raise Http404("the measure was deleted meanwhile") from None


@login_required
@require_GET
def measure_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One measure with its steps, evidence and comments (and the tracking forms for editors).

    The plan page shows cards and fetches this when a card's tracking part is opened: with
    htmx, the measure's row (``?tracking=open``: with its tracking part; without: the card,
    as the edit form's Cancel asks for); without JavaScript, a page of its own.
    """
    agency, level = agency_for(request.user, code, Access.VIEW)
    measure = get_object_or_404(
        Measure.objects.select_related("section__plan__agency"),
        pk=pk,
        section__plan__agency=agency,
    )
    if is_htmx(request):
        tracking = request.GET.get("tracking") == "open"
        return render_row(request, agency, measure, level, tracking=tracking)
    can_edit = level >= Access.EDIT
    row = measure_row(measure.pk, can_edit)
    row.tracking_open = True
    plan = measure.section.plan
    context = {
        "agency": agency,
        "plan": plan,
        "measure": measure,
        "row": row,
        "can_edit": can_edit,
        "back": plan_url(plan, f"m{measure.pk}"),
    }
    return render(request, "plans/measure_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    measure, level = _measure(code, request, pk)
    agency, plan = measure.section.plan.agency, measure.section.plan
    form = MeasureForm(request.POST or None, instance=measure, agency=agency)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = _save(form, measure)
            if saved is not None:
                services.note_progress_change(
                    saved, form.initial, signed_in(request), timezone.localdate()
                )
        if saved is not None:
            if is_htmx(request):
                return render_row(request, agency, saved, level, form.notes, tracking=False)
            messages.success(request, _("Saved the measure."))
            return back_to_plan(request, plan, form.notes, f"m{measure.pk}")
    context = {
        "agency": agency,
        "plan": plan,
        "measure": measure,
        "form": form,
        "back": plan_url(plan, f"m{measure.pk}"),
    }
    template = "plans/_measure_form.html" if is_htmx(request) else "plans/measure_form.html"
    return render(request, template, context)


@login_required
@require_POST
def measure_progress(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    measure, level = _measure(code, request, pk)
    agency, plan = measure.section.plan.agency, measure.section.plan
    form = ProgressForm(request.POST, instance=measure, auto_id=f"m{measure.pk}-%s")
    saved = None
    if form.is_valid():
        with transaction.atomic():
            saved = _save(form, measure)
            if saved is not None:
                form.note(saved, signed_in(request), timezone.localdate())
    if saved is not None:
        if is_htmx(request):
            return render_row(request, agency, saved, level, form.notes)
        return back_to_plan(request, plan, form.notes, f"m{measure.pk}")
    measure.refresh_from_db()
    if is_htmx(request):
        return render_row(request, agency, measure, level, progress=form)
    action = reverse("plans:measure_progress", kwargs={"code": code, "pk": pk})
    return form_page(request, agency, measure, form, title=_("Update progress"), action=action)


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, code: str, section_pk: int) -> HttpResponse:
    agency, _level = agency_for(request.user, code, Access.EDIT)
    section = get_object_or_404(
        Section.objects.select_related("plan"), pk=section_pk, plan__agency=agency
    )
    start, end = fiscal_year_bounds(section.plan.fiscal_year)
    last = section.measures.aggregate(last=Max("position"))["last"]
    measure = Measure(section=section, start=start, end=end, position=(last or 0) + 1)
    form = MeasureForm(request.POST or None, instance=measure, agency=agency)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Added the measure."))
        return back_to_plan(request, section.plan, form.notes, f"m{saved.pk}")
    context = {
        "agency": agency,
        "plan": section.plan,
        "section": section,
        "form": form,
        "back": plan_url(section.plan, f"s{section.pk}"),
    }
    return render(request, "plans/measure_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measure_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """GET asks for confirmation (the measure's evidence and comments go with it); POST deletes."""
    measure, _level = _measure(code, request, pk)
    plan = measure.section.plan
    if request.method == "POST":
        files = [e.file for e in measure.evidence.exclude(file="")]
        title = measure.title
        measure.delete()
        transaction.on_commit(lambda: _delete_files(files))
        messages.success(request, _("Deleted the measure “%(title)s”.") % {"title": title})
        return HttpResponseRedirect(plan_url(plan))
    context = {
        "agency": plan.agency,
        "plan": plan,
        "measure": measure,
        "evidence": measure.evidence.count(),
        "comments": measure.comments.count(),
        "back": plan_url(plan, f"m{measure.pk}"),
    }
    return render(request, "plans/measure_confirm_delete.html", context)


def _delete_files(files: list[FieldFile]) -> None:
    """Stored evidence files of a deleted measure (once the delete is committed)."""
    for stored in files:
        stored.delete(save=False)


@login_required
@require_POST
def comment_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    measure, level = _measure(code, request, pk)
    agency, plan = measure.section.plan.agency, measure.section.plan
    comment = Comment(measure=measure, author=signed_in(request))
    form = CommentForm(request.POST, instance=comment, auto_id=f"m{measure.pk}-%s")
    if form.is_valid():
        form.save()
        if is_htmx(request):
            return render_row(request, agency, measure, level)
        return back_to_plan(request, plan, [], f"m{measure.pk}")
    if is_htmx(request):
        return render_row(request, agency, measure, level, comment=form)
    action = reverse("plans:comment_add", kwargs={"code": code, "pk": pk})
    return form_page(request, agency, measure, form, title=_("Add a comment"), action=action)
