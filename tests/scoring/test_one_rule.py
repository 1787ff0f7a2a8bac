"""One home for the level rule: every caller agrees for each framework option.

Each framework option that changes which scores the per-tool minimum applies to (today:
``level_rules.eit_parts_checked_separately``) is set on the FY2568 framework, and score(),
the what-if, the optimiser, the consistency checks and the report context must give the same
answer for the same result.
"""

from __future__ import annotations

import pytest

from openita.analysis.optimizer import level_target, optimise
from openita.analysis.whatif import simulate
from openita.frameworks import Framework, load_framework
from openita.reports.context import build_context
from openita.scoring import AgencyResult, score
from openita.scoring.consistency import check

FW2568 = load_framework(2568)


def _with_option(framework: Framework, **rules: bool) -> Framework:
    level_rules = framework.spec.level_rules.model_copy(update=rules)
    return Framework(framework.spec.model_copy(update={"level_rules": level_rules}))


def _weak_part_two(framework: Framework, official_level: str | None = None) -> AgencyResult:
    """Full marks everywhere except EIT part 2 (80): EIT = 90, part 1 = 100, part 2 = 80."""
    questions: dict[str, float] = {}
    parts: dict[str, dict[int, float]] = {}
    for qid, question in framework.questions.items():
        if framework.tool_of_indicator(question.indicator) == "EIT":
            parts[qid] = {1: 100.0, 2: 80.0}
        else:
            questions[qid] = 100.0
    questions.update(dict.fromkeys(framework.oit_items, 100.0))
    return AgencyResult.build(
        framework.fiscal_year,
        "หน่วยงานทดสอบ",
        questions=questions,
        question_parts=parts,
        official_level=official_level,
    )


# Overall 97.00: with EIT (90) checked the level is ผ่านดี; with part 2 (80) checked, ผ่าน.
OPTIONS = [
    pytest.param({"eit_parts_checked_separately": False}, "good", id="tools-checked"),
    pytest.param({"eit_parts_checked_separately": True}, "pass", id="eit-parts-checked"),
]


@pytest.mark.parametrize(("rules", "expected"), OPTIONS)
def test_score_whatif_optimiser_consistency_and_report_agree(
    rules: dict[str, bool], expected: str
) -> None:
    framework = _with_option(FW2568, **rules)
    result = _weak_part_two(framework)
    scores = score(framework, result)
    assert scores.overall == 97.0
    assert scores.computed_level_id == expected
    level = framework.level(expected)
    assert level is not None

    # what-if with no change gives the same level
    assert simulate(framework, result, {}).level_id == scores.computed_level_id

    # the optimiser: the level reached is already met, the one above is not
    assert optimise(framework, result, level_target(level)).already_met
    rank = [lv.id for lv in framework.levels].index(level.id)
    above = framework.levels[rank - 1]
    assert not optimise(framework, result, level_target(above)).already_met

    # consistency: the level score() gives is no mismatch; any other level is one
    for other in framework.levels:
        findings = check(framework, _weak_part_two(framework, official_level=other.id))
        mismatch = any(f.code == "official_level_mismatch" for f in findings)
        assert mismatch == (other.id != level.id), other.id

    # report context: the national target names what the level rule checks
    target = build_context(framework, result, scores).target
    # (overall >= 85 and every checked score >= 85: met exactly when the level is ผ่านดี)
    assert target.startswith("หน่วยงานบรรลุ") == (expected == "good")
    assert ("EIT ส่วนที่ 2 80.00" in target) == rules["eit_parts_checked_separately"]


def test_the_option_changes_the_level() -> None:
    """Guard for the test above: the crafted result is one where the option matters."""
    off = score(_with_option(FW2568, eit_parts_checked_separately=False), _weak_part_two(FW2568))
    on = score(_with_option(FW2568, eit_parts_checked_separately=True), _weak_part_two(FW2568))
    assert off.computed_level_id != on.computed_level_id
    assert off.eit_parts == {1: 100.0, 2: 80.0}
