"""Frameworks are data: validated on load, errors name file and line, new years are files."""

from __future__ import annotations

from pathlib import Path

import pytest

from openita.errors import InputError
from openita.frameworks import UnknownFiscalYear, available_years, load_framework
from openita.frameworks.loader import DATA_DIR, parse_framework
from openita.scoring import AgencyResult, score
from tests.conftest import SEED_2568

FY2568_TEXT = (DATA_DIR / "ita-2568.yaml").read_text(encoding="utf-8")


def test_bundled_years_load_with_their_structure() -> None:
    assert {2567, 2568} <= set(available_years())
    fw = load_framework(2568)
    assert [t.weight for t in fw.spec.tools] == [30, 30, 40]
    assert len(fw.indicators) == 10
    assert [q for q in fw.questions if q.startswith("i")] == [f"i{n}" for n in range(1, 16)]
    assert [q for q in fw.questions if q.startswith("e")] == [f"e{n}" for n in range(1, 10)]
    assert list(fw.oit_items) == [f"O{n}" for n in range(1, 29)]
    assert fw.indicator_of("O20") == "9" and fw.indicator_of("O21") == "10"
    assert fw.indicator_of("i12") == "4" and fw.indicator_of("e6") == "7"


def test_unknown_texts_are_not_invented() -> None:
    fw = load_framework(2568)
    assert all(q.text_th is None for q in fw.questions.values())
    assert fw.oit_items["O5"].title_th is None and fw.oit_items["O5"].status == "unknown"


def test_a_year_outside_2500_to_2700_is_refused() -> None:
    with pytest.raises(UnknownFiscalYear, match="outside 2500–2700"):
        load_framework(2701)
    with pytest.raises(UnknownFiscalYear, match="outside 2500–2700"):
        load_framework(2499)


def test_without_any_framework_file_every_year_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("openita.frameworks.loader.DATA_DIR", tmp_path)
    monkeypatch.delenv("OPENITA_FRAMEWORKS", raising=False)
    with pytest.raises(UnknownFiscalYear, match="no ITA framework for fiscal year 2568"):
        load_framework(2568)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_bad_value_is_reported_with_its_line() -> None:
    bad = FY2568_TEXT.replace("weight: 40", "weight: many", 1)
    with pytest.raises(InputError) as err:
        parse_framework(bad, "ita-2568.yaml")
    problem = err.value.problems[0]
    assert problem.line == _line_of(bad, "weight: many")
    assert problem.field == "tools.2.weight"


def test_unknown_reference_is_reported_with_its_line() -> None:
    bad = FY2568_TEXT.replace('{id: i7, indicator: "3"', '{id: i7, indicator: "13"', 1)
    with pytest.raises(InputError) as err:
        parse_framework(bad, "ita-2568.yaml")
    assert err.value.problems[0].line == _line_of(bad, "id: i7,")
    assert "unknown indicator '13'" in str(err.value)


def test_weights_must_add_up_to_100() -> None:
    bad = FY2568_TEXT.replace("weight: 40", "weight: 50", 1)
    with pytest.raises(InputError, match="add up to 110"):
        parse_framework(bad, "x.yaml")


def test_duplicate_keys_and_broken_yaml_name_the_line() -> None:
    with pytest.raises(InputError) as err:
        parse_framework("schema_version: 1\nfiscal_year: 2568\nfiscal_year: 2569\n", "x.yaml")
    assert err.value.problems[0].line == 3
    with pytest.raises(InputError) as err:
        parse_framework("tools: [\n  {id: IIT\n", "x.yaml")
    assert err.value.problems[0].line is not None


def test_a_new_fiscal_year_is_a_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """FY2590 with weights 20/30/50 scores correctly without any code change."""
    text = (
        FY2568_TEXT.replace("fiscal_year: 2568", "fiscal_year: 2590")
        .replace("weight: 30\n    status: confirmed\n    source: secondary sources; reproduces "
                 "the published overall of เทศบาลตำบลคำบง\n  - id: EIT",
                 "weight: 20\n    status: inferred\n  - id: EIT", 1)
        .replace("weight: 40", "weight: 50", 1)
    )  # fmt: skip
    (tmp_path / "ita-2590.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(tmp_path))
    fw = load_framework(2590)
    assert [t.weight for t in fw.spec.tools] == [20, 30, 50]
    s = score(fw, AgencyResult.build(2590, "x", indicators=dict(SEED_2568)))
    # 0.2 × 98.888 + 0.3 × 99.81 + 0.5 × 86.25 = 19.7776 + 29.943 + 43.125 = 92.8456
    assert s.overall == 92.85
    assert s.level == "ผ่านดี"


def test_an_unknown_agency_kind_is_reported_with_its_line_and_field() -> None:
    bad = FY2568_TEXT.replace("agency_kinds: [local_government]", "agency_kinds: [town_hall]")
    with pytest.raises(InputError) as err:
        parse_framework(bad, "ita-2568.yaml")
    assert len(err.value.problems) == 1
    problem = err.value.problems[0]
    assert problem.line == _line_of(bad, "agency_kinds:")
    assert problem.field == "agency_kinds.0"
    assert "ita-2568.yaml" in str(err.value)


def test_an_agency_kind_listed_twice_is_reported() -> None:
    bad = FY2568_TEXT.replace(
        "agency_kinds: [local_government]", "agency_kinds: [local_government, local_government]"
    )
    with pytest.raises(InputError, match="appears twice in agency_kinds") as err:
        parse_framework(bad, "ita-2568.yaml")
    assert err.value.problems[0].field == "agency_kinds.1"


@pytest.mark.parametrize("year", [2499, 2701])
def test_a_year_outside_2500_to_2700_is_reported_with_its_line(year: int) -> None:
    bad = FY2568_TEXT.replace("fiscal_year: 2568", f"fiscal_year: {year}")
    with pytest.raises(InputError) as err:
        parse_framework(bad, "ita-2568.yaml")
    assert len(err.value.problems) == 1
    problem = err.value.problems[0]
    assert problem.field == "fiscal_year"
    assert problem.line == _line_of(bad, f"fiscal_year: {year}")
