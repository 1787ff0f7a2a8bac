"""The pure rules of the assessors' review: item scores from verdicts, and the date rule that
makes reviewed scores final."""

from datetime import date

import pytest

from openita.analysis.oit_review import Phase, RuleBroken, is_final, item_score, phase

OPENS, CLOSES = date(2026, 6, 1), date(2026, 6, 15)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 5, 31), Phase.REVIEWING),
        (OPENS, Phase.CLARIFYING),
        (date(2026, 6, 10), Phase.CLARIFYING),
        (CLOSES, Phase.CLARIFYING),  # the last day is still open
        (date(2026, 6, 16), Phase.FINAL),
    ],
)
def test_the_phase_follows_the_window_days(today, expected):
    assert phase(OPENS, CLOSES, today) == expected
    assert is_final(OPENS, CLOSES, today) == (expected == Phase.FINAL)


def test_without_a_window_the_scores_stay_preliminary():
    assert phase(None, None, date(2030, 1, 1)) == Phase.REVIEWING


def test_pass_is_100_and_fail_is_0_whatever_score_is_given():
    assert item_score("pass", 40, "", "partial") == 100.0
    assert item_score("fail", 40, "ไม่มีรายงานปี 2568", "partial") == 0.0


def test_partial_takes_the_given_score_only_where_the_year_allows_it():
    assert item_score("partial", 50, "ขาดข้อมูลไตรมาส 4", "partial") == 50.0
    assert item_score("partial", 50, "ขาดข้อมูลไตรมาส 4", "binary") == RuleBroken(
        "verdict", "partial_not_allowed"
    )


@pytest.mark.parametrize(
    ("verdict", "score", "comment", "broken"),
    [
        ("fail", None, "  ", RuleBroken("comment", "comment_required")),
        ("partial", 50, "", RuleBroken("comment", "comment_required")),
        ("partial", None, "ขาด", RuleBroken("score", "score_required")),
        ("partial", 0, "ขาด", RuleBroken("score", "score_out_of_range")),
        ("partial", 100, "ขาด", RuleBroken("score", "score_out_of_range")),
        ("maybe", None, "x", RuleBroken("verdict", "unknown_verdict")),
    ],
)
def test_bad_reviews_are_refused_naming_the_field(verdict, score, comment, broken):
    assert item_score(verdict, score, comment, "partial") == broken
