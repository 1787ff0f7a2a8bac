"""Issue 10.8: HTML pages carry the Content-Security-Policy; whatever a logged-in user or an
API token receives is ``Cache-Control: private, no-store`` (pages, reports, evidence files)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.test import Client

from openita.web.api.models import ApiToken
from openita.web.http_headers import CONTENT_SECURITY_POLICY
from openita.web.plans.models import Evidence, Measure
from openita.web.plans.services import create_draft


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: values for name, *values in parts}


def _cache(response) -> set[str]:
    return {p.strip() for p in response.get("Cache-Control", "").split(",") if p.strip()}


def test_html_pages_forbid_inline_scripts_styles_eval_and_framing(db):
    response = Client().get("/accounts/login/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_authenticated_pages_are_private_and_not_stored(client_as):
    client = client_as("editor")
    for path in ("/", "/a/khambong/", "/a/khambong/plan/", "/account/tokens/"):
        response = client.get(path)
        assert response.status_code in (200, 302), path
        assert {"private", "no-store"} <= _cache(response), path
        assert "public" not in _cache(response)


def test_the_report_download_is_private_and_not_stored(client_as):
    response = client_as("viewer").get("/a/khambong/2568/report.docx/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _cache(response)


def test_an_evidence_download_is_private_and_not_stored(khambong, users, client_as):
    plan = create_draft(khambong, 2568)
    measure = Measure.objects.filter(section__plan=plan).order_by("pk")[0]
    evidence = Evidence.objects.create(
        measure=measure,
        title="รายงานการประชุม",
        file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
        added_by=users["editor"],
    )
    response = client_as("viewer").get(f"/a/khambong/plan/evidence/{evidence.pk}/file/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _cache(response)


def test_an_api_answer_to_a_token_is_private_and_not_stored(users):
    _, token = ApiToken.issue(users["editor"], "script")
    response = Client().get("/api/agencies", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _cache(response)
