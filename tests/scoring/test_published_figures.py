"""Published figures reproduced by the shipped framework files (docs/sources.md, "The OIT item
tree", "Levels").

FY2564, verified: every OIT item scores 0 or 100; a sub-indicator is the share of its items
present; an indicator is the plain mean of its sub-indicators; OIT = mean(9, 10). Indicator 9
= 9.1 (O1–O9), 9.2 (O10–O17), 9.3 (O18–O24), 9.4 (O25–O28), 9.5 (O29–O33); indicator 10 =
10.1 (O34–O41), 10.2 (O42–O43). The published values of 13 agencies (report "รายงาน ITA 2564
กลุ่ม 6", table 4.26) come out of missing items under this tree, for example one item missing
in 9.2 → 97.50 and two missing in 10.1 → 87.50; a plain mean over the items cannot give them.
The tests below take those two values and constructed results; all 13 agencies' published
figures are checked in ``test_published_2564.py``.

FY2568, inferred: the seed agency's published 82.50 and 90.00 come out of the shipped tree
(indicator 9 as sub-indicator → group → item, if O2 = 0; indicator 10 as five equal groups).
"""

from __future__ import annotations

from itertools import product

import pytest

from openita.frameworks import load_framework
from openita.scoring import AgencyResult, round_half_up, score
from openita.scoring.consistency import check
from openita.scoring.engine import indicator_from_items
from openita.scoring.levels import level_of
from tests.conftest import SEED_2568

FY2564 = load_framework(2564)


def checklist(
    framework_year: int, missing: set[str], partial: dict[str, float] | None = None
) -> dict[str, float]:
    """An OIT checklist: every item present (100) except the ``missing`` ones (0)."""
    fw = load_framework(framework_year)
    items = {o: (0.0 if o in missing else 100.0) for o in fw.oit_items}
    return items | (partial or {})


def missing_first(counts: tuple[int, ...], subs: tuple[str, ...]) -> set[str]:
    """The first ``counts[k]`` items of sub-indicator ``subs[k]`` missing."""
    return {o for n, sub in zip(counts, subs, strict=True) for o in FY2564.items_of_sub[sub][:n]}


def test_fy2564_sub_indicators_hold_the_published_numbers_of_items() -> None:
    sizes = {sub: len(items) for sub, items in FY2564.items_of_sub.items()}
    assert sizes == {"9.1": 9, "9.2": 8, "9.3": 7, "9.4": 4, "9.5": 5, "10.1": 8, "10.2": 2}
    assert FY2564.items_of_sub["9.2"] == tuple(f"O{n}" for n in range(10, 18))
    assert FY2564.items_of_sub["10.2"] == ("O42", "O43")


def test_one_item_missing_in_9_2_gives_97_50() -> None:
    items = checklist(2564, {"O12"})
    assert round_half_up(indicator_from_items(FY2564, "9", items) or 0, 2) == 97.50


def test_two_items_missing_in_10_1_give_87_50() -> None:
    items = checklist(2564, {"O35", "O40"})
    assert round_half_up(indicator_from_items(FY2564, "10", items) or 0, 2) == 87.50


@pytest.mark.parametrize(
    ("indicator", "published", "only_decomposition"),
    [("9", 97.50, (0, 1, 0, 0, 0)), ("10", 87.50, (2, 0))],
)
def test_each_published_value_has_exactly_one_decomposition_into_missing_items(
    indicator: str, published: float, only_decomposition: tuple[int, ...]
) -> None:
    subs = FY2564.subs_of_indicator[indicator]
    ranges = [range(len(FY2564.items_of_sub[s]) + 1) for s in subs]
    fits = [
        counts
        for counts in product(*ranges)
        if round_half_up(
            indicator_from_items(FY2564, indicator, checklist(2564, missing_first(counts, subs)))
            or 0,
            2,
        )
        == published
    ]
    assert fits == [only_decomposition]


def test_a_plain_mean_over_the_items_cannot_give_the_published_values() -> None:
    for indicator, published in (("9", 97.50), ("10", 87.50)):
        n = len(FY2564.items_of_indicator[indicator])
        plain = {round_half_up(100 * present / n, 2) for present in range(n + 1)}
        assert published not in plain, indicator


def test_oit_is_the_plain_mean_of_indicators_9_and_10_and_weighs_40_percent() -> None:
    """A FY2564 result: published IIT/EIT indicators and the OIT checklist of the two examples."""
    indicators = {"1": 90.0, "2": 90.0, "3": 90.0, "4": 90.0, "5": 90.0, "6": 80.0, "7": 80.0}
    indicators["8"] = 80.0
    result = AgencyResult.build(
        2564, "x", indicators=indicators, questions=checklist(2564, {"O12", "O35", "O40"})
    )
    s = score(FY2564, result)
    assert (s.indicators["9"], s.indicators["10"], s.tools["OIT"]) == (97.50, 87.50, 92.50)
    # 0.3 x 90 + 0.3 x 80 + 0.4 x 92.50 = 27 + 24 + 37 = 88.00
    assert (s.overall, s.level) == (88.00, "A")


def test_a_partial_item_score_in_fy2564_is_flagged_as_not_binary() -> None:
    items = checklist(2564, set(), {"O5": 50.0})
    result = AgencyResult.build(2564, "x", indicators=dict.fromkeys(map(str, range(1, 9)), 90.0),
                                questions=items)  # fmt: skip
    [finding] = [f for f in check(FY2564, result) if f.code == "oit_item_not_binary"]
    assert (finding.severity, finding.subject) == ("warning", "O5")
    assert finding.message == ("OIT item O5 is 50, but in fiscal year 2564 items score 0 or 100")
    fw2568 = load_framework(2568)
    partial_2568 = AgencyResult.build(2568, "x", indicators=dict(SEED_2568),
                                      questions=checklist(2568, set(), {"O23": 50.0}))  # fmt: skip
    assert not [f for f in check(fw2568, partial_2568) if f.code == "oit_item_not_binary"]


@pytest.mark.parametrize("year", [2563, 2564, 2565, 2566])
@pytest.mark.parametrize(
    ("overall", "grade"),
    [(100, "AA"), (95.00, "AA"), (94.99, "A"), (85.00, "A"), (84.99, "B"), (75.00, "B"),
     (74.99, "C"), (65.00, "C"), (64.99, "D"), (55.00, "D"), (54.99, "E"), (50.00, "E"),
     (49.99, "F"), (0, "F")],
)  # fmt: skip
def test_letter_grades_up_to_fy2566(year: int, overall: float, grade: str) -> None:
    """AA ≥ 95, A ≥ 85, B ≥ 75, C ≥ 65, D ≥ 55, E ≥ 50, F < 50: on the overall alone."""
    fw = load_framework(year)
    low_tools = {"IIT": 40.0, "EIT": 40.0, "OIT": 40.0}
    assert level_of(fw, overall, low_tools, {}).id == grade


@pytest.mark.parametrize("year", [2563, 2564, 2565, 2566])
def test_the_overall_is_30_30_40_of_the_tool_means(year: int) -> None:
    fw = load_framework(year)
    indicators = {str(n): 100.0 - 2 * n for n in range(1, 11)}
    s = score(fw, AgencyResult.build(year, "x", indicators=indicators))
    iit = sum(indicators[str(n)] for n in range(1, 6)) / 5
    eit = sum(indicators[str(n)] for n in range(6, 9)) / 3
    oit = (indicators["9"] + indicators["10"]) / 2
    assert s.computed_overall == pytest.approx(0.3 * iit + 0.3 * eit + 0.4 * oit)


def test_fy2568_the_seed_items_give_its_published_indicators_9_and_10_if_o2_is_0() -> None:
    """O7 = 0, O12 = 0, O2 marked down (taken as 0), O23 = 50, every other item 100."""
    fw = load_framework(2568)
    items = checklist(2568, {"O2", "O7", "O12"}, {"O23": 50.0})
    iit_eit = {k: v for k, v in SEED_2568.items() if k not in ("9", "10")}
    s = score(fw, AgencyResult.build(2568, "x", indicators=iit_eit, questions=items))
    # indicator 9 = 100 - (2.5 + 5 + 10): O2 is 1/40 of it, O7 1/20, O12 1/10
    assert (s.indicators["9"], s.indicators["10"], s.tools["OIT"]) == (82.50, 90.00, 86.25)
    assert (s.overall, s.level) == (94.11, "ผ่านดี")
    assert fw.share_of_item["O2"] == pytest.approx(1 / 40)


def test_fy2568_an_official_indicator_counts_and_the_projection_is_reported_beside_it() -> None:
    fw = load_framework(2568)
    items = checklist(2568, {"O7", "O12"}, {"O23": 50.0})  # O2 given as 100: projects 85.00
    result = AgencyResult.build(2568, "x", indicators=dict(SEED_2568), questions=items)
    s = score(fw, result)
    assert s.indicators["9"] == 82.50
    [finding] = [f for f in check(fw, result) if f.code == "oit_projection_differs"]
    assert finding.subject == "9" and "85.00" in finding.message and "82.50" in finding.message
