"""Frameworks chosen by fiscal year and agency kind, with warned fallbacks (docs/frameworks.md).

FY2569 (docs/sources.md, "FY2569 and later"): central agencies publish O1–O26 without saying
which items make up indicators 9 and 10; vocational colleges O1–O17 → 9, O18–O23 → 10; MOPH
hospitals a MOIT list of their own, contents unknown; nothing for schools.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openita.cli import app
from openita.errors import InputError
from openita.frameworks import load_framework
from openita.frameworks.kinds import KINDS
from openita.frameworks.loader import DATA_DIR, UnknownAgencyKind
from openita.scoring import AgencyResult, score
from openita.scoring.consistency import framework_findings
from openita.scoring.model import Agency
from tests.conftest import SEED_2568

runner = CliRunner()


def _codes(framework: object) -> list[str]:
    return [f.code for f in framework_findings(framework)]  # type: ignore[arg-type]


def test_the_2569_central_agency_list_is_the_published_one() -> None:
    fw = load_framework(2569, "central_agency")
    assert (fw.agency_kind, fw.rules_kind, fw.is_kind_fallback) == (
        "central_agency", "central_agency", False
    )  # fmt: skip
    assert list(fw.oit_items) == [f"O{n}" for n in range(1, 27)]
    assert fw.title_of("O25") == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    assert fw.title_of("O11") == "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"
    assert fw.oit_items["O12"].period == "previous"
    # the list is confirmed, its grouping into 9 and 10 is not: said, not pretended
    assert fw.grouping_status == "unknown"
    assert all(s.status == "unknown" for s in fw.spec.sub_indicators)
    # the rules themselves are the base file's (FY2568 rules, inferred)
    base = load_framework(2569)
    assert fw.spec.tools == base.spec.tools and fw.spec.levels == base.spec.levels
    assert fw.status == "inferred"


def test_the_2569_vocational_list_puts_o1_o17_under_9_and_o18_o23_under_10() -> None:
    fw = load_framework(2569, "vocational_college")
    assert {fw.indicator_of(f"O{n}") for n in range(1, 18)} == {"9"}
    assert {fw.indicator_of(f"O{n}") for n in range(18, 24)} == {"10"}
    assert "O24" not in fw.oit_items
    assert [s.name_th for s in fw.spec.sub_indicators][3] == "การปฏิบัติหน้าที่"
    # titles are not published: none is invented
    assert all(item.title_th is None for item in fw.oit_items.values())
    assert fw.grouping_status == "unknown"


def test_hospitals_have_no_item_list_and_must_give_indicators_9_and_10() -> None:
    fw = load_framework(2569, "hospital")
    assert fw.oit_items == {} and fw.grouping_status == "unknown"
    scores = score(fw, AgencyResult.build(2569, Agency("x", kind="hospital"), dict(SEED_2568)))
    assert scores.overall == 94.11


def test_a_kind_without_a_file_uses_the_base_file_with_a_warning_naming_the_kind() -> None:
    fw = load_framework(2569, "school")
    assert (fw.agency_kind, fw.rules_kind, fw.status) == ("school", "local_government", "fallback")
    assert fw.oit_items == load_framework(2569).oit_items
    [finding] = framework_findings(fw)
    assert (finding.code, finding.severity, finding.blocking) == (
        "framework_kind_fallback", "warning", False
    )  # fmt: skip
    assert finding.message == (
        "the rules for fiscal year 2569 for school are not confirmed; "
        "scored with the rules of 2569 for local government"
    )
    [thai] = framework_findings(fw)
    assert thai.render("th") == "เกณฑ์ปี 2569 ของโรงเรียน ยังไม่ยืนยัน ใช้เกณฑ์ปี 2569 ขององค์กรปกครองส่วนท้องถิ่น"


def test_a_year_without_a_file_borrows_the_nearest_year_of_the_same_kind() -> None:
    central = load_framework(2575, "central_agency")
    assert (central.fiscal_year, central.rules_year, central.rules_kind) == (
        2575, 2569, "central_agency"
    )  # fmt: skip
    assert "framework_fallback" in _codes(central)
    # a year and a kind both borrowed: one warning naming both
    school = load_framework(2575, "school")
    assert (school.rules_year, school.rules_kind) == (2569, "local_government")
    [thai, *_rest] = framework_findings(school)
    assert thai.render("th") == "เกณฑ์ปี 2575 ของโรงเรียน ยังไม่ยืนยัน ใช้เกณฑ์ปี 2569 ขององค์กรปกครองส่วนท้องถิ่น"


def test_an_earlier_year_of_a_kind_uses_that_years_base_not_a_later_kind_file() -> None:
    fw = load_framework(2568, "central_agency")
    assert (fw.rules_year, fw.rules_kind, fw.status) == (2568, "local_government", "fallback")
    assert _codes(fw) == ["framework_kind_fallback"]


def test_the_default_kind_is_local_government_and_unknown_kinds_are_refused() -> None:
    assert load_framework(2568) is load_framework(2568, "local_government")
    with pytest.raises(UnknownAgencyKind, match="unknown agency kind 'ministry'"):
        load_framework(2569, "ministry")


def test_unknown_grouping_is_a_warning_and_official_indicators_count() -> None:
    fw = load_framework(2569, "central_agency")
    assert "oit_grouping_unknown" in _codes(fw)
    items = dict.fromkeys(fw.oit_items, 100.0) | {"O11": 0.0}
    indicators = {k: v for k, v in SEED_2568.items() if k not in ("9", "10")}
    agency = Agency("x", kind="central_agency")
    projected = score(fw, AgencyResult.build(2569, agency, indicators, questions=items))
    assert projected.indicator_origin["9"] == "questions"  # an estimate, and said so above
    official = score(
        fw, AgencyResult.build(2569, agency, indicators | {"9": 80.0, "10": 90.0}, items)
    )
    assert (official.indicators["9"], official.indicator_origin["9"]) == (80.0, "reported")
    [found] = [f for f in framework_findings(fw) if f.code == "oit_grouping_unknown"]
    thai = found.render("th")
    assert "ไม่ได้เผยแพร่" in thai and "หน่วยงานส่วนกลาง" in thai


def test_every_shipped_file_names_a_known_kind_and_lists_it() -> None:
    for path in sorted(DATA_DIR.glob("ita-*.yaml")):
        parts = path.stem.split("-")
        if len(parts) == 3:
            assert parts[2] in KINDS
            assert load_framework(int(parts[1]), parts[2]).rules_kind == parts[2]


BASE = """schema_version: 1
fiscal_year: 2580
agency_kinds: [local_government]
title_th: ทดสอบ
title_en: test
tools:
  - {id: IIT, name_th: a, name_en: a, weight: 50}
  - {id: OIT, name_th: b, name_en: b, weight: 50}
indicators:
  - {id: "1", tool: IIT, name_th: a, name_en: a}
  - {id: "9", tool: OIT, name_th: b, name_en: b}
sub_indicators:
  - {id: "9.1", indicator: "9", name_th: b, name_en: b}
oit_items:
  - {id: O1, sub_indicator: "9.1"}
levels:
  - {id: pass, label_th: ผ่าน, label_en: Pass, min_overall: 50}
  - {id: fail, label_th: ไม่ผ่าน, label_en: Fail, min_overall: 0}
"""

KIND = """schema_version: 1
extends: ita-2580.yaml
agency_kinds: [central_agency]
sub_indicators:
  - {id: "9.1", indicator: "9", name_th: b, name_en: b}
  - {id: "9.2", indicator: "9", name_th: c, name_en: c}
oit_items:
  - {id: O1, sub_indicator: "9.1"}
  - {id: O2, sub_indicator: "9.2"}
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ita-2580.yaml").write_text(BASE, encoding="utf-8")
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(tmp_path))
    return tmp_path


def test_a_kind_file_extends_a_base_and_replaces_its_item_list(site: Path) -> None:
    (site / "ita-2580-central_agency.yaml").write_text(KIND, encoding="utf-8")
    central = load_framework(2580, "central_agency")
    assert list(central.oit_items) == ["O1", "O2"]
    assert central.spec.title_th == "ทดสอบ"  # inherited
    assert list(load_framework(2580).oit_items) == ["O1"]  # the base is unchanged
    result = AgencyResult.build(
        2580, Agency("x", kind="central_agency"), {"1": 100}, {"O1": 100, "O2": 0}
    )
    assert score(central, result).indicators["9"] == 50.0


def test_a_problem_in_a_kind_file_names_that_file_and_its_line(site: Path) -> None:
    bad = KIND.replace('{id: O2, sub_indicator: "9.2"}', '{id: O2, sub_indicator: "9.9"}')
    path = site / "ita-2580-central_agency.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_framework(2580, "central_agency")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (
        str(path), 9, "oit_items.1.sub_indicator"
    )  # fmt: skip
    # and a problem of an inherited section names the base file
    (site / "ita-2580.yaml").write_text(
        BASE.replace("weight: 50}\n  - {id: OIT", "weight: 40}\n  - {id: OIT"), encoding="utf-8"
    )
    path.write_text(KIND, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_framework(2580, "central_agency")
    assert caught.value.problems[0].file == str(site / "ita-2580.yaml")
    assert caught.value.problems[0].field == "tools"


def test_extends_cycles_and_missing_bases_are_refused_with_the_field(site: Path) -> None:
    path = site / "ita-2580-central_agency.yaml"
    path.write_text(KIND.replace("ita-2580.yaml", "ita-2580-central_agency.yaml"), "utf-8")
    with pytest.raises(InputError, match="cycle") as caught:
        load_framework(2580, "central_agency")
    assert (caught.value.problems[0].line, caught.value.problems[0].field) == (2, "extends")
    path.write_text(KIND.replace("ita-2580.yaml", "ita-2499.yaml"), "utf-8")
    with pytest.raises(InputError, match=r"ita-2499\.yaml") as caught:
        load_framework(2580, "central_agency")
    assert caught.value.problems[0].field == "extends"


def test_a_kind_file_must_describe_the_kind_its_name_says(site: Path) -> None:
    (site / "ita-2580-school.yaml").write_text(KIND, encoding="utf-8")
    with pytest.raises(InputError, match="agency kind school") as caught:
        load_framework(2580, "school")
    assert caught.value.problems[0].field == "agency_kinds"


def test_a_file_named_for_an_unknown_kind_is_reported_not_ignored(site: Path) -> None:
    (site / "ita-2580-ministry.yaml").write_text(KIND, encoding="utf-8")
    result = runner.invoke(app, ["frameworks", "--json"])
    assert result.exit_code == 2
    assert "ita-2580-ministry.yaml" in result.output
    assert "unknown agency kind 'ministry'" in result.output


def test_the_cli_lists_every_year_and_kind_with_its_status() -> None:
    result = runner.invoke(app, ["frameworks", "--json"])
    assert result.exit_code == 0, result.output
    rows = {(r["year"], r["kind"]): r for r in json.loads(result.output)["frameworks"]}
    assert {kind for _year, kind in rows} == set(KINDS)
    assert rows[(2568, "local_government")]["status"] == "confirmed"
    assert rows[(2568, "central_agency")]["status"] == "fallback"
    assert rows[(2569, "central_agency")]["status"] == "inferred"
    assert rows[(2569, "central_agency")]["grouping"] == "unknown"
    assert rows[(2569, "hospital")]["status"] == "unknown"
    assert rows[(2569, "school")]["rules_kind"] == "local_government"
    assert rows[(2570, "central_agency")]["status"] == "fallback"
    table = runner.invoke(app, ["frameworks", "--kind", "central_agency"])
    assert table.exit_code == 0
    assert "ita-2569-central_agency.yaml" in table.output and "┃ Status" in table.output
    assert runner.invoke(app, ["frameworks", "--kind", "ministry"]).exit_code == 2
