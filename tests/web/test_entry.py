"""Enter a result in a form: the ten indicator scores (+ official figures) → the same preview.

The form is built from the chosen year's framework file, so its labels are the indicator
names of that year; what it saves is the canonical JSON (docs/formats.md), read back through
the same importer as an uploaded file.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from openita.frameworks import available_years, load_framework
from openita.web.assessments import pending, services
from openita.web.assessments.models import Result

from .conftest import SEED_2568
from .test_dashboard import _text

SEED = json.loads(SEED_2568.read_text())


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    """Check the English texts (the Thai ones are translations of them, tested elsewhere)."""
    settings.LANGUAGE_CODE = "en"


def _url(name: str = "enter") -> str:
    return reverse(f"assessments:{name}", kwargs={"code": "khambong"})


def _seed_form(year: int = 2568, **changes: str) -> dict[str, str]:
    data = {"fiscal_year": str(year)}
    data.update({f"indicator_{i}": str(v) for i, v in SEED["indicators"].items()})
    data.update({"official_overall": "94.11", "official_level": "ผ่านดี"})
    data.update(changes)
    return data


def test_the_form_labels_the_indicators_with_the_names_of_the_years_framework(client_as):
    response = client_as("editor").get(_url())
    assert response.status_code == 200
    latest = load_framework(available_years()[-1])
    text = _text(response)
    for ind_id, spec in latest.indicators.items():
        assert f"{ind_id}. {spec.name_th}" in text
    html = response.content.decode()
    assert '<label for="id_indicator_1">' in html
    assert '<label for="id_official_overall">' in html


def test_another_year_can_be_chosen(client_as):
    response = client_as("editor").get(_url(), {"year": "2567"})
    assert response.context["form"].framework.fiscal_year == 2567
    assert 'name="fiscal_year" value="2567"' in response.content.decode()


def test_the_entered_seed_figures_preview_as_94_11_and_save_after_confirming(client_as, khambong):
    client = client_as("editor")
    Result.objects.filter(agency=khambong, fiscal_year=2568).delete()
    response = client.post(_url(), _seed_form())
    assert response.status_code == 302 and response["Location"] == _url("upload_confirm")
    assert not Result.objects.filter(agency=khambong, fiscal_year=2568).exists()
    preview = client.get(_url("upload_confirm")).context["preview"]
    assert (preview.overall, preview.level) == (94.11, "ผ่านดี")
    sha = client.session[pending.SESSION_KEY]["sha256"]
    client.post(_url("upload_confirm"), {"sha256": sha})
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    stored = services.load_result(row)
    assert dict(stored.indicators) == {k: float(v) for k, v in SEED["indicators"].items()}
    assert (stored.official_overall, stored.official_level) == (94.11, "ผ่านดี")
    assert stored.agency.code == "khambong"
    assert row.source_name == "khambong-2568-form.json"


def test_official_tool_scores_are_optional_and_kept_when_given(client_as, khambong):
    client = client_as("editor")
    client.post(_url(), _seed_form(tool_IIT="98.89", tool_OIT="86.25"))
    sha = client.session[pending.SESSION_KEY]["sha256"]
    client.post(_url("upload_confirm"), {"sha256": sha})
    stored = services.load_result(Result.objects.get(agency=khambong, fiscal_year=2568))
    assert dict(stored.official_tools) == {"IIT": 98.89, "OIT": 86.25}


def test_an_official_overall_the_indicators_do_not_reproduce_is_a_finding_in_the_preview(
    client_as,
):
    client = client_as("editor")
    client.post(_url(), _seed_form(official_overall="90.00"))
    preview = client.get(_url("upload_confirm"))
    findings = preview.context["preview"].findings
    assert findings, "a 90.00 overall from indicators that give 94.11 must be reported"
    assert any("90" in f.message for f in findings)


@pytest.mark.parametrize(
    ("field", "value"),
    [("indicator_3", "120"), ("indicator_4", "abc"), ("indicator_9", ""), ("tool_EIT", "-1")],
)
def test_bad_fields_are_shown_inline_and_nothing_is_saved(client_as, khambong, field, value):
    client = client_as("editor")
    before = Result.objects.count(), Result.objects.get(agency=khambong, fiscal_year=2568).sha256
    response = client.post(_url(), _seed_form(**{field: value}))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert pending.SESSION_KEY not in client.session
    after = Result.objects.count(), Result.objects.get(agency=khambong, fiscal_year=2568).sha256
    assert after == before


def test_a_year_without_a_framework_is_not_offered(client_as):
    response = client_as("editor").post(_url(), _seed_form(year=2560))
    assert response.status_code == 422
    assert "fiscal_year" in response.context["form"].errors


def test_viewers_may_not_enter_results_and_outsiders_do_not_see_the_form(client_as):
    assert client_as("viewer").get(_url()).status_code == 403
    assert client_as("viewer").post(_url(), _seed_form()).status_code == 403
    assert client_as("outsider_admin").get(_url()).status_code == 404


def test_the_form_starts_from_the_stored_result_of_the_year(client_as):
    response = client_as("editor").get(_url(), {"year": "2568"})
    form = response.context["form"]
    assert form["indicator_9"].value() == SEED["indicators"]["9"]
    assert form["official_overall"].value() == 94.11
    assert "The fields show the result stored for 2568" in _text(response)
