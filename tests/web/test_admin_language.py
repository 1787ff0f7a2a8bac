"""The admin reads in one language per request and shows no server paths (issue 14).

Every name the admin prints about a model — the app, the model, each field's label and help
text — is Thai for a Thai request (and the texts Django's and django-axes' own Thai catalogues
lack come from OpenITA's, ``openita.web.upstream_texts``); an English request gets English.
Files are shown by their names, never by where they lie on the server.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import django
import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation

from openita.frameworks.loader import DATA_DIR
from openita.web.assessments.frameworks import load_frameworks
from openita.web.assessments.models import Framework
from openita.web.oit.models import DocumentEvidence, EvidenceFile, StoredDocument
from openita.web.oit.review_models import Contest, ItemReview, Verdict
from openita.web.plans import services as plan_services
from openita.web.plans.models import Evidence, Measure

from .test_dashboard import _text

THAI = re.compile(r"[\u0E00-\u0E7F]")
#: Names that are the same in both languages: acronyms, and a product's own name.
SAME_IN_BOTH = {"ID", "IIT", "EIT", "OIT", "URL"}
#: Admin texts that Django's Thai catalogue lacked (a sample: each was English on Thai pages).
UNTRANSLATED_UPSTREAM = (
    "Toggle theme",
    "Skip to main content",
    "Model name",
    "Show counts",
    "Django administration",
    "Access attempts",
    "Hold down",
    "Raw passwords are not stored",
    "Required. 150 characters",
)


def _labels(model: type[models.Model]) -> dict[str, str]:
    """The names the admin can show: a field that is not editable only when the admin lists it."""
    meta = model._meta
    model_admin = admin.site._registry[model]
    listed = {*model_admin.list_display, *(model_admin.readonly_fields or ())}
    shown = {
        "app": str(meta.app_config.verbose_name),
        "model": str(meta.verbose_name),
        "models": str(meta.verbose_name_plural),
    }
    for field in meta.get_fields():
        if not getattr(field, "verbose_name", None) or getattr(field, "primary_key", False):
            continue
        if not getattr(field, "editable", True) and field.name not in listed:
            continue
        shown[field.name] = str(field.verbose_name)
        if help_text := str(getattr(field, "help_text", "") or ""):
            shown[f"{field.name} (help)"] = help_text
    return shown


def test_every_admin_model_field_and_help_text_has_a_thai_name() -> None:
    untranslated: dict[str, dict[str, str]] = {}
    with translation.override("th"):
        for model in admin.site._registry:
            bad = {
                key: text
                for key, text in _labels(model).items()
                if text not in SAME_IN_BOTH and not THAI.search(text)
            }
            if bad:
                untranslated[model._meta.label] = bad
    assert untranslated == {}


def test_an_english_request_gets_english_names(db) -> None:
    with translation.override("en"):
        for model in admin.site._registry:
            thai = {key: text for key, text in _labels(model).items() if THAI.search(text)}
            assert thai == {}, model._meta.label


def _admin_pages(client: Client) -> dict[str, Any]:
    pages = {"index": client.get(reverse("admin:index"))}
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        pages[f"{info} list"] = client.get(reverse(f"admin:{info}_changelist"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages[f"{info} change"] = client.get(reverse(f"admin:{info}_change", args=[first.pk]))
    return pages


def _oit_rows(agency: Any) -> None:
    """An OIT evidence file, an attached OpenITA document and its rendered PDF."""
    EvidenceFile.objects.create(
        agency=agency,
        fiscal_year=2568,
        item_id="O7",
        title="รายงานประจำปี",
        file=SimpleUploadedFile("annual-2567.pdf", b"%PDF-1.4 test"),
    )
    DocumentEvidence.objects.create(
        agency=agency, fiscal_year=2568, item_id="O27", kind="report", document_year=2567
    )
    StoredDocument.objects.create(
        agency=agency,
        kind="report",
        document_year=2567,
        file=SimpleUploadedFile("report-2567-abc.pdf", b"%PDF-1.4 test"),
        filename="ita-2567-khambong.pdf",
        stamp="abc",
        error="soffice exited with 1",
    )


@pytest.fixture
def site(khambong, users) -> Evidence:
    """Every kind of row the admin lists, with an evidence file stored under MEDIA_ROOT."""
    load_frameworks()
    plan = plan_services.create_draft(khambong, 2568)
    measure = Measure.objects.filter(section__plan=plan).first()
    assert measure is not None
    Client().post(reverse("login"), {"username": "editor", "password": "wrong"})  # axes rows
    _oit_rows(khambong)
    return Evidence.objects.create(
        measure=measure,
        title="รายงานการประชุม",
        file=SimpleUploadedFile("minutes-2568.pdf", b"%PDF-1.4 test"),
    )


def test_thai_admin_pages_carry_no_english_admin_texts(client_as, site) -> None:
    client = client_as("site_admin")
    for name, response in _admin_pages(client).items():
        assert response.status_code == 200, name
        text = _text(response)
        found = [phrase for phrase in UNTRANSLATED_UPSTREAM if phrase in text]
        assert found == [], f"{name}: {found}"
    measure_page = _text(client.get(reverse("admin:plans_measure_change", args=[site.measure_id])))
    assert "วันครบกำหนด" in measure_page and "Due date" not in measure_page
    assert "ผู้เพิ่ม" in measure_page and "Added by" not in measure_page


def test_english_admin_pages_are_english(client_as, site) -> None:
    client = client_as("site_admin")
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    page = _text(client.get(reverse("admin:plans_measure_change", args=[site.measure_id])))
    assert "Due date" in page and "Added by" in page
    assert "วันครบกำหนด" not in page and "ผู้เพิ่ม" not in page


def test_the_admin_shows_file_names_not_server_paths(client_as, site) -> None:
    client = client_as("site_admin")
    server_paths = [
        str(django_settings.MEDIA_ROOT),
        str(django_settings.DATA_DIR),
        str(DATA_DIR),
        "evidence/khambong/",
        "documents/khambong/",
        "/media/",
    ]
    for name, response in _admin_pages(client).items():
        html = response.content.decode()
        leaked = [path for path in server_paths if path in html]
        assert leaked == [], f"{name} shows {leaked}"
    measure_page = client.get(reverse("admin:plans_measure_change", args=[site.measure_id]))
    download = reverse("plans:evidence_file", kwargs={"code": "khambong", "pk": site.pk})
    assert f'<a href="{download}">minutes-2568.pdf</a>' in measure_page.content.decode()
    assert client.get(download).status_code == 200
    framework = Framework.objects.get(fiscal_year=2568)
    listing = _text(client.get(reverse("admin:assessments_framework_changelist")))
    assert "ita-2568.yaml" in listing and framework.source_file not in listing


def test_the_change_log_in_the_admin_reads_as_sentences(client_as, site) -> None:
    page = _text(client_as("site_admin").get(reverse("admin:audit_auditevent_changelist")))
    assert "เพิ่มหลักฐาน 'รายงานการประชุม'" in page
    assert "plans.evidence" not in page


def test_the_oit_evidence_is_listed_read_only_by_agency_year_and_item(client_as, site) -> None:
    client = client_as("site_admin")
    upload = EvidenceFile.objects.get()
    listing = client.get(reverse("admin:oit_evidencefile_changelist"))
    html = listing.content.decode()
    download = reverse("oit:file", kwargs={"code": "khambong", "year": 2568, "pk": upload.pk})
    assert f'<a href="{download}">annual-2567.pdf</a>' in html
    text = _text(listing)
    assert "รายงานประจำปี" in text and "เทศบาลตำบลคำบง" in text
    for param in ("agency__id__exact", "fiscal_year", "item_id"):
        assert param in html, param  # the filters
    assert "?item_id=O7" in html
    assert reverse("admin:oit_evidencefile_add") not in html
    change = client.get(reverse("admin:oit_evidencefile_change", args=[upload.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert (
        client.post(reverse("admin:oit_evidencefile_delete", args=[upload.pk])).status_code == 403
    )

    documents = _text(client.get(reverse("admin:oit_documentevidence_changelist")))
    assert "รายงานผลการประเมิน ITA" in documents and "O27" in documents
    assert "report" not in documents.replace("ita-", "")
    filtered = client.get(reverse("admin:oit_documentevidence_changelist") + "?kind=progress")
    assert filtered.context["cl"].result_count == 0
    reports = client.get(reverse("admin:oit_documentevidence_changelist") + "?kind=report")
    assert reports.context["cl"].result_count == 1

    stored = client.get(reverse("admin:oit_storeddocument_changelist"))
    assert "soffice exited with 1" in _text(stored)
    row = StoredDocument.objects.get()
    page = client.get(reverse("admin:oit_storeddocument_change", args=[row.pk])).content.decode()
    public = reverse(
        "oit_public:document", kwargs={"code": "khambong", "year": 2567, "kind": "report"}
    )
    assert f'<a href="{public}">ita-2567-khambong.pdf</a>' in page
    assert "abc" not in _text(client.get(reverse("admin:oit_storeddocument_change", args=[row.pk])))


def test_object_titles_name_a_choice_in_the_readers_language(khambong) -> None:
    """A title (breadcrumbs, headings, delete confirmations) says "ไม่ผ่าน", not "fail"."""
    review = ItemReview.objects.create(
        agency=khambong, fiscal_year=2568, item_id="O1", verdict="fail", score=0
    )
    contest = Contest.objects.create(
        agency=khambong, fiscal_year=2568, item_id="O1", review=review, explanation="-"
    )
    with translation.override("th"):
        assert str(review).endswith(f"O1: {Verdict.FAIL.label} 0")
        assert str(contest).endswith(f"O1: {Contest.Decision.PENDING.label}")
        assert THAI.search(str(Verdict.FAIL.label)) and "fail" not in str(review)
        assert "pending" not in str(contest)


def test_the_admins_scripts_speak_thai_on_thai_pages(client_as) -> None:
    """The two-list picker (a user's groups and permissions) and the action bar write their
    texts from the admin's script catalogue (/admin/jsi18n/); Django's Thai one lacks some
    ("Type into this box to filter down the list of selected %s."), OpenITA's djangojs.po
    adds them. The calendar's texts are not needed: no admin uses Django's calendar."""
    import json

    import polib

    english = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
    scripts = ("SelectFilter2.js", "actions.js")
    wanted = {
        entry.msgid
        for entry in polib.pofile(str(english))
        if entry.msgid and any(path.endswith(scripts) for path, _line in entry.occurrences)
    }
    assert len(wanted) > 10
    client = client_as("site_admin")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "th"
    script = client.get(reverse("admin:jsi18n")).content.decode()
    match = re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)
    assert match is not None
    catalog = json.loads(match.group(1))
    missing = sorted(msgid for msgid in wanted if not catalog.get(msgid))
    assert missing == []
    for msgid in wanted:
        shown = catalog[msgid]
        assert all(THAI.search(text) for text in (shown if isinstance(shown, list) else [shown]))
