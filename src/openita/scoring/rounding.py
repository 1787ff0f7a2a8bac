"""How ITA figures are rounded.

Rule: two decimals, half up (94.1094 → 94.11, 99.795 → 99.80), the convention of the ITAS
results pages. Python's ``round`` rounds half to even and binary floats make 99.795 into
99.79499…, so a value is first cleaned of float noise at the 9th decimal and then rounded
half up with :mod:`decimal`. Intermediate values are never rounded: only what is shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_NOISE_DECIMALS = 9


def round_half_up(value: float, decimals: int = 2) -> float:
    cleaned = Decimal(repr(round(value, _NOISE_DECIMALS)))
    return float(cleaned.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def format_score(value: float, decimals: int = 2) -> str:
    """``94.1`` → ``'94.10'``: scores are always shown with their decimals."""
    return f"{round_half_up(value, decimals):.{decimals}f}"
