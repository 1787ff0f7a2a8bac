"""The drafted action plan: grouped by indicator, next fiscal year, editable and checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from openita.analysis.plan import (
    DEFAULT_MUNICIPAL_UNITS,
    draft_plan,
    dump_plan,
    load_plan,
    match_unit,
    parse_units,
    timeframe_bounds,
)
from openita.analysis.recommendations import RecommendationLibrary, load_recommendations
from openita.analysis.weaknesses import analyse
from openita.errors import InputError
from openita.frameworks import Framework
from openita.scoring import AgencyResult
from openita.thaidate import fiscal_year_bounds


@pytest.fixture
def plan_text(
    fw2568: Framework, seed_2568: AgencyResult, library_2568: RecommendationLibrary
) -> str:
    return dump_plan(draft_plan(analyse(fw2568, seed_2568), library_2568, framework=fw2568))


def test_without_indicator_measures_only_indicators_with_recommended_items_get_a_section(
    fw2568: Framework, seed_2568: AgencyResult, library_2568: RecommendationLibrary
) -> None:
    analysis = analyse(fw2568, seed_2568)
    plan = draft_plan(analysis, library_2568, framework=fw2568)  # tiny library: no indicators
    expected = {wp.indicator for wp in analysis.recommended} | {
        m.indicator for m in analysis.missing_items
    }
    assert [s.indicator for s in plan.sections] == sorted(expected, key=int)
    section_9 = next(s for s in plan.sections if s.indicator == "9")
    assert section_9.indicator_name == fw2568.indicators["9"].name_th
    addressed = {a for m in section_9.measures for a in m.addresses}
    assert addressed == {"O7", "O12", "O2"}
    assert library_2568.for_item("O12").issue_th in section_9.issue


def test_an_indicators_only_result_gets_ten_sections_none_empty(
    fw2567: Framework, seed_2567: AgencyResult
) -> None:
    """Issue 11: most agencies copy only indicator scores from ITAS; Part 2 is still complete.
    The seed's FY2567 indicators are all at 95 or more: every section maintains the standard."""
    library = load_recommendations(2567)
    plan = draft_plan(analyse(fw2567, seed_2567), library, framework=fw2567)
    assert [s.indicator for s in plan.sections] == list(fw2567.indicators)
    for section in plan.sections:
        assert section.measures, section.indicator
        assert all(m.title.startswith("รักษามาตรฐาน") for m in section.measures)
        assert all(m.steps and m.kpi and m.responsible_unit for m in section.measures)
        assert section.issue == library.indicators[section.indicator].maintain_th


def test_a_low_indicator_without_item_data_gets_improve_measures(fw2568: Framework) -> None:
    indicators = {str(n): 99.0 for n in range(1, 11)} | {"6": 90.0}
    result = AgencyResult.build(2568, "เทศบาลทดสอบ", indicators=indicators)
    library = load_recommendations(2568)
    plan = draft_plan(analyse(fw2568, result), library, framework=fw2568)
    section_6 = next(s for s in plan.sections if s.indicator == "6")
    improve = [m.title_th for m in library.indicators["6"].improve_measures]
    assert [m.title for m in section_6.measures] == improve
    assert section_6.issue == library.indicators["6"].improve_th
    assert len(plan.sections) == 10


def test_a_detailed_result_gets_item_measures_and_maintain_measures_elsewhere(
    fw2568: Framework, seed_2568: AgencyResult
) -> None:
    library = load_recommendations(2568)
    analysis = analyse(fw2568, seed_2568)
    plan = draft_plan(analysis, library, framework=fw2568)
    assert [s.indicator for s in plan.sections] == list(fw2568.indicators)
    by_indicator = {s.indicator: s for s in plan.sections}
    # Recommended items (i10, O7, O12, O23) and the missing O2 are answered item by item.
    answered = {a for s in plan.sections for m in s.measures for a in m.addresses}
    assert answered == {"i10", "O2", "O7", "O12", "O23"}
    assert {a for m in by_indicator["4"].measures for a in m.addresses} == {"i10"}
    # i1 (96.67) is in the appendix, not in the plan: indicator 1 (98.70) is maintained.
    for ind in ("1", "2", "3", "5", "6", "7", "8"):
        titles = [m.title for m in by_indicator[ind].measures]
        assert titles == [m.title_th for m in library.indicators[ind].maintain_measures], ind
        assert all(not m.addresses for m in by_indicator[ind].measures)


def test_a_measure_may_run_in_part_of_the_plan_year() -> None:
    assert timeframe_bounds(2569, "year") == fiscal_year_bounds(2569)
    assert timeframe_bounds(2569, "first_half") == (date(2025, 10, 1), date(2026, 3, 31))
    assert timeframe_bounds(2569, "first_quarter") == (date(2025, 10, 1), date(2025, 12, 31))
    assert timeframe_bounds(2569, "second_half") == (date(2026, 4, 1), date(2026, 9, 30))
    with pytest.raises(ValueError, match="timeframe"):
        timeframe_bounds(2569, "someday")


def test_draft_runs_over_the_whole_next_fiscal_year(
    fw2568: Framework, seed_2568: AgencyResult, library_2568: RecommendationLibrary
) -> None:
    plan = draft_plan(analyse(fw2568, seed_2568), library_2568, framework=fw2568)
    assert (plan.fiscal_year, plan.based_on_year) == (2569, 2568)
    start, end = fiscal_year_bounds(2569)
    measures = [m for s in plan.sections for m in s.measures]
    assert measures and all((m.start, m.end) == (start, end) for m in measures)
    assert all(m.status == "not_started" and m.progress == 0 for m in measures)


def test_a_municipality_gets_the_default_units_and_its_own_units_win(
    fw2568: Framework, seed_2568: AgencyResult, library_2568: RecommendationLibrary
) -> None:
    analysis = analyse(fw2568, seed_2568)
    plan = draft_plan(analysis, library_2568, framework=fw2568)
    assert plan.units == list(DEFAULT_MUNICIPAL_UNITS)
    own = draft_plan(analysis, library_2568, ["สำนักปลัดเทศบาล", "กองคลัง"], framework=fw2568)
    units = {m.responsible_unit for s in own.sections for m in s.measures}
    assert units == {"สำนักปลัดเทศบาล", "กองคลัง"}


def test_units_match_exactly_then_by_prefix_else_the_library_default_stays() -> None:
    assert match_unit("กองคลัง", ["กองช่าง", "กองคลัง"]) == "กองคลัง"
    assert match_unit("สำนักปลัด", ["สำนักปลัดเทศบาล"]) == "สำนักปลัดเทศบาล"
    assert match_unit("กองช่าง", ["กองคลัง"]) == "กองช่าง"


def test_units_file_skips_blank_lines_comments_and_repeats() -> None:
    assert parse_units("# units\nสำนักปลัด\n\n  กองคลัง \nสำนักปลัด\n") == ["สำนักปลัด", "กองคลัง"]


def test_dumped_plan_reads_back_unchanged(
    tmp_path: Path,
    fw2568: Framework,
    seed_2568: AgencyResult,
    library_2568: RecommendationLibrary,
) -> None:
    plan = draft_plan(analyse(fw2568, seed_2568), library_2568, framework=fw2568)
    path = tmp_path / "plan.yaml"
    path.write_text(dump_plan(plan), encoding="utf-8")
    assert "&id" not in path.read_text(encoding="utf-8")
    assert "start: 2025-10-01" in path.read_text(encoding="utf-8")
    assert load_plan(path) == plan


def test_an_edited_status_and_progress_are_kept(tmp_path: Path, plan_text: str) -> None:
    edited = plan_text.replace("status: not_started", "status: in_progress", 1).replace(
        "progress: 0", "progress: 40", 1
    )
    path = tmp_path / "plan.yaml"
    path.write_text(edited, encoding="utf-8")
    first = load_plan(path).sections[0].measures[0]
    assert (first.status, first.progress) == ("in_progress", 40)


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("status: not_started", "status: started", "sections.0.measures.0.status",
         "unknown status 'started'"),
        ("progress: 0", "progress: 150", "sections.0.measures.0.progress", "0 to 100"),
        ("end: 2026-09-30", "end: 2025-09-30", "sections.0.measures.0.end", "before start"),
        ("indicator: '4'", "indicator: '11'", "sections.0.indicator", "unknown indicator '11'"),
        ("start: 2025-10-01", "start: 2568-10-01", "sections.0.measures.0.start",
         "Buddhist-era"),
        ("start: 2025-10-01", "start: 1 ต.ค. 2568", "sections.0.measures.0.start",
         "not a date"),
        # A plan moved to another year keeps texts written for 2569: refused, not reported.
        ("fiscal_year: 2569", "fiscal_year: 2570", "fiscal_year",
         "answers the results of 2569, but based_on_year is 2568"),
    ],
)  # fmt: skip
def test_plan_mistakes_name_the_file_line_and_field(
    tmp_path: Path, plan_text: str, old: str, new: str, field: str, message: str
) -> None:
    edited = plan_text.replace(old, new, 1)
    path = tmp_path / "plan.yaml"
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    problem = caught.value.problems[0]
    assert problem.file == str(path)
    assert problem.field == field
    assert problem.line == _line_of(edited, new)
    assert message in problem.message


def test_an_empty_measure_title_is_refused(tmp_path: Path, plan_text: str) -> None:
    first_title = next(line for line in plan_text.splitlines() if "- title:" in line)
    edited = plan_text.replace(first_title, "  - title: '  '", 1)
    path = tmp_path / "plan.yaml"
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(InputError, match="title must not be empty"):
        load_plan(path)


def test_a_plan_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="a plan is a mapping"):
        load_plan(path)
