"""Fuzzing the readers: any bytes give a result or a clean InputError, never a traceback."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openita.errors import InputError
from openita.ingest import parse_result
from tests.ingest.test_json import ISSUE_EXAMPLE
from tests.ingest.test_table import SEED_CSV

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


def _parse(data: bytes, name: str) -> None:
    try:
        parse_result(data, name)
    except InputError as exc:
        assert exc.problems and all(p.file for p in exc.problems)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["r.json", "r.csv", "r.xlsx"]))
def test_random_bytes(data: bytes, name: str) -> None:
    _parse(data, name)


@FUZZ
@given(st.dictionaries(st.sampled_from(
    ["fiscal_year", "agency", "indicators", "questions", "official", "other_tables"]),
    json_values, max_size=6))  # fmt: skip
def test_random_json_structures(doc: dict[str, object]) -> None:
    _parse(json.dumps(doc).encode(), "r.json")


@FUZZ
@given(st.data())
def test_mutated_valid_json(data: st.DataObject) -> None:
    doc = json.loads(ISSUE_EXAMPLE)
    section = data.draw(st.sampled_from(["indicators", "questions", "official", "agency"]))
    key = data.draw(st.sampled_from(sorted(doc[section])))
    doc[section][key] = data.draw(json_values)
    _parse(json.dumps(doc).encode(), "r.json")


@FUZZ
@given(st.data())
def test_mutated_valid_csv(data: st.DataObject) -> None:
    lines = SEED_CSV.splitlines()
    n = data.draw(st.integers(0, len(lines) - 1))
    lines[n] = data.draw(st.text(max_size=20))
    _parse("\n".join(lines).encode("utf-8", "surrogatepass"), "r.csv")
