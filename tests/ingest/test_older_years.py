"""FY2563–2566 results: scored with their own file when complete, kept as published otherwise.

Their IIT/EIT questions are not known (the frameworks list none), so a history file of those
years usually carries only the published figures; it is kept as such, not refused. A file with
every indicator is scored with its own year's rules and letter grades, not borrowed ones.
"""

from __future__ import annotations

import json

import pytest

from openita.errors import InputError
from openita.ingest import LoadedResult, usable_result
from openita.scoring import AgencyResult
from tests.conftest import SEED_2567


def _file(year: int, **parts: object) -> bytes:
    return json.dumps({"fiscal_year": year, "agency": {"name": "x"}, **parts}).encode()


@pytest.mark.parametrize("year", [2563, 2564, 2565, 2566])
def test_published_totals_only_are_kept_as_published(year: int) -> None:
    kept = usable_result(_file(year, official={"overall": 91.25, "level": "A"}), "x.json")
    assert isinstance(kept, AgencyResult)
    assert (kept.fiscal_year, kept.official_overall, kept.official_level) == (year, 91.25, "A")


def test_a_complete_fy2565_file_is_scored_with_its_own_letter_grades() -> None:
    loaded = usable_result(_file(2565, indicators=SEED_2567), "x.json")
    assert isinstance(loaded, LoadedResult)
    assert (loaded.framework.rules_year, loaded.framework.is_fallback) == (2565, False)
    assert [f.code for f in loaded.findings if f.code.startswith("framework_")] == [
        "framework_inferred"
    ]


def test_an_incomplete_file_of_a_year_with_questions_is_still_refused() -> None:
    with pytest.raises(InputError, match="cannot score"):
        usable_result(_file(2568, official={"overall": 94.11, "level": "ผ่านดี"}), "x.json")
