from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openita.scoring import format_score, round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [(94.1094, 94.11), (99.0062, 99.01), (99.795, 99.80), (4.935, 4.94), (-4.935, -4.94),
     ((99.59 + 100) / 2, 99.80), (86.25, 86.25), (0.005, 0.01)],
)  # fmt: skip
def test_half_up_to_two_decimals(value: float, expected: float) -> None:
    assert round_half_up(value) == expected


def test_scores_are_shown_with_two_decimals() -> None:
    assert format_score(99) == "99.00"
    assert format_score(82.5) == "82.50"


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_rounding_moves_a_score_by_at_most_half_a_hundredth(x: float) -> None:
    assert abs(round_half_up(x) - x) <= 0.005 + 1e-9
