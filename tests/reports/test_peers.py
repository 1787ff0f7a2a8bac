"""The averages file of --averages: known keys get Thai labels, bad values name their line."""

from __future__ import annotations

import pytest

from openita.errors import InputError
from openita.reports.peers import parse_peers


def test_known_keys_get_thai_labels_and_others_are_kept() -> None:
    peers = parse_peers("national: 93.82\n'อำเภอบ้านผือ': 95.4\n", "avg.yaml")
    assert [(p.label, p.overall) for p in peers] == [
        ("ค่าเฉลี่ยระดับประเทศ", 93.82),
        ("อำเภอบ้านผือ", 95.4),
    ]


def test_a_value_that_is_not_a_score_is_reported_with_its_line() -> None:
    with pytest.raises(InputError) as caught:
        parse_peers("national: 93.82\nprovince: high\nagency_type: 120\n", "avg.yaml")
    problems = caught.value.problems
    assert [(p.line, p.field) for p in problems] == [(2, "province"), (3, "agency_type")]
    assert "not a number" in problems[0].message and "outside 0–100" in problems[1].message


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(InputError):
        parse_peers("", "avg.yaml")
