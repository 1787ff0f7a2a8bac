"""Django admin for plans: a site administrator browses every agency's plans and measures."""

from __future__ import annotations

from openita.web.plans import services
from openita.web.plans.models import Measure


def test_a_site_admin_filters_measures_by_status_and_edits_a_plan_with_its_sections(
    client_as, khambong
):
    plan = services.create_draft(khambong, 2568)
    measure = Measure.objects.filter(section__plan=plan).order_by("pk")[0]
    measure.status, measure.progress = "done", 100
    measure.save()
    admin = client_as("site_admin")
    listing = admin.get("/admin/plans/measure/", {"status__exact": "done"})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [measure]
    found = admin.get("/admin/plans/measure/", {"q": measure.title[:12]})
    assert measure in list(found.context["cl"].result_list)
    change = admin.get(f"/admin/plans/actionplan/{plan.pk}/change/")
    assert change.status_code == 200
    sections = change.context["inline_admin_formsets"][0].formset
    assert sections.queryset.count() == plan.sections.count()
    assert admin.get(f"/admin/plans/measure/{measure.pk}/change/").status_code == 200


def test_agency_members_do_not_get_into_the_admin(client_as, khambong):
    assert client_as("agency_admin").get("/admin/plans/measure/").status_code == 302
