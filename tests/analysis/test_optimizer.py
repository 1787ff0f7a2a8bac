"""The optimiser: fewest (or least-effort) fixes to a target, checked by brute force."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openita.analysis.contribution import ScoredItem, scored_items
from openita.analysis.optimizer import BadTarget, Target, level_reached, optimise, parse_target
from openita.analysis.recommendations import RecommendationLibrary
from openita.analysis.whatif import simulate
from openita.frameworks import Framework, load_framework
from openita.scoring import AgencyResult
from tests.analysis.strategies import complete_results

FW2568 = load_framework(2568)


def _meets(fw: Framework, result: AgencyResult, keys: list[str], target: Target) -> bool:
    figures = simulate(fw, result, dict.fromkeys(keys, 100.0))
    if figures.overall < target.min_overall:
        return False
    floor = target.min_each_tool
    return floor is None or all(v >= floor for v in figures.tools.values())


def _candidates(fw: Framework, result: AgencyResult) -> list[ScoredItem]:
    return [it for it in scored_items(fw, result) if it.score < 100]


def test_seed_finds_the_fewest_fixes_back_to_excellent(
    fw2568: Framework, seed_2568: AgencyResult
) -> None:
    target = parse_target(fw2568, "ผ่านดีเยี่ยม")
    answer = optimise(fw2568, seed_2568, target)
    assert answer.reachable and not answer.already_met
    keys = [s.key for s in answer.steps]
    assert answer.final.level_id == "excellent"
    assert _meets(fw2568, seed_2568, keys, target)
    candidates = [it.share.key for it in _candidates(fw2568, seed_2568)]
    for fewer in range(len(keys)):
        for combo in combinations(candidates, fewer):
            assert not _meets(fw2568, seed_2568, list(combo), target)
    gains = [s.gain for s in answer.steps]
    assert gains == sorted(gains, reverse=True)
    assert answer.steps[-1].level == "ผ่านดีเยี่ยม"


def test_optimiser_adds_to_the_settings_already_chosen(
    fw2568: Framework, seed_2568: AgencyResult
) -> None:
    target = parse_target(fw2568, "ผ่านดีเยี่ยม")
    base = {"O7": 100.0, "O12": 100.0}
    answer = optimise(fw2568, seed_2568, target, settings=base)
    assert answer.reachable
    assert not {s.key for s in answer.steps} & set(base)
    assert _meets(fw2568, seed_2568, [*base, *answer.settings], target)


def test_an_unreachable_score_is_explained_and_names_the_unknown_items(
    fw2568: Framework, seed_2568: AgencyResult
) -> None:
    every_fix = simulate(
        fw2568, seed_2568, {it.share.key: 100.0 for it in _candidates(fw2568, seed_2568)}
    )
    target = parse_target(fw2568, f"{every_fix.overall + 0.5:.2f}")
    answer = optimise(fw2568, seed_2568, target)
    assert not answer.reachable and not answer.steps
    text = " ".join(answer.reasons)
    assert f"at most {every_fix.overall:.2f}" in text
    assert "O2" in text


def test_a_target_already_met_needs_no_step(fw2568: Framework, seed_2568: AgencyResult) -> None:
    answer = optimise(fw2568, seed_2568, parse_target(fw2568, "ผ่านดี"))
    assert answer.already_met and answer.reachable and answer.steps == ()


def test_targets_are_levels_or_scores(fw2568: Framework) -> None:
    assert parse_target(fw2568, "excellent").min_each_tool == 95
    assert parse_target(fw2568, "96.5").min_overall == 96.5
    with pytest.raises(BadTarget):
        parse_target(fw2568, "ดีมาก")
    with pytest.raises(BadTarget):
        parse_target(fw2568, "120")


def test_least_effort_variant_beats_every_cheaper_set(
    fw2568: Framework, seed_2568: AgencyResult, library_2568: RecommendationLibrary
) -> None:
    effort = {i: r.effort for i, r in library_2568.items.items()}
    target = parse_target(fw2568, "ผ่านดีเยี่ยม")
    answer = optimise(fw2568, seed_2568, target, effort=effort)
    assert answer.reachable and answer.objective == "effort"
    assert answer.total_effort == sum(effort[s.key.split(".")[0]] for s in answer.steps)
    candidates = _candidates(fw2568, seed_2568)
    for size in range(len(candidates) + 1):
        for combo in combinations(candidates, size):
            cost = sum(effort[it.share.id] for it in combo)
            if cost < (answer.total_effort or 0):
                assert not _meets(fw2568, seed_2568, [it.share.key for it in combo], target)


@settings(max_examples=30, deadline=None)
@given(complete_results(FW2568), st.sampled_from(["ผ่านดีเยี่ยม", "ผ่านดี", "90", "97.5"]))
def test_replaying_the_optimiser_changes_reaches_the_target(
    result: AgencyResult, target_text: str
) -> None:
    target = parse_target(FW2568, target_text)
    answer = optimise(FW2568, result, target)
    if answer.reachable:
        assert _meets(FW2568, result, list(answer.settings), target)
        if len(answer.steps) > 0:
            # Fewest: dropping the smallest-gain step misses the target (prefix minimality).
            assert not _meets(FW2568, result, [s.key for s in answer.steps[:-1]], target)
        if 0 < len(answer.steps) <= 2:
            keys = [it.share.key for it in _candidates(FW2568, result)]
            for combo in combinations(keys, len(answer.steps) - 1):
                assert not _meets(FW2568, result, list(combo), target)
    else:
        every = [it.share.key for it in _candidates(FW2568, result)]
        assert not _meets(FW2568, result, every, target)
        assert answer.reasons


def _parts_checked(framework: Framework) -> Framework:
    """The same year with EIT parts 1 and 2 tested as separate tools (an option: unknown)."""
    rules = framework.spec.level_rules.model_copy(update={"eit_parts_checked_separately": True})
    return Framework(framework.spec.model_copy(update={"level_rules": rules}))


FW_PARTS = _parts_checked(FW2568)


@settings(max_examples=25, deadline=None)
@given(complete_results(FW2568))
def test_with_eit_parts_checked_separately_the_path_reaches_the_level(
    result: AgencyResult,
) -> None:
    target = parse_target(FW_PARTS, "ผ่านดีเยี่ยม")
    answer = optimise(FW_PARTS, result, target)
    every = {it.share.key: 100.0 for it in _candidates(FW_PARTS, result)}
    if answer.reachable:
        final = simulate(FW_PARTS, result, answer.settings)
        assert level_reached(FW_PARTS, final, target)
        assert all(v >= 95 for v in final.eit_parts.values())
    else:
        assert not level_reached(FW_PARTS, simulate(FW_PARTS, result, every), target)
