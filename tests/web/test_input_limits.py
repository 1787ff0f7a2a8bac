"""The limits of openita.limits on the upload page, the plan import and the API (issue 10.2)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openita import limits
from openita.web.assessments.models import Result
from openita.web.plans import services as plan_services

from .test_api_results import AGENCY, as_role, upload  # noqa: F401  (as_role is a fixture)
from .test_upload import _post_file

DEEP_JSON = b"[" * 2000 + b"]" * 2000
BILLION_LAUGHS = (
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(f"a{n}: &a{n} [{', '.join(['*a' if n == 0 else f'*a{n - 1}'] * 9)}]\n"
              for n in range(9))
)  # fmt: skip


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    settings.LANGUAGE_CODE = "en"


def test_a_2000_deep_json_upload_is_a_clean_422_page_not_a_500(client_as):
    response = _post_file(client_as("editor"), "deep.json", DEEP_JSON)
    assert response.status_code == 422
    assert "nested more than 32 levels deep" in response.content.decode()


def test_an_upload_over_the_size_of_its_kind_names_the_limit(client_as):
    data = b" " * (limits.MAX_BYTES["result.csv"] + 1)
    response = _post_file(client_as("editor"), "big.csv", data)
    assert response.status_code == 422
    assert "a result.csv file may be at most 1 MB" in response.content.decode()


def test_the_api_answers_413_for_a_file_too_large_with_the_limit_code(as_role):  # noqa: F811
    data = b" " * (limits.MAX_BYTES["result.json"] + 1)
    response = upload(as_role("editor"), "big.json", data)
    assert response.status_code == 413
    problem = response.json()["problems"][0]
    assert problem["code"] == "too_large"
    assert "at most 1 MB" in problem["message"]
    assert not Result.objects.filter(source_name="big.json").exists()


def test_the_api_answers_422_for_deep_json_and_a_zip_bomb_with_their_codes(as_role):  # noqa: F811
    import io
    import zipfile

    client = as_role("editor")
    response = upload(client, "deep.json", DEEP_JSON)
    assert response.status_code == 422
    assert response.json()["problems"][0]["code"] == "too_deep"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"x" * (limits.MAX_UNCOMPRESSED + 1))
    response = upload(client, "bomb.xlsx", out.getvalue())
    assert response.status_code == 422
    assert response.json()["problems"][0]["code"] == "xlsx_uncompressed"


def test_a_billion_laughs_plan_is_refused_on_the_import_page(client_as, khambong, users):
    plan_services.create_draft(khambong, 2568)
    file = SimpleUploadedFile("plan.yaml", BILLION_LAUGHS.encode(), "application/yaml")
    response = client_as("editor").post("/a/khambong/plan/import/", {"year": 2569, "file": file})
    assert response.status_code == 400  # the plan import page's answer to any problem
    assert "anchors and aliases" in response.content.decode()


def test_a_plan_over_its_size_is_refused_on_the_import_page(client_as, khambong, users):
    plan_services.create_draft(khambong, 2568)
    data = b"#" * (limits.MAX_BYTES["plan.yaml"] + 1)
    file = SimpleUploadedFile("plan.yaml", data, "application/yaml")
    response = client_as("editor").post("/a/khambong/plan/import/", {"year": 2569, "file": file})
    assert response.status_code == 400
    assert "a plan.yaml file may be at most 1 MB" in response.content.decode()
