"""Result versions in the Django admin: a read-only history per agency and year (issue 14).

Who saved each version, when, from which file and with which number; the file downloads by
its own name. No version can be added, changed or deleted there (restore is the versions
page's, audit-logged).
"""

from __future__ import annotations

from django.test import Client

from openita.web.assessments import services
from openita.web.assessments.models import ResultVersion

from .conftest import SEED_2568

LIST = "/admin/assessments/resultversion/"


def test_the_admin_lists_every_version_with_who_when_file_and_number(client_as, khambong, users):
    editor = users["editor"]
    data = SEED_2568.read_bytes()
    services.save_result(khambong, services.read_upload(data, "ผล-2568.json", khambong), editor)
    admin: Client = client_as("site_admin")
    listing = admin.get(LIST, {"fiscal_year__exact": 2568, "q": "คำบง"})
    assert listing.status_code == 200
    rows = list(listing.context["cl"].result_list)
    assert [(r.fiscal_year, r.number) for r in rows] == [(2568, 2), (2568, 1)]
    text = listing.content.decode()
    assert "ผล-2568.json" in text and "ฉบับที่" in text and "บันทึกโดย" in text
    newest = rows[0]
    assert newest.created_by == editor
    page = admin.get(f"{LIST}{newest.pk}/change/")
    assert page.status_code == 200
    assert "ผล-2568.json" in page.content.decode()
    download = admin.get(f"{LIST}{newest.pk}/download/")
    assert download.status_code == 200 and bytes(download.content) == data
    assert "attachment" in download["Content-Disposition"]


def test_no_version_is_added_changed_or_deleted_in_the_admin(client_as, khambong):
    admin: Client = client_as("site_admin")
    version = ResultVersion.objects.filter(agency=khambong).order_by("pk")[0]
    count = ResultVersion.objects.count()
    assert admin.get(f"{LIST}add/").status_code == 403
    assert admin.post(f"{LIST}{version.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = admin.post(LIST, {"action": "delete_selected", "_selected_action": [version.pk]})
    assert bulk.status_code == 200  # no such action: the list comes back, nothing deleted
    page = admin.get(f"{LIST}{version.pk}/change/").content.decode()
    assert 'name="_save"' not in page and "<textarea" not in page
    assert ResultVersion.objects.count() == count


def test_agency_members_do_not_get_into_the_version_admin(client_as, khambong):
    assert client_as("agency_admin").get(LIST).status_code == 302
