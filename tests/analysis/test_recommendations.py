"""The recommendation library: complete per fiscal year, consistent, and strict about bad files.

The library is what an agency reads as its official-register advice (issue 4, deliverable 2),
so the tests check the data itself (every question and OIT item has a usable entry, cited
evidence exists, Thai is Thai and English is English) as well as the loader's errors on
hand-edited files, which must name the file and the line.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from openita.analysis.recommendations import (
    DATA_DIR,
    ENV_DIRS,
    IndicatorGuidance,
    MeasureTemplate,
    Recommendation,
    RecommendationLibrary,
    UnknownRecommendationYear,
    load_recommendations,
    load_recommendations_file,
)
from openita.errors import InputError
from openita.frameworks import Framework, load_framework

YEARS = (2567, 2568, 2569)
#: Every shipped library: the year files (default kind) and the kind files.
LIBRARIES = [(2567, None), (2568, None), (2569, None), (2569, "central_agency")]
THAI = re.compile(r"[\u0E00-\u0E7F]")
ZERO_FOR_O = re.compile(r"(?<![0-9A-Za-z.,:\-])0[0-9]{1,2}(?![0-9.:\-])")


@pytest.fixture(scope="module", params=LIBRARIES, ids=lambda p: "-".join(map(str, filter(None, p))))
def year(request: pytest.FixtureRequest) -> tuple[Framework, RecommendationLibrary]:
    fy, kind = request.param
    return load_framework(fy, kind), load_recommendations(fy, kind)


def measure_texts(measures: tuple[MeasureTemplate, ...], key: str = "measures") -> dict[str, str]:
    out: dict[str, str] = {}
    for n, m in enumerate(measures):
        out |= {f"{key}.{n}.title_th": m.title_th, f"{key}.{n}.title_en": m.title_en}
        out |= {f"{key}.{n}.kpi_th": m.kpi_th, f"{key}.{n}.kpi_en": m.kpi_en}
        out |= {f"{key}.{n}.steps.{k}_th": s for k, s in enumerate(m.steps_th)}
        out |= {f"{key}.{n}.steps.{k}_en": s for k, s in enumerate(m.steps_en)}
    return out


def texts(rec: Recommendation) -> dict[str, str]:
    """Every text of an entry by a name ending in _th or _en (measure texts included)."""
    out = {f: getattr(rec, f) for f in ("issue_th", "issue_en", "action_th", "action_en")}
    return out | measure_texts(rec.measures)


def guidance_texts(g: IndicatorGuidance) -> dict[str, str]:
    """Every text of an indicator's guidance, its improve and maintain measures included."""
    out = {f: getattr(g, f) for f in ("maintain_th", "maintain_en", "improve_th", "improve_en")}
    out |= measure_texts(g.improve_measures, "improve_measures")
    return out | measure_texts(g.maintain_measures, "maintain_measures")


def all_texts(library: RecommendationLibrary) -> dict[str, str]:
    out = {f"{i}.{k}": v for i, rec in library.items.items() for k, v in texts(rec).items()}
    for ident, g in library.indicators.items():
        out |= {f"indicator {ident}.{k}": v for k, v in guidance_texts(g).items()}
    return out


# --- the shipped data ---------------------------------------------------------------------------


def test_every_question_and_oit_item_of_the_year_has_an_entry_and_no_other_id_does(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    framework, library = year
    assert set(library.items) == {*framework.questions, *framework.oit_items}
    assert set(library.indicators) == set(framework.indicators)


def test_every_field_of_every_entry_is_filled(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    _, library = year
    for ident, rec in library.items.items():
        for f in dataclasses.fields(rec):
            assert getattr(rec, f.name), f"{ident}.{f.name} is empty"
        assert 1 <= len(rec.measures) <= 3, ident
        for m in rec.measures:
            _check_measure(m, ident)
    for ident, g in library.indicators.items():
        assert all(dataclasses.astuple(g)), f"indicator {ident}: empty guidance"


def _check_measure(m: MeasureTemplate, where: str) -> None:
    unit_may_be_empty = {"responsible_unit"}  # None: the entry's or indicator's unit applies
    for f in dataclasses.fields(m):
        if f.name not in unit_may_be_empty:
            assert getattr(m, f.name), f"{where}: empty measure field {f.name}"
    assert 2 <= len(m.steps_th) <= 5, where
    assert len(m.steps_th) == len(m.steps_en), f"{where}: steps not translated 1:1"


def test_every_indicator_has_improve_and_maintain_measures(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    """Issue 11 (deliver 3): Part 2 gives every indicator measures, even without item data, and
    a "maintain the standard" measure where the indicator is already high."""
    framework, library = year
    assert set(library.indicators) == set(framework.indicators)
    titles: list[str] = []
    for ident, g in library.indicators.items():
        assert g.improve_measures and g.maintain_measures, ident
        for m in (*g.improve_measures, *g.maintain_measures):
            _check_measure(m, f"indicator {ident}")
            assert m.timeframe in ("year", "first_quarter", "first_half", "second_half")
        assert all(m.title_th.startswith("รักษามาตรฐาน") for m in g.maintain_measures), ident
        assert not any(m.title_th.startswith("รักษา") for m in g.improve_measures), ident
        titles += [m.title_th for m in (*g.improve_measures, *g.maintain_measures)]
    assert len(titles) == len(set(titles)), "an indicator measure title is used twice"


def test_every_cited_item_is_an_oit_item_of_that_year(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    framework, library = year
    for ident, rec in library.items.items():
        assert set(rec.cite) <= set(framework.oit_items), ident


def test_effort_weights_for_the_optimiser_run_from_1_to_5(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    _, library = year
    assert all(rec.effort in range(1, 6) for rec in library.items.values())
    # a scale, not a constant: the optimiser needs to tell cheap fixes from expensive ones
    assert len({rec.effort for rec in library.items.values()}) >= 3


def test_thai_texts_contain_thai_and_english_texts_contain_none(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    _, library = year
    for where, text in all_texts(library).items():
        if where.endswith("_th"):
            assert THAI.search(text), f"{where} has no Thai: {text!r}"
        else:
            assert not THAI.search(text), f"{where} contains Thai: {text!r}"
    assert all(THAI.search(rec.responsible_unit) for rec in library.items.values())


def test_issue_statements_start_with_pradenn(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    _, library = year
    for ident, rec in library.items.items():
        assert rec.issue_th.startswith("ประเด็น"), ident


def test_no_oit_item_is_written_with_a_zero_for_the_letter_o(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    """The seed report writes "อ้างอิงจาก 08" for O8 and "016" for O16; we never do."""
    _, library = year
    for where, text in all_texts(library).items():
        assert not ZERO_FOR_O.search(text), f"{where}: {text!r}"


def test_the_action_cites_exactly_the_items_in_cite(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    _, library = year
    for ident, rec in library.items.items():
        assert set(re.findall(r"\(อ้างอิงข้อ (O\d+)\)", rec.action_th)) == set(rec.cite), ident
        assert set(re.findall(r"\(see item (O\d+)\)", rec.action_en)) == set(rec.cite), ident


# A number or year slot, a space, "(" and Thai: LibreOffice 7.4 breaks a line between "(" and the
# Thai after it when a number precedes (Latin to Thai), whatever invisible mark sits there
# (docs/adr/0005-thai-line-breaking.md); after a Thai word it keeps "(" with its word.
BRACKET_AFTER_NUMBER = re.compile(r"(?:[0-9]|\})[ \u00a0]*\((?=[\u0E00-\u0E7F])")


def test_no_thai_bracket_follows_a_number(year: tuple[Framework, RecommendationLibrary]) -> None:
    _, library = year
    for where, text in all_texts(library).items():
        if where.endswith("_th"):
            assert not BRACKET_AFTER_NUMBER.search(text), f"{where}: {text!r}"
    assert BRACKET_AFTER_NUMBER.search("พ.ศ. {plan_year} (อ้างอิงข้อ O23)")
    assert not BRACKET_AFTER_NUMBER.search("ของหน่วยงาน (อ้างอิงข้อ O23) ในปีงบประมาณ พ.ศ. 2569")


def test_i1_points_to_the_operations_manual_o8_and_the_service_manual_o9() -> None:
    cite = load_recommendations(2568).for_item("i1").cite
    assert "O8" in cite
    assert "O9" in cite


@pytest.mark.parametrize(
    ("ident", "evidence"),
    [
        ("i10", {"O8", "O16"}),
        ("i12", {"O8", "O16"}),
        ("i13", {"O16", "O21"}),
        ("i14", {"O23", "O25", "O27"}),
        ("e1", {"O8", "O9"}),
        ("e6", {"O3"}),
        ("e7", {"O20"}),
        ("e8", {"O20", "O6", "O3"}),
        ("e9", {"O10"}),
    ],
)
def test_known_topics_cite_the_evidence_items_of_the_methodology(
    ident: str, evidence: set[str]
) -> None:
    for fy in YEARS:
        assert evidence <= set(load_recommendations(fy).for_item(ident).cite), (fy, ident)


def test_texts_answer_the_question_only_where_its_topic_is_known(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    """Official wording of most questions is unpublished (docs/sources.md): those entries must
    say they address the indicator, and OIT items without a known title their sub-indicator."""
    framework, library = year
    for ident, q in framework.questions.items():
        expected = "question" if q.topic_th else "indicator"
        assert library.for_item(ident).basis == expected, ident
    for ident, o in framework.oit_items.items():
        expected = "item" if o.title_th else "sub_indicator"
        assert library.for_item(ident).basis == expected, ident


def test_oit_entries_ask_for_publication_on_the_main_website(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    framework, library = year
    for ident in framework.oit_items:
        rec = library.for_item(ident)
        assert "เว็บไซต์หลักของหน่วยงาน" in rec.action_th, ident
        assert "main website" in rec.action_en, ident
        assert ident in rec.cite, ident


def test_report_items_name_the_previous_fiscal_year_and_plans_the_assessed_one(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    """O7 of FY2568 is the FY2567 report, O12 the FY2568 procurement list (seed report)."""
    framework, library = year
    fy = framework.fiscal_year
    for ident, item in framework.oit_items.items():
        rec = library.for_item(ident)
        if item.period == "previous":
            assert f"พ.ศ. {fy - 1}" in rec.issue_th, ident
            assert f"พ.ศ. {fy}" not in rec.issue_th, ident
            assert str(fy - 1) in rec.issue_en, ident
    assert all("{" not in t and "}" not in t for t in all_texts(library).values())


def test_procurement_list_o12_is_asked_for_as_machine_readable_table() -> None:
    """O12 is a current-year list: a plan for 2569 built on 2568 results asks for 2569's."""
    rec = load_recommendations(2568).for_item("O12")
    assert "ตาราง" in rec.action_th
    assert "พ.ศ. 2569" in rec.action_th
    assert "2569" in rec.measures[0].kpi_th
    assert "2568" not in rec.action_th + rec.measures[0].kpi_th
    assert "table" in rec.action_en


# "the OIT assessment of <year>" names the assessment the plan prepares for.
_OIT_ROUND = re.compile(r"OIT ปี (\d{4})|the (\d{4}) OIT assessment")
# Laws are cited with the year they were enacted; that year is no fiscal year of the plan.
_STATUTE_YEAR = re.compile(r"(?:พระราชบัญญัติ\S*|Act) (?:พ\.ศ\.|B\.E\.) \d{4}")
_YEAR = re.compile(r"(?<!\d)25\d\d(?!\d)")
# "ปีงบประมาณ" followed by a space must be followed by its year; "พ.ศ." / "B.E." always are.
_EMPTY_YEAR_SLOT = re.compile(
    r"ปีงบประมาณ(?:\s*$| (?!พ\.ศ\. \d{4}))|พ\.ศ\.(?! \d{4})|B\.E\.(?! \d{4})"
)


# O27 analyses the ITA results of the year before (in both years' frameworks): its texts
# carry that year like a previous-year item, though the item itself is current. Its
# central-agency counterpart is O25 (การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร).
ON_LAST_RESULTS = {None: frozenset({"O27"}), "central_agency": frozenset({"O25"})}
RENDERINGS = [(2567, 2568, None), (2568, 2569, None), (2569, 2570, None)]
RENDERINGS += [(2569, 2570, "central_agency")]


@pytest.mark.parametrize(("assessed", "plan", "kind"), RENDERINGS)
def test_every_text_carries_only_the_years_its_sentence_means(
    assessed: int, plan: int, kind: str | None
) -> None:
    """Issue 11: issue statements describe the assessed year; actions, measures, steps and KPIs
    the plan year, except previous-year OIT items, which report on the year before each."""
    framework, library = load_framework(assessed, kind), load_recommendations(assessed, kind)
    wrong: list[str] = []
    for ident, rec in library.items.items():
        item = framework.oit_items.get(ident)
        previous = (item is not None and item.period == "previous") or ident in ON_LAST_RESULTS[
            kind
        ]
        for where, text in texts(rec).items():
            if where.startswith("issue"):
                allowed = {assessed - 1} if previous else {assessed}
            else:
                allowed = {plan - 1} if previous else {plan}
            # "before the OIT assessment of <year>" is always the plan year's assessment
            assessments = {int("".join(m)) for m in _OIT_ROUND.findall(text)}
            if assessments - {plan}:
                wrong.append(f"{ident}.{where}: OIT round {sorted(assessments)}: {text}")
            rest = _OIT_ROUND.sub("", _STATUTE_YEAR.sub("", text))
            years = {int(y) for y in _YEAR.findall(rest)}
            if years - allowed:
                wrong.append(f"{ident}.{where}: {sorted(years)} not in {sorted(allowed)}: {text}")
    for ident, guidance in library.indicators.items():
        for field, text in guidance_texts(guidance).items():
            years = {int(y) for y in _YEAR.findall(_STATUTE_YEAR.sub("", text))}
            if years - {plan}:
                wrong.append(f"indicator {ident}.{field}: {sorted(years)}: {text}")
    assert wrong == []


@pytest.mark.parametrize(("assessed", "kind"), LIBRARIES)
def test_no_text_leaves_a_year_slot_empty(assessed: int, kind: str | None) -> None:
    library = load_recommendations(assessed, kind)
    empty = [
        f"{where}: {text}"
        for where, text in all_texts(library).items()
        if _EMPTY_YEAR_SLOT.search(_STATUTE_YEAR.sub("", text))
    ]
    assert empty == []


def test_thai_terms_are_used_consistently(
    year: tuple[Framework, RecommendationLibrary],
) -> None:
    """One term per concept (brief): no variants of the glossary terms slip in."""
    _, library = year
    variants = ["ผู้มารับบริการ", "เว็บไซต์ของหน่วยงาน", "เวปไซต์", "ผู้รับบริการหรือติดต่อราชการ"]
    for where, text in all_texts(library).items():
        for variant in variants:
            assert variant not in text, f"{where} uses {variant!r}"


def test_unknown_item_id_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match=r"i99.*2568"):
        load_recommendations(2568).for_item("i99")


def test_unknown_fiscal_year_is_a_clear_error() -> None:
    with pytest.raises(UnknownRecommendationYear, match=r"2599.*known: 2567, 2568, 2569"):
        load_recommendations(2599)


# --- hand-edited files --------------------------------------------------------------------------


def shipped_entry(ident: str) -> dict[str, Any]:
    common = yaml.safe_load((DATA_DIR / "recommendations-common.yaml").read_text("utf-8"))
    entry: dict[str, Any] = common["items"][ident]
    return entry


def year_file(
    tmp_path: Path, body: dict[str, Any], name: str = "recommendations-2568.yaml"
) -> Path:
    doc = {"schema_version": 1, "fiscal_year": 2568, "include": ["recommendations-common.yaml"]}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc | body, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def problems_of(path: Path) -> list[tuple[str, int | None, str]]:
    with pytest.raises(InputError) as info:
        load_recommendations_file(path)
    return [(p.file, p.line, p.message) for p in info.value.problems]


def test_a_year_file_that_only_includes_the_shared_texts_loads_complete(tmp_path: Path) -> None:
    library = load_recommendations_file(year_file(tmp_path, {}))
    assert library.fiscal_year == 2568
    assert library.for_item("O7").issue_th == load_recommendations(2568).for_item("O7").issue_th


def test_an_effort_outside_1_to_5_names_file_and_line(tmp_path: Path) -> None:
    path = year_file(tmp_path, {"items": {"i1": shipped_entry("i1") | {"effort": 9}}})
    [(file, line, message)] = problems_of(path)
    assert file == str(path)
    assert line == line_of(path, "effort: 9")
    assert "less than or equal to 5" in message


def test_thai_in_an_english_text_names_file_and_line(tmp_path: Path) -> None:
    entry = shipped_entry("e6") | {"issue_en": "Answers are unclear ประเด็น"}
    path = year_file(tmp_path, {"items": {"e6": entry}})
    [(file, line, message)] = problems_of(path)
    assert (file, line) == (str(path), line_of(path, "issue_en:"))
    assert "must not contain Thai" in message


def test_an_item_written_with_a_zero_is_rejected(tmp_path: Path) -> None:
    entry = shipped_entry("e6")
    entry["action_th"] = entry["action_th"].replace("อ้างอิงข้อ O3", "อ้างอิงข้อ 03")
    path = year_file(tmp_path, {"items": {"e6": entry}})
    messages = [m for _, _, m in problems_of(path)]
    assert any("'03'" in m and "write O3" in m for m in messages), messages


def test_times_and_phone_numbers_are_not_mistaken_for_zero_item_references(
    tmp_path: Path,
) -> None:
    entry = shipped_entry("e6")
    entry["action_th"] += " โดยตอบข้อซักถามทางโทรศัพท์ 042-123456 ตั้งแต่เวลา 08.30 น."
    path = year_file(tmp_path, {"items": {"e6": entry}})
    assert "08.30" in load_recommendations_file(path).for_item("e6").action_th


def test_an_issue_not_starting_with_pradenn_is_rejected(tmp_path: Path) -> None:
    entry = shipped_entry("i2") | {"issue_th": "บุคลากรบางส่วนเห็นว่าการให้บริการไม่เท่าเทียม"}
    path = year_file(tmp_path, {"items": {"i2": entry}})
    [(_, line, message)] = problems_of(path)
    assert line == line_of(path, "issue_th:")
    assert "ประเด็น" in message


def test_an_entry_for_an_id_the_year_does_not_have_is_rejected(tmp_path: Path) -> None:
    path = year_file(tmp_path, {"items": {"i16": shipped_entry("i1")}})
    [(file, line, message)] = problems_of(path)
    assert (file, line) == (str(path), line_of(path, "i16:"))
    assert "i16 is not a question or OIT item of fiscal year 2568" in message


def test_a_missing_entry_is_reported(tmp_path: Path) -> None:
    path = year_file(tmp_path, {"omit": ["O23"]})
    [(file, _, message)] = problems_of(path)
    assert file == str(path)
    assert "no entry for O23" in message


def test_citing_an_item_the_year_lacks_is_rejected(tmp_path: Path) -> None:
    entry = shipped_entry("e9")
    entry["cite"] = ["O99"]
    entry["action_th"] = entry["action_th"].replace("O10", "O99")
    entry["action_en"] = entry["action_en"].replace("O10", "O99")
    path = year_file(tmp_path, {"items": {"e9": entry}})
    [(_, line, message)] = problems_of(path)
    assert line == line_of(path, "- O99")
    assert "cites O99, not an OIT item of 2568" in message


def test_a_cite_the_action_does_not_mention_is_rejected(tmp_path: Path) -> None:
    entry = shipped_entry("e6")
    entry["cite"] = ["O3", "O4"]
    path = year_file(tmp_path, {"items": {"e6": entry}})
    messages = sorted(m for _, _, m in problems_of(path))
    assert messages == [
        "cite lists O4 but the text lacks (see item O4)",
        "cite lists O4 but the text lacks (อ้างอิงข้อ O4)",
    ]


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "recommendations-2568.yaml"
    path.write_text("schema_version: 1\nfiscal_year: 2568\nitems:\n  i1: [unclosed\n", "utf-8")
    [(file, line, message)] = problems_of(path)
    assert file == str(path)
    assert line is not None and line >= 4
    assert "not valid YAML" in message


def test_a_missing_included_file_is_reported(tmp_path: Path) -> None:
    path = year_file(tmp_path, {"include": ["recommendations-gone.yaml"]})
    messages = [m for _, _, m in problems_of(path)]
    assert "included file 'recommendations-gone.yaml' not found" in messages


def test_an_agency_directory_overrides_the_packaged_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = shipped_entry("i1") | {"responsible_unit": "กองยุทธศาสตร์และงบประมาณ"}
    year_file(tmp_path, {"items": {"i1": entry}})
    monkeypatch.setenv(ENV_DIRS, str(tmp_path))
    library = load_recommendations(2568)
    assert library.for_item("i1").responsible_unit == "กองยุทธศาสตร์และงบประมาณ"
    assert library.for_item("i2") == load_recommendations_file(
        DATA_DIR / "recommendations-2568.yaml"
    ).for_item("i2")


def test_a_file_named_for_one_year_holding_another_is_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    year_file(tmp_path, {}, name="recommendations-2567.yaml")  # says fiscal_year 2568
    monkeypatch.setenv(ENV_DIRS, str(tmp_path))
    with pytest.raises(InputError, match="file name says 2567, fiscal_year says 2568"):
        load_recommendations(2567)


def test_year_placeholders_are_filled_by_meaning(tmp_path: Path) -> None:
    o12 = shipped_entry("O12")
    o12["action_th"] = (
        "หน่วยงานควรเผยแพร่รายการ (อ้างอิงข้อ O12) ปี {assessed_year} {assessed_item_year}"
        " {plan_year} {previous_item_year}"
    )
    library = load_recommendations_file(year_file(tmp_path, {"items": {"O12": o12}}))
    assert library.for_item("O12").action_th.endswith("ปี 2568 2567 2569 2568")


def test_legacy_positional_placeholders_keep_their_old_meaning(tmp_path: Path) -> None:
    """Agency files written before issue 11 still load: {fiscal_year} was the assessed year."""
    o12 = shipped_entry("O12")
    o12["action_th"] = "หน่วยงานควรเผยแพร่รายการ (อ้างอิงข้อ O12) ปี {fiscal_year} {previous_year}"
    library = load_recommendations_file(year_file(tmp_path, {"items": {"O12": o12}}))
    assert library.for_item("O12").action_th.endswith("ปี 2568 2567")


def test_an_unknown_placeholder_names_the_year_placeholders(tmp_path: Path) -> None:
    o12 = shipped_entry("O12")
    o12["kpi_th"] = "x"
    o12["measures"][0]["kpi_th"] = "เผยแพร่ครบทุกเดือนของปีงบประมาณ พ.ศ. {year}"
    (problem,) = problems_of(year_file(tmp_path, {"items": {"O12": o12}}))[:1]
    assert "{year}" in problem[2]
    assert "{plan_year}" in problem[2] and "{previous_item_year}" in problem[2]
