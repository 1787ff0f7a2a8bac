"""The OpenAPI schema documents every operation, and every documented path answers without a
server error (a home-made smoke test over the schema itself, no schemathesis)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openita.web.agencies.models import Agency
from openita.web.api.models import ApiToken
from openita.web.plans import services as plans
from openita.web.plans.models import Measure
from tests.web.conftest import SEED_2568

PARAMS = {
    "code": "khambong",
    "year": "2568",
    "fiscal_year": "2569",
    "number": "1",
    "contest_id": "1",
}


@pytest.fixture
def schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op) for path, item in schema["paths"].items() for method, op in item.items()
    ]


def test_every_operation_has_a_summary_and_documents_its_errors(schema: dict[str, Any]) -> None:
    for method, path, op in _operations(schema):
        assert op.get("summary"), (method, path)
        codes = set(op["responses"])
        assert "401" in codes, (method, path)
        if "{code}" in path:
            assert "404" in codes, (method, path)
        if method in ("post", "patch"):
            assert "422" in codes, (method, path)


def test_every_operation_requires_a_token_or_a_session(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    for _, _, op in _operations(schema):
        assert op["security"], op["operationId"]


def test_the_docs_page_is_served(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def _body(op: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A request body from the schema: its examples for JSON, the seed file for uploads."""
    content = op.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        return {"data": {"file": SimpleUploadedFile("seed.json", SEED_2568.read_bytes())}}
    if "application/json" in content:
        ref = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        properties = schema["components"]["schemas"][ref]["properties"]
        example = {
            name: prop["examples"][0] for name, prop in properties.items() if "examples" in prop
        }
        return {"data": json.dumps(example), "content_type": "application/json"}
    return {}


def test_every_documented_path_answers_the_viewer_without_a_server_error(
    schema: dict[str, Any], users: dict[str, Any], khambong: Agency
) -> None:
    """The viewer reads everything (200) and changes nothing (403); reports render for real."""
    plan = plans.create_draft(khambong, 2568)
    measure = Measure.objects.filter(section__plan=plan).order_by("pk")[0]
    params = {**PARAMS, "measure_id": str(measure.pk)}
    headers = {"Authorization": f"Bearer {ApiToken.issue(users['viewer'], 'smoke')[1]}"}
    client = Client()
    answers = {}
    for method, path, op in _operations(schema):
        url = re.sub(r"\{(\w+)\}", lambda m: params[m.group(1)], path)
        response = getattr(client, method)(url, headers=headers, **_body(op, schema))
        answers[op["operationId"]] = response.status_code
        assert response.status_code < 500, (method, path, response.content[:500])
        if method == "get":
            assert response.status_code == 200, (method, path, response.content[:500])
        if path.endswith(".pdf"):
            assert response.content.startswith(b"%PDF")
    assert answers["simulate_result"] == 200  # what-if reads only
    changes = ("upload_result", "create_plan", "update_measure", "restore_result_version")
    assert {answers[name] for name in changes} == {403}


@pytest.mark.parametrize(
    ("operation", "options"),
    [
        ("report_docx", {"digits"}),
        ("report_pdf", {"digits"}),
        ("progress_report_docx", {"digits", "round"}),
        ("progress_report_pdf", {"digits", "round"}),
    ],
)
def test_report_downloads_document_their_options_and_the_422_of_a_bad_one(
    schema: dict[str, Any], operation: str, options: set[str]
) -> None:
    (op,) = [op for _, _, op in _operations(schema) if op["operationId"] == operation]
    query = {p["name"]: p for p in op["parameters"] if p["in"] == "query"}
    assert set(query) == options
    assert all(p.get("description") for p in query.values())
    assert "422" in op["responses"]
    digits = query["digits"]["schema"]
    assert (digits["enum"], digits["default"]) == (["arabic", "thai"], "arabic")
    if "round" in query:
        assert query["round"]["schema"]["anyOf"][0]["enum"] == ["6", "12"]
