"""Evidence of a measure: add a link or a file, download a file, delete.

Files are served only here, after :func:`~openita.web.agencies.access.agency_for` and a lookup
of the evidence within that agency, and always as attachments; the media directory is never
published for evidence (:mod:`openita.web.plans.evidence_files`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openita.web.agencies.access import Access, agency_for
from openita.web.plans import evidence_files, evidence_storage
from openita.web.plans.forms import EvidenceForm
from openita.web.plans.models import Evidence, Measure
from openita.web.plans.responses import back_to_plan, form_page, is_htmx, render_row, signed_in


@login_required
@require_POST
def evidence_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency, level = agency_for(request.user, code, Access.EDIT)
    measure = get_object_or_404(
        Measure.objects.select_related("section__plan"), pk=pk, section__plan__agency=agency
    )
    evidence = Evidence(measure=measure, added_by=signed_in(request))
    form = EvidenceForm(request.POST, request.FILES, instance=evidence, auto_id=f"m{pk}-%s")
    if form.is_valid():
        evidence_storage.save(form)
        if is_htmx(request):
            return render_row(request, agency, measure, level)
        messages.success(request, _("Added the evidence."))
        return back_to_plan(request, measure.section.plan, [], f"m{measure.pk}")
    if is_htmx(request):
        return render_row(request, agency, measure, level, evidence=form)
    action = reverse("plans:evidence_add", kwargs={"code": code, "pk": pk})
    return form_page(
        request, agency, measure, form, title=_("Add evidence"), action=action, multipart=True
    )


@login_required
@require_GET
def evidence_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    agency, _level = agency_for(request.user, code, Access.VIEW)
    evidence = get_object_or_404(Evidence, pk=pk, measure__section__plan__agency=agency)
    if not evidence.file:
        raise Http404("this evidence is a link")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("the file is missing from storage") from None
    name = evidence_files.download_name(evidence.title, evidence.file.name or "")
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency, level = agency_for(request.user, code, Access.EDIT)
    evidence = get_object_or_404(
        Evidence.objects.select_related("measure__section__plan"),
        pk=pk,
        measure__section__plan__agency=agency,
    )
    measure = evidence.measure
    stored = evidence.file if evidence.file else None
    evidence.delete()
    if stored is not None:
        transaction.on_commit(lambda: stored.delete(save=False))
    if is_htmx(request):
        return render_row(request, agency, measure, level)
    messages.success(request, _("Deleted the evidence “%(title)s”.") % {"title": evidence.title})
    return back_to_plan(request, measure.section.plan, [], f"m{measure.pk}")
