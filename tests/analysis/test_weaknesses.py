"""Weak points of the seed agency (เทศบาลตำบลคำบง, FY2568) and how they are ranked."""

from __future__ import annotations

from openita.analysis.contribution import share_of
from openita.analysis.weaknesses import Thresholds, analyse, find_weak_points
from openita.frameworks import Framework
from openita.scoring import AgencyResult

# The questions and items the seed report lists as marked down (issue 4, point 6).
SEED_REPORT_WEAK = {"i1", "i10", "i12", "i13", "i14", "e1", "e6", "e7", "e8", "e9"}
SEED_REPORT_OIT = {"O7", "O12", "O23"}


def test_seed_weak_points_are_the_ones_its_report_lists(
    fw2568: Framework, seed_2568: AgencyResult
) -> None:
    analysis = analyse(fw2568, seed_2568)
    assert {wp.id for wp in analysis.weak_points} == SEED_REPORT_WEAK | SEED_REPORT_OIT


def test_o2_is_reported_missing_because_the_data_has_no_score_for_it(
    fw2568: Framework, seed_2568: AgencyResult
) -> None:
    analysis = analyse(fw2568, seed_2568)
    assert [m.id for m in analysis.missing_items] == ["O2"]
    assert "O2" not in {wp.id for wp in analysis.weak_points}


def test_weak_points_are_sorted_by_overall_points_gained_at_full_marks(
    fw2568: Framework, seed_2568: AgencyResult
) -> None:
    weak = find_weak_points(fw2568, seed_2568)
    gains = [wp.gain for wp in weak]
    assert gains == sorted(gains, reverse=True)
    o12 = next(wp for wp in weak if wp.id == "O12")
    assert o12.gain == share_of(fw2568, "O12").to_overall * (100 - seed_2568.questions["O12"])


def test_eit_parts_at_full_marks_are_not_weak_points(
    fw2568: Framework, seed_2568: AgencyResult
) -> None:
    weak = find_weak_points(fw2568, seed_2568)
    assert {wp.part for wp in weak if wp.tool == "EIT"} == {1}


def test_thresholds_decide_what_is_listed_and_what_is_flagged_weak(
    fw2568: Framework, seed_2568: AgencyResult
) -> None:
    strict = find_weak_points(fw2568, seed_2568, Thresholds(list_below=99.0))
    assert all(wp.score < 99.0 for wp in strict)
    assert "i13" not in {wp.id for wp in strict}
    flagged = {wp.id for wp in find_weak_points(fw2568, seed_2568) if wp.weak}
    # Default: questions under the best level's per-tool minimum (95), every OIT item < 100.
    assert flagged == {"i10", "O7", "O12", "O23"}
    lenient = find_weak_points(fw2568, seed_2568, Thresholds(weak_question_below=97.0))
    assert {wp.id for wp in lenient if wp.weak and wp.tool == "IIT"} == {"i1", "i10"}


def test_indicators_that_fell_are_explained_by_their_weak_items(
    fw2568: Framework, seed_2568: AgencyResult, seed_2567: AgencyResult
) -> None:
    analysis = analyse(fw2568, seed_2568, seed_2567)
    assert analysis.comparison is not None
    fallen = {f.indicator: f for f in analysis.fallen_indicators}
    assert set(fallen) == {i for i, c in analysis.comparison.indicators.items() if c.points < 0}
    assert set(fallen["9"].explained_by) == {"O7", "O12"}
    assert fallen["10"].explained_by == ("O23",)
    assert fallen["1"].explained_by == ("i1",)
    points = [f.change.points for f in analysis.fallen_indicators]
    assert points == sorted(points)
