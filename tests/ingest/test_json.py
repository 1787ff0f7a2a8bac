"""The canonical JSON format: the issue's example, EIT parts, tables, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openita.errors import InputError
from openita.ingest import parse_result, read_result
from openita.scoring import score

ISSUE_EXAMPLE = """{"fiscal_year": 2568,
 "agency": {"name": "เทศบาลตำบลคำบง", "type": "เทศบาลตำบล", "province": "อุดรธานี"},
 "indicators": {"1": 98.70, "2": 99.63, "3": 99.63, "4": 96.85, "5": 99.63,
                "6": 99.92, "7": 99.80, "8": 99.71, "9": 82.50, "10": 90.00},
 "questions": {"i1": 96.67, "O7": 0},
 "official": {"overall": 94.11, "level": "ผ่านดี"}}"""


def load(text: str, name: str = "r.json"):  # type: ignore[no-untyped-def]
    return parse_result(text.encode("utf-8"), name)


def problems(text: str, name: str = "r.json") -> list[str]:
    with pytest.raises(InputError) as err:
        load(text, name)
    return [str(p) for p in err.value.problems]


def test_the_issue_example_scores_94_11() -> None:
    loaded = load(ISSUE_EXAMPLE)
    assert loaded.findings == []
    s = score(loaded.framework, loaded.result)
    assert (s.overall, s.level) == (94.11, "ผ่านดี")
    assert loaded.result.agency.province == "อุดรธานี"
    assert loaded.result.questions["O7"] == 0


def test_bundled_examples_read_cleanly(examples: Path) -> None:
    loaded = read_result(examples / "khambong-2568.json")
    assert loaded.findings == []
    assert loaded.result.question_parts["e1"] == {1: 99.51, 2: 100.0}
    assert read_result(examples / "khambong-2567.json").result.official_overall == 99.00


def test_indicator_8_conflict_of_the_published_report_is_caught(examples: Path) -> None:
    loaded = read_result(examples / "khambong-2568-as-published.json")
    [finding] = loaded.findings
    assert finding.code == "conflicting_values" and finding.severity == "error"
    assert "99.71" in finding.message and "99.81" in finding.message
    assert "only 99.71 reproduces the official overall 94.11" in finding.message
    assert loaded.result.indicators["8"] == 99.71


def test_syntax_error_names_the_line() -> None:
    [message] = problems('{"fiscal_year": 2568,\n "agency": "x",\n "indicators": {"1": 9,}\n}')
    assert "r.json, line 3" in message and "not valid JSON" in message


def test_duplicate_key_names_its_line() -> None:
    [message] = problems('{"fiscal_year": 2568,\n "fiscal_year": 2567}')
    assert "line 2" in message and "appears twice" in message


def test_wrong_types_name_field_and_line() -> None:
    text = ISSUE_EXAMPLE.replace('"2": 99.63', '"2": "lots"').replace('"5": 99.63', '"5": true')
    found = problems(text)
    # The field is named as a clerk reads it ("indicator 2"), not by its JSON path.
    assert any("line 3" in m and "'indicator 2'" in m and "expected a number" in m for m in found)
    assert any("'indicator 5'" in m for m in found)


def test_out_of_range_year_and_ce_year_are_rejected() -> None:
    """A year without a file falls back (tests/frameworks/test_fallback.py); 2750 is refused."""
    assert (
        "fiscal year 2750 is outside 2500–2700"
        in problems(ISSUE_EXAMPLE.replace("2568", "2750"))[0]
    )
    assert "Buddhist Era (e.g. 2568)" in problems(ISSUE_EXAMPLE.replace("2568", "2025"))[0]


def test_empty_file_and_non_object_are_rejected() -> None:
    assert "empty" in problems("  \n")[0]
    assert "JSON object" in problems("[1, 2]")[0]


def test_not_utf8_is_rejected_clearly() -> None:
    with pytest.raises(InputError, match="UTF-8"):
        parse_result(ISSUE_EXAMPLE.encode("cp874"), "r.json")


def test_unknown_fields_are_refused() -> None:
    assert (
        "unknown field 'indicatorz'"
        in problems(ISSUE_EXAMPLE.replace('"indicators"', '"indicatorz"'))[0]
    )


def test_unknown_ids_are_findings_and_ignored() -> None:
    loaded = load(ISSUE_EXAMPLE.replace('"O7": 0', '"O7": 0, "O29": 100, "i16": 50'))
    codes = sorted((f.code, f.subject) for f in loaded.findings)
    assert codes == [("unknown_id", "O29"), ("unknown_id", "i16")]
    assert "O29" not in loaded.result.questions


def test_scores_outside_0_to_100_block_scoring() -> None:
    loaded = load(ISSUE_EXAMPLE.replace('"9": 82.50', '"9": 182.50'))
    [finding] = loaded.findings
    assert finding.code == "out_of_range" and finding.blocking
    assert "line 4" in (finding.location or "")


def test_official_overall_the_indicators_do_not_reproduce() -> None:
    loaded = load(ISSUE_EXAMPLE.replace('"overall": 94.11', '"overall": 95.11'))
    assert [f.code for f in loaded.findings] == ["official_overall_mismatch"]
    loaded = load(ISSUE_EXAMPLE.replace('"level": "ผ่านดี"', '"level": "ผ่านดีเยี่ยม"'))
    assert [f.code for f in loaded.findings] == ["official_level_mismatch"]


def test_difference_up_to_a_hundredth_is_not_a_finding() -> None:
    """FY2567 recomputes to 99.006 but is published as 99.00: rounding, not an error."""
    doc = json.loads(ISSUE_EXAMPLE)
    doc["official"]["overall"] = 94.10
    assert load(json.dumps(doc)).findings == []


def test_indicator_that_its_questions_do_not_reproduce() -> None:
    doc = json.loads(ISSUE_EXAMPLE)
    doc["questions"].update({"i10": 91.67, "i11": 100, "i12": 90})
    [finding] = load(json.dumps(doc)).findings
    assert finding.code == "indicator_questions_mismatch" and finding.subject == "4"
    assert "96.85" in finding.message and "93.89" in finding.message


def test_eit_parts_must_exist_and_belong_to_eit() -> None:
    doc = json.loads(ISSUE_EXAMPLE)
    doc["questions"] = {"i1": {"part1": 90}, "e1": {"part3": 90}}
    found = problems(json.dumps(doc))
    assert any("only EIT questions have parts" in m for m in found)
    assert any("EIT part 3 does not exist" in m for m in found)
    doc["questions"] = {"e2": {"side": 1}}
    assert "'part1', 'part2'" in problems(json.dumps(doc))[0]
