"""Levels are compared only on one scale (docs/sources.md, "Levels").

Up to FY2566 the level is a letter grade (AA … F); from FY2567 it is ผ่านดีเยี่ยม … ต้องปรับปรุง
โดยด่วน. A FY2567 report compared with FY2566 must not say the level "improved" from AA to
ผ่านดี or "fell": the two are on different scales, and the sentence and the table say so.
"""

from __future__ import annotations

import pytest

from openita.frameworks import load_framework
from openita.reports import wording as w
from openita.reports.context import _indicator_table
from openita.reports.narrative import analysis_points, level_change
from openita.scoring import AgencyResult, score
from openita.scoring.comparison import compare
from openita.scoring.model import Scores

INDICATORS = {str(n): 96.0 for n in range(1, 11)} | {"9": 88.0, "10": 88.0}


def _scores(year: int) -> Scores:
    return score(load_framework(year), AgencyResult.build(year, "x", indicators=INDICATORS))


@pytest.mark.parametrize(
    ("previous", "current", "change"),
    [("ผ่านดีเยี่ยม", "ผ่านดี", -1), ("ผ่านดี", "ผ่านดีเยี่ยม", 1), ("ผ่าน", "ผ่าน", 0),
     ("ต้องปรับปรุงโดยด่วน", "ผ่านดีเยี่ยม", 4)],
)  # fmt: skip
def test_levels_of_one_scale_are_compared_by_their_order(
    previous: str, current: str, change: int
) -> None:
    assert level_change(load_framework(2568), previous, current) == change


@pytest.mark.parametrize(("previous", "current"), [("AA", "ผ่านดี"), ("F", "ผ่านดี"),
                                                   ("ผ่านดี", "A")])  # fmt: skip
def test_levels_of_two_scales_are_not_compared(previous: str, current: str) -> None:
    assert level_change(load_framework(2567), previous, current) is None


def test_letter_grades_compare_among_themselves() -> None:
    assert level_change(load_framework(2566), "A", "AA") == 1


def test_a_fy2567_report_against_fy2566_says_the_scale_changed_not_that_the_level_rose() -> None:
    previous, current = _scores(2566), _scores(2567)
    # 0.3 × 96 + 0.3 × 96 + 0.4 × 88 = 92.80: A under the letter grades, ผ่านดี from FY2567
    assert (previous.level, current.level) == ("A", "ผ่านดี")
    comparison = compare(previous, current)
    first = analysis_points(load_framework(2567), "x", current, comparison, None)[0].text
    assert "ระดับA" in first and "ระดับผ่านดี" in first
    assert "เกณฑ์การจัดระดับเปลี่ยนไป" in first and "เทียบระดับกันโดยตรงไม่ได้" in first
    assert "ดีขึ้นจาก" not in first and "ลดลงจากระดับ" not in first and "คงเดิม" not in first
    table = _indicator_table(load_framework(2567), current, comparison)
    [level_row] = [row for row in table.totals if row.name == "ระดับผลการประเมิน"]
    assert (level_row.scores, level_row.direction) == (["A", "ผ่านดี"], "เปลี่ยนเกณฑ์")


def test_within_one_scale_the_sentence_still_says_better_or_worse() -> None:
    better = w.level_change_sentence("ผ่านดี", "ผ่านดีเยี่ยม", 1)
    assert better == "ระดับผลการประเมินดีขึ้นจากระดับผ่านดีเป็นระดับผ่านดีเยี่ยม"
    assert w.level_change_sentence("ผ่านดี", "ผ่านดี", 0) == "ระดับผลการประเมินคงเดิมที่ระดับผ่านดี"
    assert w.level_direction(-1) == "ลดลง" and w.level_direction(None) == "เปลี่ยนเกณฑ์"
