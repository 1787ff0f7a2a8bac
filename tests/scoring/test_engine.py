"""The scoring engine reproduces NACC's published figures (docs/scoring.md)."""

from __future__ import annotations

import pytest

from openita.frameworks import Framework
from openita.scoring import AgencyResult, IncompleteResult, change, compare, score
from tests.conftest import SEED_2567, SEED_2568


def seed(year: int, **extra: object) -> AgencyResult:
    indicators = SEED_2568 if year == 2568 else SEED_2567
    return AgencyResult.build(year, "เทศบาลตำบลคำบง", indicators=dict(indicators), **extra)  # type: ignore[arg-type]


def test_seed_fy2568_scores_94_11_good_pass(fw2568: Framework) -> None:
    s = score(fw2568, seed(2568))
    assert s.overall == 94.11
    assert s.level == "ผ่านดี"
    assert s.tools == {"IIT": 98.89, "EIT": 99.81, "OIT": 86.25}
    assert s.computed_overall == pytest.approx(94.1094, abs=1e-6)


def test_seed_fy2567_recomputes_to_99_006_and_is_excellent(fw2567: Framework) -> None:
    s = score(fw2567, seed(2567))
    assert s.computed_overall == pytest.approx(99.0062, abs=1e-4)
    assert s.overall == 99.01  # no official figure given: the engine's own rounding
    assert s.level == "ผ่านดีเยี่ยม"


def test_official_overall_is_what_users_see(fw2567: Framework) -> None:
    s = score(fw2567, seed(2567, official_overall=99.00, official_level="ผ่านดีเยี่ยม"))
    assert s.overall == 99.00
    assert s.overall_is_official


def test_seed_change_is_minus_4_89_points_minus_4_94_percent() -> None:
    c = change(99.00, 94.11)
    assert (c.points, c.percent, c.direction) == (-4.89, -4.94, "ลดลง")


def test_change_directions() -> None:
    assert change(90.0, 91.5).direction == "เพิ่มขึ้น"
    assert change(90.0, 90.0).direction == "คงที่"
    assert change(0.0, 50.0).percent is None


def test_comparison_per_indicator_tool_and_overall(fw2567: Framework, fw2568: Framework) -> None:
    prev = score(fw2567, seed(2567, official_overall=99.00))
    cur = score(fw2568, seed(2568, official_overall=94.11))
    cmp = compare(prev, cur)
    assert cmp.overall.points == -4.89
    assert cmp.indicators["9"].points == -17.5
    assert cmp.indicators["2"].direction == "เพิ่มขึ้น"
    assert cmp.tools["OIT"].points == -13.75
    with pytest.raises(ValueError, match="older"):
        compare(cur, prev)


def test_indicator_8_as_99_81_does_not_give_94_11(fw2568: Framework) -> None:
    wrong = dict(SEED_2568, **{"8": 99.81})
    assert score(fw2568, AgencyResult.build(2568, "x", indicators=wrong)).overall == 94.12


def test_missing_indicator_without_questions_cannot_be_scored(fw2568: Framework) -> None:
    partial = {k: v for k, v in SEED_2568.items() if k != "3"}
    with pytest.raises(IncompleteResult, match="3"):
        score(fw2568, AgencyResult.build(2568, "x", indicators=partial))


def test_indicator_derived_from_its_questions(fw2568: Framework) -> None:
    partial = {k: v for k, v in SEED_2568.items() if k != "4"}
    r = AgencyResult.build(
        2568, "x", indicators=partial, questions={"i10": 91.67, "i11": 100.0, "i12": 98.89}
    )
    s = score(fw2568, r)
    assert s.indicators["4"] == 96.85
    assert s.indicator_origin["4"].value == "questions"


def test_eit_indicator_is_mean_of_part_means(fw2568: Framework) -> None:
    """Indicator 8 from e7–e9: part 1 mean 99.4233, part 2 100 → 99.7117 → 99.71."""
    partial = {k: v for k, v in SEED_2568.items() if k != "8"}
    parts = {"e7": {1: 99.26, 2: 100.0}, "e8": {1: 99.26, 2: 100.0}, "e9": {1: 99.75, 2: 100.0}}
    s = score(fw2568, AgencyResult.build(2568, "x", indicators=partial, question_parts=parts))
    assert s.indicators["8"] == 99.71


def test_oit_indicator_10_from_items_with_o23_half(fw2568: Framework) -> None:
    """Five equal groups with O23 alone in one reproduce the seed's 90.00 (inferred rule)."""
    partial = {k: v for k, v in SEED_2568.items() if k != "10"}
    items = {f"O{i}": (50.0 if i == 23 else 100.0) for i in range(21, 29)}
    s = score(fw2568, AgencyResult.build(2568, "x", indicators=partial, questions=items))
    assert s.indicators["10"] == 90.0


def test_year_mismatch_is_refused(fw2568: Framework) -> None:
    with pytest.raises(ValueError, match="2567"):
        score(fw2568, seed(2567))
