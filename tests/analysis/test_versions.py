"""Comparing two versions of one year's result, figure by figure (pure)."""

from __future__ import annotations

from openita.analysis.versions import Side, compare_versions
from openita.frameworks import load_framework
from openita.scoring import score
from openita.scoring.model import AgencyResult

FW = load_framework(2568)
INDICATORS = {str(n): 90.0 for n in range(1, 11)}


def _side(number: int, **kwargs: object) -> Side:
    result = AgencyResult.build(2568, "เทศบาลตำบลคำบง", **kwargs)  # type: ignore[arg-type]
    return Side(number, result, score(FW, result))


def test_changed_added_and_removed_figures_in_the_frameworks_order():
    old = _side(1, indicators=INDICATORS, questions={"O12": 0.0, "O2": 100.0, "i1": 90.0},
                question_parts={"e1": {1: 99.0, 2: 100.0}})  # fmt: skip
    new = _side(2, indicators={**INDICATORS, "9": 95.0}, questions={"O2": 100.0, "O12": 100.0},
                question_parts={"e1": {1: 99.5}}, official_overall=91.0)  # fmt: skip
    diff = compare_versions(FW, old, new)
    got = [(d.section, d.id, d.part, d.old, d.new, d.status) for d in diff.changes]
    assert ("indicator", "9", None, 90.0, 95.0, "changed") in got
    assert ("question", "i1", None, 90.0, None, "removed") in got
    assert ("question", "e1", 1, 99.0, 99.5, "changed") in got
    assert ("question", "e1", 2, 100.0, None, "removed") in got
    assert ("oit", "O12", None, 0.0, 100.0, "changed") in got
    assert ("official", "overall", None, None, 91.0, "added") in got
    assert not any(d.id == "O2" for d in diff.changes)  # the same in both
    oit = [d.id for d in diff.section("oit", changed_only=False)]
    assert oit == ["O2", "O12"]  # O2 before O12, as the framework lists them
    assert diff.counts()["changed"] >= 3


def test_the_same_version_twice_has_no_changes():
    side = _side(1, indicators=INDICATORS)
    diff = compare_versions(FW, side, side)
    assert diff.changes == [] and diff.counts()["same"] == len(diff.lines)


def test_published_figures_only_compare_what_was_published():
    old = Side(1, AgencyResult.build(2564, "x", indicators={"1": 80.0}, official_overall=85.0))
    new = Side(2, AgencyResult.build(2564, "x", indicators={"1": 82.0}, official_overall=86.0,
                                     official_level="ผ่าน"))  # fmt: skip
    diff = compare_versions(None, old, new)
    got = {(d.section, d.id): (d.old, d.new) for d in diff.changes}
    assert got[("overall", "overall")] == (85.0, 86.0)
    assert got[("indicator", "1")] == (80.0, 82.0)
    assert got[("overall", "level")] == (None, "ผ่าน")
    assert diff.section("indicator")[0].points == 2.0
