"""The report context: every number, year and name of the seed agency's report, from data."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from openita.analysis.weaknesses import analyse
from openita.frameworks import load_framework
from openita.reports.context import PeerAverage, ReportContext, YearScore, build_context
from openita.reports.job import ReportJob, build_job_context
from openita.scoring import AgencyResult, format_score, score
from openita.scoring.model import Agency
from openita.thaidate import fiscal_year_bounds, thai_period
from tests.conftest import SEED_2567, SEED_2568
from tests.reports.conftest import seed_result

SNAPSHOT = Path(__file__).parent / "snapshots" / "khambong-2568.json"


def test_cover_names_agency_district_province_and_the_year(
    seed_context: ReportContext,
) -> None:
    cover = seed_context.cover
    assert cover.title == "รายงานการนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    assert cover.agency == "เทศบาลตำบลคำบง"
    assert cover.location == "อำเภอบ้านผือ จังหวัดอุดรธานี"
    # Digits follow the one --digits choice (Arabic by default), converted when rendered.
    assert cover.year_line == "ประจำปีงบประมาณ พ.ศ. 2568"


def test_overall_statement_gives_score_and_level(seed_context: ReportContext) -> None:
    assert seed_context.overall == "94.11"
    assert seed_context.level == "ผ่านดี"
    assert "94.11 คะแนน อยู่ในระดับผ่านดี" in seed_context.statement


def test_analysis_compares_with_the_previous_fiscal_year_in_points_and_percent(
    seed_context: ReportContext,
) -> None:
    """The seed report wrote "ลดลงจากปีงบประมาณ พ.ศ.2568" for last year; ours names 2567."""
    first = seed_context.analysis[0].text
    points = format_score(99.00 - 94.11)
    percent = format_score((99.00 - 94.11) / 99.00 * 100)
    assert (points, percent) == ("4.89", "4.94")
    assert (
        f"(94.11 คะแนน) ลดลง {points} คะแนน (ร้อยละ {percent}) เมื่อเทียบกับ"
        "ปีงบประมาณ พ.ศ. 2567 ซึ่งได้ 99.00 คะแนน อยู่ในระดับผ่านดีเยี่ยม"
    ) in first
    assert "ประจำปีงบประมาณ พ.ศ. 2568 อยู่ในระดับผ่านดี (94.11 คะแนน)" in first
    assert "2568 ซึ่งอยู่ในระดับผ่านดีเยี่ยม" not in first


def test_indicator_table_lists_all_ten_indicators_with_both_years(
    seed_context: ReportContext,
) -> None:
    table = seed_context.indicator_table
    assert table.years == [2567, 2568]
    assert [r.indicator for r in table.rows] == [str(n) for n in range(1, 11)]
    for row in table.rows:
        before, now = SEED_2567[row.indicator], SEED_2568[row.indicator]
        assert row.scores == [format_score(before), format_score(now)]
        points = round(now - before, 2)
        assert row.direction == ("เพิ่มขึ้น" if points > 0 else "ลดลง" if points < 0 else "คงที่")
        assert row.change.lstrip("+−") == format_score(abs(points))


def test_totals_give_both_overall_scores_and_levels(seed_context: ReportContext) -> None:
    totals = {r.name: r for r in seed_context.indicator_table.totals}
    assert totals["คะแนนภาพรวม"].scores == ["99.00", "94.11"]
    assert totals["คะแนนภาพรวม"].change == "−4.89"
    assert totals["ระดับผลการประเมิน"].scores == ["ผ่านดีเยี่ยม", "ผ่านดี"]
    assert totals["ระดับผลการประเมิน"].direction == "ลดลง"


def test_fallen_indicators_are_explained_by_their_weak_items(seed_context: ReportContext) -> None:
    fallen = next(p for p in seed_context.analysis if p.text.startswith("ตัวชี้วัดที่มีคะแนนลดลง"))
    text = " ".join(fallen.bullets)
    assert "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล จาก 100.00 เป็น 82.50 คะแนน (−17.50 คะแนน)" in text
    assert "ข้อ O7 และ O12" in text
    assert "ตัวชี้วัดที่ 10 การป้องกันการทุจริต" in text and "O23" in text


def test_every_weak_point_has_a_recommendation_under_its_tool(
    seed_job: ReportJob, seed_context: ReportContext
) -> None:
    framework = load_framework(2568)
    analysis = analyse(framework, seed_job.result, seed_job.previous)
    listed = {
        (t.tool, e.id)
        for t in seed_context.recommendations
        for s in t.sections
        for g in s.groups
        for e in g.entries
    }
    for wp in analysis.weak_points:
        assert (wp.tool, wp.id) in listed
    assert [t.tool for t in seed_context.recommendations] == ["IIT", "EIT", "OIT"]


def test_oit_recommendations_are_grouped_by_sub_indicator_and_cite_oit_items(
    seed_context: ReportContext,
) -> None:
    oit = next(t for t in seed_context.recommendations if t.tool == "OIT")
    groups = {g.heading: g for g in oit.sections[0].groups}
    assert [e.id for e in groups["ตัวชี้วัดย่อย 9.2 การบริหารงานและการใช้จ่ายงบประมาณ"].entries] == ["O7"]
    assert [e.id for e in groups["ตัวชี้วัดย่อย 9.3 การจัดซื้อจัดจ้าง"].entries] == ["O12"]
    o7 = groups["ตัวชี้วัดย่อย 9.2 การบริหารงานและการใช้จ่ายงบประมาณ"].entries[0]
    assert o7.title.endswith(" ปีงบประมาณ พ.ศ. 2567")  # a "report" item covers the previous year
    assert "(" not in o7.title
    for group in groups.values():
        for entry in group.entries:
            assert entry.issue.startswith("ประเด็น")
            assert entry.evidence and all(re.match(r"O\d+ ", e) for e in entry.evidence)


def test_eit_recommendations_are_split_into_part_1_and_part_2(seed_context: ReportContext) -> None:
    eit = next(t for t in seed_context.recommendations if t.tool == "EIT")
    headings = [s.heading for s in eit.sections]
    assert headings[0].startswith("ส่วนที่ 1") and headings[1].startswith("ส่วนที่ 2")
    part1 = [e.id for g in eit.sections[0].groups for e in g.entries]
    assert part1 == ["e1", "e6", "e7", "e8", "e9"]  # part-2 scores are all 100.00
    assert eit.sections[1].groups[0].note


def test_every_indicator_has_a_detail_row(seed_context: ReportContext) -> None:
    indicators = {r.indicator.split(" ")[0] for r in seed_context.details}
    assert indicators == {str(n) for n in range(1, 11)}
    e1 = next(r for r in seed_context.details if r.question == "e1")
    assert e1.score == ["ส่วนที่ 1: 99.51", "ส่วนที่ 2: 100.00"]
    assert all(r.text for r in seed_context.details)


def test_drafted_plan_runs_in_the_fiscal_year_after_the_results(
    seed_context: ReportContext,
) -> None:
    plan = seed_context.plan
    assert plan is not None
    assert plan.heading.endswith("ปีงบประมาณ พ.ศ. 2569")
    start, end = fiscal_year_bounds(2569)
    periods = {r.period.replace("\u00a0", " ") for r in plan.rows}  # no-break inside a date
    assert periods == {thai_period(start, end, abbreviated=True)}
    assert plan.rows[0].period == "1\u00a0ต.ค.\u00a02568 – 30\u00a0ก.ย.\u00a02569"  # short
    assert plan.rows and all(r.steps and r.unit for r in plan.rows)


def test_a_given_plan_replaces_the_draft(seed_job: ReportJob) -> None:
    from openita.analysis.plan import ActionPlan, Measure, PlanSection

    measure = Measure(
        title="จัดทำรายงานผลการดำเนินงานประจำปี",
        responsible_unit="กองคลัง",
        steps=["รวบรวมผลการดำเนินงาน", "เผยแพร่บนเว็บไซต์หลัก"],
        start=date(2025, 10, 1),
        end=date(2026, 3, 31),
        kpi="เผยแพร่ภายในเดือนมีนาคม",
        addresses=["O7"],
    )
    plan = ActionPlan(
        2569, 2568, "เทศบาลตำบลคำบง", ["กองคลัง"],
        [PlanSection("9", "การเปิดเผยข้อมูล", "ประเด็นรายงานผลการดำเนินงาน", [measure])],
    )  # fmt: skip
    context = build_job_context(replace(seed_job, plan=plan))
    assert context.plan is not None
    (row,) = context.plan.rows
    assert row.issue == ["ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", "ตอบข้อ O7"]
    assert row.period.replace("\u00a0", " ") == "1 ต.ค. 2568 – 31 มี.ค. 2569"
    assert row.steps == ["1. รวบรวมผลการดำเนินงาน", "2. เผยแพร่บนเว็บไซต์หลัก"]


def test_without_last_year_the_table_has_one_year_and_no_change() -> None:
    context = build_job_context(ReportJob(result=seed_result(2568)))
    assert context.indicator_table.years == [2568]
    assert all(len(r.scores) == 1 and not r.change for r in context.indicator_table.rows)
    assert "ไม่มีผลการประเมินของปีก่อนหน้า" in context.analysis[0].text


def _custom(indicators: dict[str, float], agency: Agency) -> tuple[AgencyResult, ReportContext]:
    framework = load_framework(2568)
    result = AgencyResult.build(2568, agency, indicators=indicators)
    return result, build_context(framework, result, score(framework, result))


def test_target_not_met_names_the_tool_below_the_pass_threshold() -> None:
    low_oit = {**SEED_2568, "9": 60.0, "10": 70.0}
    _, context = _custom(low_oit, Agency("เทศบาลตัวอย่าง"))
    assert context.target.startswith("หน่วยงานยังไม่บรรลุค่าเป้าหมาย")
    assert "เครื่องมือ OIT ได้ต่ำกว่า 85.00 คะแนน" in context.target


def test_bangkok_district_is_khet_and_has_no_changwat_prefix() -> None:
    _, context = _custom(
        SEED_2568, Agency("สำนักงานเขตบางรัก", district="บางรัก", province="กรุงเทพมหานคร")
    )
    assert context.cover.location == "เขตบางรัก กรุงเทพมหานคร"


def test_history_years_get_their_own_bars_and_indicator_chart(seed_job: ReportJob) -> None:
    framework = load_framework(2568)
    analysis = analyse(framework, seed_job.result, seed_job.previous)
    y2566 = YearScore(2566, 97.5, "ผ่านดีเยี่ยม", {"IIT": 98.0, "EIT": 97.0, "OIT": 97.5}, SEED_2567)
    context = build_context(
        framework, seed_job.result, analysis.scores, previous=analysis.previous, history=[y2566]
    )
    charts = {c.key: c for c in context.charts}
    assert charts["overall_history"].categories == ["พ.ศ. 2566", "พ.ศ. 2567", "พ.ศ. 2568"]
    assert charts["overall_history"].series[0].values == [97.5, 99.0, 94.11]
    assert {"indicators_2566", "indicators_2567", "indicators_2568"} <= set(charts)


def test_peer_averages_compare_the_overall_score() -> None:
    _, base = _custom(SEED_2568, Agency("เทศบาลตำบลคำบง"))
    framework = load_framework(2568)
    result = AgencyResult.build(2568, "เทศบาลตำบลคำบง", indicators=SEED_2568)
    context = build_context(
        framework,
        result,
        score(framework, result),
        peers=[PeerAverage("ค่าเฉลี่ยระดับประเทศ", 93.82), PeerAverage("จังหวัด", 95.00)],
    )
    assert base.peers == []
    assert [(p.score, p.difference) for p in context.peers] == [
        ("93.82", "สูงกว่าค่าเฉลี่ย 0.29 คะแนน"),
        ("95.00", "ต่ำกว่าค่าเฉลี่ย 0.89 คะแนน"),
    ]


def test_generated_text_has_no_typographic_slips(seed_context: ReportContext) -> None:
    """No doubled spaces, no space inside brackets, no ำ split into ํ + า, no "08" for O8."""
    for text in seed_context.thai_strings():
        assert "  " not in text, text
        assert "( " not in text and " )" not in text, text
        assert "\u0e4d\u0e32" not in text, text  # NIKHAHIT + SARA AA instead of SARA AM
        assert "สำนักงำน" not in text
        assert not re.search(r"อ้างอิงข้อ 0\d", text), text
        assert text == text.strip(), text


def test_context_is_plain_data_and_building_it_twice_gives_the_same_value(
    seed_job: ReportJob, seed_context: ReportContext
) -> None:
    again = build_job_context(seed_job)
    assert again == seed_context
    json.dumps(seed_context.as_dict(), ensure_ascii=False)


def test_context_matches_the_committed_snapshot(seed_context: ReportContext) -> None:
    """Any change to the report's content shows up here as a reviewable JSON diff.

    After an intended change: OPENITA_UPDATE_SNAPSHOTS=1 uv run pytest tests/reports
    """
    current = json.dumps(seed_context.as_dict(), ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("OPENITA_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    if not SNAPSHOT.exists():
        pytest.fail(f"no snapshot yet: run with OPENITA_UPDATE_SNAPSHOTS=1 to write {SNAPSHOT}")
    assert json.loads(current) == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_priority_items_read_as_advice_and_oit_gains_say_they_are_estimates(
    seed_context: ReportContext,
) -> None:
    """Issue 11 prose: "ข้อที่ควรเร่งปรับปรุงเป็นลำดับแรก เนื่องจาก…", "หากได้คะแนนเต็ม คาดว่า…",
    and an OIT gain is labelled an estimate, as the CLI labels it."""
    [priority] = [p for p in seed_context.analysis if "ลำดับแรก" in p.text]
    assert priority.text.startswith("ข้อที่ควรเร่งปรับปรุงเป็นลำดับแรก เนื่องจาก")
    assert all("หากได้คะแนนเต็ม คาดว่าคะแนนภาพรวมจะเพิ่มขึ้นประมาณ" in b for b in priority.bullets)
    for bullet in priority.bullets:
        estimate = "(ค่าประมาณ" in bullet
        assert estimate == bullet.startswith("ข้อ O"), bullet
    assert any(b.startswith("ข้อ O") for b in priority.bullets)
    assert "เพิ่มคะแนนภาพรวมได้" not in json.dumps(seed_context.as_dict(), ensure_ascii=False)


def test_no_en_dash_in_e_service_and_levels_get_better_not_higher(
    seed_context: ReportContext,
) -> None:
    text = json.dumps(seed_context.as_dict(), ensure_ascii=False)
    assert "E–Service" not in text
    assert "ต่ำลง" not in text and "สูงขึ้น" not in text
