"""Every default unit the recommendation library assigns is a unit of a เทศบาล's default list."""

from __future__ import annotations

import pytest

from openita.analysis.plan import DEFAULT_MUNICIPAL_UNITS, match_unit
from openita.analysis.recommendations import load_recommendations


@pytest.mark.parametrize("year", [2567, 2568])
def test_library_units_exist_in_the_default_municipal_units(year: int) -> None:
    library = load_recommendations(year)
    units = list(DEFAULT_MUNICIPAL_UNITS)
    assigned = {r.responsible_unit for r in library.items.values()}
    unmatched = sorted(u for u in assigned if match_unit(u, units) not in units)
    assert unmatched == []
