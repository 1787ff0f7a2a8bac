"""Synthetic results look like ITAS exports, import like uploads, and never claim to be real."""

from __future__ import annotations

import json

import pytest

from openita.frameworks import load_framework
from openita.web.assessments.services import read_upload
from openita.web.synthetic import synthetic_document, synthetic_file


def _agency(n: int) -> dict[str, str]:
    return {"name": f"เทศบาลตำบลตัวอย่าง {n} (ข้อมูลสมมติ)", "code": f"example-{n}"}


@pytest.mark.parametrize("year", [2567, 2568])
def test_fifty_synthetic_agencies_import_with_no_blocking_finding(year):
    levels = set()
    for seed in range(50):
        name, data = synthetic_file(year, seed, _agency(seed))
        upload = read_upload(data, name)  # raises InputError on a blocking finding
        assert upload.scores is not None
        assert not [f for f in upload.findings if f.blocking]
        assert upload.result.official_overall is None, "the overall is left to the engine"
        levels.add(upload.scores.level)
    assert len(levels) >= 3, "fifty agencies should not all share one level"


def test_the_same_seed_gives_the_same_file_and_another_seed_another():
    first = synthetic_file(2568, 7, _agency(7))
    assert synthetic_file(2568, 7, _agency(7)) == first
    assert synthetic_file(2568, 8, _agency(7))[1] != first[1]
    assert synthetic_file(2567, 7, _agency(7))[1] != first[1], "each year is drawn anew"


def test_every_question_eit_part_and_oit_item_of_the_framework_is_scored():
    framework = load_framework(2568)
    questions = synthetic_document(2568, 3, _agency(3))["questions"]
    assert set(questions) == set(framework.questions) | set(framework.oit_items)
    parts = {f"part{p.id}" for p in framework.spec.eit_parts}
    for qid in framework.questions:
        if framework.tool_of_indicator(framework.questions[qid].indicator) == "EIT":
            assert set(questions[qid]) == parts


def test_survey_scores_sit_mostly_at_85_to_100_and_oit_items_are_0_50_or_100():
    framework = load_framework(2568)
    survey: list[float] = []
    for seed in range(50):
        questions = synthetic_document(2568, seed, _agency(seed))["questions"]
        for qid in framework.oit_items:
            assert questions[qid] in (0, 50, 100)
        for qid in framework.questions:
            value = questions[qid]
            survey += list(value.values()) if isinstance(value, dict) else [value]
    assert all(0 <= v <= 100 for v in survey)
    assert sum(85 <= v <= 100 for v in survey) / len(survey) > 0.8


def test_a_synthetic_file_says_it_is_not_a_real_result():
    doc = json.loads(synthetic_file(2568, 1, _agency(1))[1])
    assert "not a real agency" in doc["notes"]
