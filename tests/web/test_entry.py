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
from openita.web.assessments.models import Result, ResultVersion

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
    client.post(_url(), _seed_form(tool_IIT="98.89", tool_OIT="86.25", detail="replace"))
    sha = client.session[pending.SESSION_KEY]["sha256"]
    client.post(_url("upload_confirm"), {"sha256": sha})
    stored = services.load_result(Result.objects.get(agency=khambong, fiscal_year=2568))
    assert dict(stored.official_tools) == {"IIT": 98.89, "OIT": 86.25}


def test_an_official_overall_the_indicators_do_not_reproduce_is_a_finding_in_the_preview(
    client_as,
):
    client = client_as("editor")
    client.post(_url(), _seed_form(official_overall="90.00", detail="replace"))
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


# --- typing over a version with question and OIT detail (issue 14) ------------------------


def _confirm(client) -> None:
    sha = client.session[pending.SESSION_KEY]["sha256"]
    assert client.post(_url("upload_confirm"), {"sha256": sha}).status_code == 302


def test_typing_over_a_detailed_version_asks_first_and_saves_nothing(client_as, khambong):
    client = client_as("editor")
    page = client.get(_url(), {"year": "2568"})
    assert "also scores 10 questions and 27 OIT items" in _text(page)
    response = client.post(_url(), _seed_form(indicator_9="95"))
    assert response.status_code == 200
    text = _text(response)
    assert "Keep the question and OIT item scores?" in text
    assert "The stored version 1 scores 10 questions and 27 OIT items" in text
    html = response.content.decode()
    assert 'name="detail" value="keep"' in html and 'name="detail" value="replace"' in html
    assert 'name="indicator_9"' in html and 'value="95"' in html  # the typed values stay
    assert pending.SESSION_KEY not in client.session
    assert ResultVersion.objects.filter(agency=khambong, fiscal_year=2568).count() == 1


def test_keeping_the_detail_merges_the_typed_figures_into_the_questions(client_as, khambong):
    client = client_as("editor")
    response = client.post(_url(), _seed_form(indicator_9="95", detail="keep"))
    assert response.status_code == 302
    preview = client.get(_url("upload_confirm"))
    text = _text(preview)
    assert "its question and OIT item scores are kept" in text
    # the same checks as for a file: the published 94.11 no longer follows from indicator 9
    findings = preview.context["preview"].findings
    assert [f.code for f in findings] == ["official_overall_mismatch"]
    _confirm(client)
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    stored = services.load_result(row)
    assert stored.indicators["9"] == 95.0
    assert dict(stored.questions) == {
        k: float(v) for k, v in SEED["questions"].items() if not isinstance(v, dict)
    }
    assert dict(stored.question_parts["e1"]) == {1: 99.51, 2: 100.0}
    made = ResultVersion.objects.filter(agency=khambong, fiscal_year=2568).order_by("-number")[0]
    assert (made.number, made.kind, made.based_on) == (2, "form_merge", 1)
    dashboard = _text(client.get(reverse("assessments:dashboard", args=["khambong"])))
    assert "keeping the questions and OIT items of version 1" in dashboard
    assert "O7" in dashboard  # the weak points are still there


def test_replacing_drops_the_detail_only_when_chosen(client_as, khambong):
    client = client_as("editor")
    assert client.post(_url(), _seed_form(detail="replace")).status_code == 302
    _confirm(client)
    stored = services.load_result(Result.objects.get(agency=khambong, fiscal_year=2568))
    assert not stored.questions and not stored.question_parts
    made = ResultVersion.objects.filter(agency=khambong, fiscal_year=2568).order_by("-number")[0]
    assert (made.number, made.kind, made.based_on) == (2, "form", None)
    # the detail is not lost: version 1 still has it and can be restored
    first = ResultVersion.objects.get(agency=khambong, fiscal_year=2568, number=1)
    assert b'"O7"' in bytes(first.source)
    dashboard = _text(client.get(reverse("assessments:dashboard", args=["khambong"])))
    assert "every question and every OIT item in the file got full marks" not in dashboard


def test_a_year_of_indicator_scores_only_is_not_asked_about(client_as, khambong):
    client = client_as("editor")
    assert client.post(_url(), _seed_form(detail="replace")).status_code == 302
    _confirm(client)
    again = client.post(_url(), _seed_form(indicator_9="83"))
    assert again.status_code == 302  # nothing to keep: straight to the preview
