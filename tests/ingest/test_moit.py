"""MOIT item ids: the MOPH hospitals' own OIT list (docs/frameworks.md, "Agency kinds").

Hospitals publish their OIT items as MOIT1, MOIT2, … A framework file says how it numbers its
items (``oit_item_prefix``: ``O`` by default, ``MOIT`` for the hospitals' list, allowed only for
that kind). The shipped FY2569 hospital file declares MOIT but lists no items (their contents
are not in our sources): a hospital result that gives MOIT items is read and scored from its
indicators with one warning naming the items, never refused or reported as unknown ids
without a reason. A MOIT item in another kind's result says whose list it belongs to.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openita.errors import InputError
from openita.frameworks import load_framework
from openita.ingest import parse_result
from openita.scoring import AgencyResult, score
from openita.scoring.model import Agency
from tests.conftest import SEED_2568

MOIT = {"MOIT1": 100.0, "MOIT2": 0.0, "MOIT22": 100.0}


def _json(kind: str, indicators: dict[str, float], questions: dict[str, float]) -> bytes:
    doc = {
        "fiscal_year": 2569,
        "agency_kind": kind,
        "agency": {"name": "โรงพยาบาลตัวอย่าง"},
        "indicators": indicators,
        "questions": questions,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


def _csv(kind: str) -> bytes:
    rows = ["item,value", "fiscal_year,2569", "agency.name,โรงพยาบาลตัวอย่าง", f"agency_kind,{kind}"]
    rows += [f"indicator.{k},{v}" for k, v in SEED_2568.items()]
    rows += ["moit1,100", "MOIT2,0", "Moit22,100"]
    return ("\n".join(rows) + "\n").encode()


def test_the_shipped_hospital_file_numbers_its_items_moit_and_lists_none() -> None:
    fw = load_framework(2569, "hospital")
    assert (fw.spec.oit_item_prefix, fw.oit_items) == ("MOIT", {})
    assert load_framework(2569).spec.oit_item_prefix == "O"


@pytest.mark.parametrize(("data", "name"), [(_json("hospital", dict(SEED_2568), MOIT), "h.json"),
                                            (_csv("hospital"), "h.csv")])  # fmt: skip
def test_a_hospital_result_with_moit_items_is_read_with_one_warning_naming_them(
    data: bytes, name: str
) -> None:
    loaded = parse_result(data, name)
    codes = [f.code for f in loaded.findings]
    assert "unknown_id" not in codes
    [warning] = [f for f in loaded.findings if f.code == "moit_items_not_listed"]
    assert warning.severity == "warning" and not warning.blocking
    assert "MOIT1, MOIT2, MOIT22" in warning.message
    assert "does not list the MOIT items yet" in warning.message
    assert "indicators 9 and 10 are taken as published" in warning.message
    assert "fiscal year 2569" in warning.message and warning.line is not None
    s = score(loaded.framework, loaded.result)
    assert (s.indicators["9"], s.indicators["10"], s.overall) == (82.50, 90.00, 94.11)


def test_a_hospital_result_with_moit_items_but_without_indicators_9_and_10_says_what_is_missing(
) -> None:  # fmt: skip
    """Read, not a crash: the MOIT warning and the blocking "no score for indicator 9, 10"."""
    indicators = {k: v for k, v in SEED_2568.items() if k not in ("9", "10")}
    loaded = parse_result(_json("hospital", indicators, MOIT), "h.json")
    by_code = {f.code: f for f in loaded.findings}
    assert not by_code["moit_items_not_listed"].blocking
    missing = by_code["missing_indicators"]
    assert missing.blocking and "indicator(s) 9, 10" in missing.message


def test_a_moit_item_in_a_local_governments_result_names_whose_list_it_is() -> None:
    loaded = parse_result(_json("local_government", dict(SEED_2568), {"MOIT1": 100.0}), "l.json")
    [unknown] = [f for f in loaded.findings if f.code == "unknown_id"]
    assert unknown.subject == "MOIT1"
    assert "MOPH hospitals' own OIT list" in unknown.message
    assert "numbers its items O1, O2" in unknown.message
    assert "set the agency kind to hospital" in unknown.message
    assert "moit_items_not_listed" not in [f.code for f in loaded.findings]


# --- framework files that list MOIT items --------------------------------------------------

HOSPITAL_2580 = """schema_version: 1
fiscal_year: 2580
agency_kinds: [hospital]
title_th: ทดสอบ
title_en: test
oit_item_prefix: MOIT
tools:
  - {id: IIT, name_th: a, name_en: a, weight: 50}
  - {id: OIT, name_th: b, name_en: b, weight: 50}
indicators:
  - {id: "1", tool: IIT, name_th: a, name_en: a}
  - {id: "9", tool: OIT, name_th: b, name_en: b}
sub_indicators:
  - {id: "9.1", indicator: "9", name_th: b, name_en: b}
oit_items:
  - {id: MOIT1, sub_indicator: "9.1"}
  - {id: MOIT2, sub_indicator: "9.1"}
levels:
  - {id: pass, label_th: ผ่าน, label_en: Pass, min_overall: 50}
  - {id: fail, label_th: ไม่ผ่าน, label_en: Fail, min_overall: 0}
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(tmp_path))
    return tmp_path


def test_a_hospital_file_with_a_moit_list_scores_moit_items(site: Path) -> None:
    (site / "ita-2580.yaml").write_text(HOSPITAL_2580, encoding="utf-8")
    fw = load_framework(2580, "hospital")
    assert list(fw.oit_items) == ["MOIT1", "MOIT2"]
    result = AgencyResult.build(
        2580, Agency("x", kind="hospital"), {"1": 100}, {"MOIT1": 100, "MOIT2": 0}
    )
    assert score(fw, result).indicators["9"] == 50.0
    doc = {"fiscal_year": 2580, "agency_kind": "hospital", "agency": {"name": "x"},
           "indicators": {"1": 100}, "questions": {"MOIT1": 100, "MOIT2": 0}}  # fmt: skip
    loaded = parse_result(json.dumps(doc).encode(), "h.json")
    assert not [f for f in loaded.findings if f.code in ("unknown_id", "moit_items_not_listed")]
    assert score(loaded.framework, loaded.result).indicators["9"] == 50.0


def _problem(path: Path) -> tuple[int | None, str | None, str]:
    with pytest.raises(InputError) as refused:
        load_framework(2580, "hospital")
    [problem] = refused.value.problems
    assert problem.file == str(path)
    return problem.line, problem.field, problem.message


def test_an_item_numbered_against_the_files_prefix_is_refused_with_its_line(site: Path) -> None:
    path = site / "ita-2580.yaml"
    path.write_text(HOSPITAL_2580.replace("{id: MOIT2,", "{id: O2,"), encoding="utf-8")
    line, field, message = _problem(path)
    assert (line, field) == (17, "oit_items.1.id")
    assert message == "item O2 is not numbered as oit_item_prefix says (MOIT1, MOIT2, ...)"


def test_moit_numbering_is_for_hospitals_only(site: Path) -> None:
    path = site / "ita-2580.yaml"
    text = HOSPITAL_2580.replace("agency_kinds: [hospital]", "agency_kinds: [local_government]")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_framework(2580)
    [problem] = refused.value.problems
    assert (problem.line, problem.field) == (6, "oit_item_prefix")
    assert problem.message == (
        "MOIT items are the list of hospital only; agency_kinds are local_government"
    )


def test_an_item_id_that_is_neither_o_nor_moit_is_refused(site: Path) -> None:
    path = site / "ita-2580.yaml"
    path.write_text(HOSPITAL_2580.replace("{id: MOIT2,", "{id: HOIT2,"), encoding="utf-8")
    line, field, _message = _problem(path)
    assert (line, field) == (17, "oit_items.1.id")
