"""The published FY2564 figures of 13 agencies reproduce with the shipped FY2564 framework.

Source: the NACC consultant group 6 report on ITA 2564, table 4.26 (agencies of จังหวัดพิจิตร),
page 138; the figures and the full citation are in ``tests/data/published/ita-2564-phichit.csv``
(docs/sources.md, "Published FY2564 figures").

The methodology these tests read out of the table (docs/sources.md, "The OIT item tree"):

* every OIT item scores 0 or 100; a sub-indicator is the share of its items present; an
  indicator is the plain mean of its sub-indicators — 9.1 (9 items), 9.2 (8), 9.3 (7),
  9.4 (4), 9.5 (5) under indicator 9; 10.1 (8), 10.2 (2) under indicator 10;
* OIT is the mean of indicators 9 and 10 and weighs 40 % of the ITA score;
* up to FY2566 the level is a letter grade of the overall score alone (AA ≥ 95, A ≥ 85, …).

Each published indicator value is searched for among *all* ways of leaving items out of each
sub-indicator, scored by the real engine from the shipped tree; nothing below is computed by
the test itself except that enumeration.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from itertools import product
from pathlib import Path

import pytest

from openita.frameworks import load_framework
from openita.scoring import round_half_up
from openita.scoring.engine import indicator_from_items, overall_from_tools, tool_scores
from openita.scoring.levels import level_of

TABLE = Path(__file__).parents[1] / "data" / "published" / "ita-2564-phichit.csv"
FY2564 = load_framework(2564)


@dataclass(frozen=True)
class Column:
    """One agency (one column of table 4.26)."""

    column: int
    ita: float
    level: str
    oit_weighted: float
    ind9: float
    ind10: float
    other_tool_weighted: float


def read_table() -> list[Column]:
    with TABLE.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return [
            Column(
                column=int(row["column"]),
                ita=float(row["ita"]),
                level=row["level"],
                oit_weighted=float(row["oit_weighted"]),
                ind9=float(row["ind9"]),
                ind10=float(row["ind10"]),
                other_tool_weighted=float(row["other_tool_weighted"]),
            )
            for row in rows
        ]


COLUMNS = read_table()
IDS = [f"column {c.column}" for c in COLUMNS]


def items_with_missing(counts: tuple[int, ...], subs: tuple[str, ...]) -> dict[str, float]:
    """Every FY2564 item present (100) except the first ``counts[k]`` of ``subs[k]`` (0).

    Which items of a sub-indicator are missing does not matter (equal weights), only how many.
    """
    missing = {o for n, sub in zip(counts, subs, strict=True) for o in FY2564.items_of_sub[sub][:n]}
    return {o: (0.0 if o in missing else 100.0) for o in FY2564.oit_items}


@cache
def decompositions(indicator: str) -> dict[float, list[tuple[int, ...]]]:
    """Published (rounded) indicator value → every count of missing items per sub-indicator."""
    subs = FY2564.subs_of_indicator[indicator]
    found: dict[float, list[tuple[int, ...]]] = {}
    for counts in product(*(range(len(FY2564.items_of_sub[s]) + 1) for s in subs)):
        value = indicator_from_items(FY2564, indicator, items_with_missing(counts, subs))
        assert value is not None
        found.setdefault(round_half_up(value, 2), []).append(counts)
    return found


# Missing items per sub-indicator (9.1, 9.2, 9.3, 9.4, 9.5) and (10.1, 10.2) for each column,
# worked out by hand: an item missing in a sub-indicator of n items costs 100 / n / 5 points of
# indicator 9 (9.1: 2.22, 9.2: 2.50, 9.3: 2.86, 9.4: 5.00, 9.5: 4.00) and 100 / n / 2 of
# indicator 10 (10.1: 6.25, 10.2: 25.00).
EXPECTED = {
    1: ([(0, 0, 0, 0, 0)], [(0, 0)]),
    2: ([(0, 0, 0, 0, 0)], [(0, 0)]),
    3: ([(0, 1, 0, 0, 1)], [(0, 0)]),  # 100 − 2.50 − 4.00 = 93.50
    4: ([(0, 1, 0, 0, 0)], [(0, 0)]),  # 100 − 2.50 = 97.50
    5: ([(0, 0, 0, 0, 0)], [(0, 0)]),
    6: ([(1, 0, 0, 0, 0)], [(1, 0)]),  # 100 − 2.22 = 97.78; 100 − 6.25 = 93.75
    7: ([(0, 0, 1, 0, 0)], [(0, 0)]),  # 100 − 2.86 = 97.14
    8: ([(0, 1, 0, 0, 0)], [(2, 0)]),  # 97.50; 100 − 2 × 6.25 = 87.50
    9: ([(1, 0, 0, 0, 1)], [(0, 0)]),  # 100 − 2.22 − 4.00 = 93.78
    10: ([(0, 0, 0, 0, 1)], [(0, 0)]),  # 100 − 4.00 = 96.00
    # 92.50 = 100 − 2.50 − 5.00 (one in 9.2, one in 9.4) = 100 − 3 × 2.50 (three in 9.2): the
    # table cannot tell these two apart; both give the same indicator and so the same OIT.
    11: ([(0, 1, 0, 1, 0), (0, 3, 0, 0, 0)], [(1, 0)]),
    12: ([(0, 1, 1, 0, 0)], [(0, 0)]),  # 100 − 2.50 − 2.86 = 94.64
    13: ([(0, 1, 0, 1, 0), (0, 3, 0, 0, 0)], [(1, 0)]),
}


def test_the_table_has_the_thirteen_columns_of_the_source() -> None:
    assert [c.column for c in COLUMNS] == list(range(1, 14)) == sorted(EXPECTED)


@pytest.mark.parametrize("col", COLUMNS, ids=IDS)
def test_each_published_indicator_9_and_10_comes_from_missing_items_in_the_shipped_tree(
    col: Column,
) -> None:
    """The engine, scoring the shipped tree, gives the published values for these counts only.

    Eleven columns have exactly one decomposition; 92.50 (columns 11 and 13) has two.
    """
    nine, ten = EXPECTED[col.column]
    assert decompositions("9").get(col.ind9) == nine
    assert decompositions("10").get(col.ind10) == ten


def test_every_decomposition_is_unique_except_the_two_ways_to_92_50() -> None:
    published = {(i, v) for c in COLUMNS for i, v in (("9", c.ind9), ("10", c.ind10))}
    ambiguous = {(i, v) for i, v in published if len(decompositions(i).get(v, [])) != 1}
    assert ambiguous == {("9", 92.50)}


def test_a_plain_mean_over_the_items_cannot_give_the_published_values() -> None:
    """With every item weighing the same, only 100 of the published values can come out."""
    for indicator in ("9", "10"):
        n = len(FY2564.items_of_indicator[indicator])
        plain = {round_half_up(100 * present / n, 2) for present in range(n + 1)}
        values = {c.ind9 if indicator == "9" else c.ind10 for c in COLUMNS}
        assert values & plain == {100.0}, indicator
        assert len(values) > 1, indicator  # the check means something: there are other values


@pytest.mark.parametrize("col", COLUMNS, ids=IDS)
def test_the_engines_oit_from_those_items_weighted_40_percent_is_the_published_column(
    col: Column,
) -> None:
    nine, ten = EXPECTED[col.column]
    nine_missing = items_with_missing(nine[0], FY2564.subs_of_indicator["9"])
    ten_missing = items_with_missing(ten[0], FY2564.subs_of_indicator["10"])
    items = {o: min(nine_missing[o], ten_missing[o]) for o in FY2564.oit_items}
    indicators = {i: indicator_from_items(FY2564, i, items) for i in ("9", "10")}
    # tool_scores computes every tool; the IIT and EIT indicators are not in the extract and do
    # not enter the OIT, so they are given as 0 and their tool scores are not looked at.
    iit_eit = {str(n): 0.0 for n in range(1, 9)}
    tools = tool_scores(FY2564, iit_eit | {i: v for i, v in indicators.items() if v is not None})
    assert FY2564.tools["OIT"].weight == 40
    assert round_half_up(overall_from_tools(FY2564, {"OIT": tools["OIT"]}), 2) == col.oit_weighted


@pytest.mark.parametrize("col", COLUMNS, ids=IDS)
def test_the_letter_grade_of_the_published_ita_score_is_the_published_level(col: Column) -> None:
    """FY2564 letter grades depend on the overall score alone (no per-tool minimum)."""
    assert all(level.min_each_tool is None for level in FY2564.levels)
    assert level_of(FY2564, col.ita, {}, {}).id == col.level


@pytest.mark.parametrize("col", COLUMNS, ids=IDS)
def test_the_ita_score_is_consistent_with_the_sum_of_the_weighted_tools(col: Column) -> None:
    """A consistency check, not a reproduction: the extract lacks one tool's column.

    The table gives the ITA score, the weighted OIT and one of the two 30 % tools (IIT or EIT,
    the extract does not say which). If the ITA score is the sum of the weighted tools, the
    third tool's weighted score, ITA − OIT × 0.40 − the other, must be a possible one: between
    0 and 30 (its 30 % of a 0–100 score). Both given weighted tools must be possible too.
    """
    weights = {t: FY2564.tools[t].weight for t in ("IIT", "EIT", "OIT")}
    assert weights == {"IIT": 30, "EIT": 30, "OIT": 40}
    assert 0 <= col.oit_weighted <= weights["OIT"]
    assert 0 <= col.other_tool_weighted <= weights["IIT"]
    third = round_half_up(col.ita - col.oit_weighted - col.other_tool_weighted, 2)
    assert 0 <= third <= weights["EIT"], third
