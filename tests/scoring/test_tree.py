"""The one recursive aggregation of OIT item trees, and the item shares that follow it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openita.frameworks import available_years, load_framework
from openita.scoring.tree import OitNode, aggregate, shares


def item(ident: str, weight: float = 1.0) -> OitNode:
    return OitNode(ident, weight, item=True)


def node(ident: str, *children: OitNode, weight: float = 1.0) -> OitNode:
    return OitNode(ident, weight, children)


# indicator 10 of FY2568 as the file has it: five equal groups, O23 alone in one
FIVE_GROUPS = node(
    "10",
    node("10.1", item("O21"), item("O22")),
    node("10.2", item("O23")),
    node("10.3", item("O24")),
    node("10.4", item("O25"), item("O26")),
    node("10.5", item("O27"), item("O28")),
)
FULL = {f"O{n}": 100.0 for n in range(21, 29)}


def test_a_node_is_the_weighted_mean_of_its_children_at_every_depth() -> None:
    tree = node(
        "9",
        node("9.1", node("9.1.1", item("a"), item("b")), node("9.1.2", item("c"))),
        node("9.2", item("d", weight=3), item("e", weight=1)),
    )
    scores = {"a": 0.0, "b": 100.0, "c": 100.0, "d": 100.0, "e": 0.0}
    out: dict[str, float] = {}
    # 9.1.1 = 50, 9.1.2 = 100 -> 9.1 = 75; 9.2 = (3 x 100 + 0) / 4 = 75; 9 = 75
    assert aggregate(tree, scores, out) == 75.0
    assert out == {"9.1.1": 50.0, "9.1.2": 100.0, "9.1": 75.0, "9.2": 75.0, "9": 75.0}


def test_partial_credit_counts_in_proportion() -> None:
    assert aggregate(FIVE_GROUPS, FULL | {"O23": 50.0}) == 90.0  # the seed's published 90.00
    assert aggregate(FIVE_GROUPS, FULL | {"O21": 50.0}) == 95.0


def test_a_missing_item_leaves_the_node_without_a_score() -> None:
    scores = dict(FULL)
    del scores["O28"]
    assert aggregate(FIVE_GROUPS, scores) is None
    assert aggregate(node("9.9"), {}) is None  # a node with no item listed


def test_shares_multiply_down_the_path_and_add_up_to_one() -> None:
    got = shares(FIVE_GROUPS)
    assert got["O23"] == pytest.approx(1 / 5)
    assert got["O21"] == pytest.approx(1 / 10)
    assert sum(got.values()) == pytest.approx(1.0)


@given(
    st.lists(st.sampled_from([0.0, 25.0, 50.0, 100.0]), min_size=8, max_size=8),
    st.lists(st.floats(min_value=0.1, max_value=10), min_size=5, max_size=5),
)
def test_an_indicator_is_exactly_the_sum_of_share_times_score(
    values: list[float], weights: list[float]
) -> None:
    tree = node(
        "10",
        *(
            node(child.id, *child.children, weight=w)
            for child, w in zip(FIVE_GROUPS.children, weights, strict=True)
        ),
    )
    scores = {f"O{n}": v for n, v in zip(range(21, 29), values, strict=True)}
    expected = sum(share * scores[i] for i, share in shares(tree).items())
    assert aggregate(tree, scores) == pytest.approx(expected)


@pytest.mark.parametrize("year", available_years())
def test_every_shipped_tree_gives_each_indicator_shares_that_add_up_to_one(year: int) -> None:
    fw = load_framework(year)
    assert fw.tree_of_indicator, year
    for ind, items in fw.items_of_indicator.items():
        if ind in fw.tree_of_indicator:
            assert sum(fw.share_of_item[i] for i in items) == pytest.approx(1.0), (year, ind)
    assert sorted(fw.share_of_item) == sorted(fw.oit_items)
