"""The report context: every number, year and name of the seed agency's report, from data."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

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


def _entries(context: ReportContext) -> list[tuple[str, str]]:
    return [
        (t.tool, e.id)
        for t in context.recommendations
        for s in t.sections
        for g in s.groups
        for e in g.entries
    ]


def test_recommended_items_and_only_they_get_a_recommendation_under_their_tool(
    seed_job: ReportJob, seed_context: ReportContext
) -> None:
    """Issue 11 (deliver 4): the analysis' rule decides; the report body follows it."""
    framework = load_framework(2568)
    analysis = analyse(framework, seed_job.result, seed_job.previous)
    listed = _entries(seed_context)
    expected = {(wp.tool, wp.id) for wp in analysis.recommended}
    expected |= {(m.tool, m.id) for m in analysis.missing_items}
    assert set(listed) == expected == {
        ("IIT", "i10"), ("OIT", "O2"), ("OIT", "O7"), ("OIT", "O12"), ("OIT", "O23")
    }  # fmt: skip
    assert len(listed) == len(set(listed))
    assert [t.tool for t in seed_context.recommendations] == ["IIT", "EIT", "OIT"]


def test_indicators_to_maintain_are_named_and_the_rest_is_left_to_the_appendix(
    seed_context: ReportContext,
) -> None:
    iit, eit, _ = seed_context.recommendations
    assert "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ 2 การใช้งบประมาณ 3 การใช้อำนาจ และ 5" in iit.intro
    assert "ควรรักษามาตรฐานไว้" in iit.intro and "ภาคผนวก" in iit.intro
    (group_4,) = iit.sections[0].groups
    assert group_4.heading == "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ"
    assert "i12 (98.89 คะแนน)" in group_4.after and "ภาคผนวก" in group_4.after
    # EIT: every question is at 98.77 or more in indicators at 99.7 or more.
    assert eit.sections == []
    assert "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน 7 ประสิทธิภาพการสื่อสาร และ 8" in eit.intro


def test_every_heading_carries_a_topic_never_a_bare_id_and_score() -> None:
    """Issue 11: not "i2 (96.00 คะแนน)". A question without a public topic is named by its
    indicator; an EIT question in two parts is one block with both scores."""
    framework = load_framework(2568)
    indicators = {**SEED_2568, "1": 90.0, "6": 90.0}
    result = AgencyResult.build(
        2568,
        "เทศบาลทดสอบ",
        indicators=indicators,
        questions={"i2": 80.0, **{f"O{n}": 100.0 for n in range(1, 29)}},
        question_parts={"e2": {1: 85.0, 2: 88.0}},
    )
    analysis = analyse(framework, result)
    context = build_context(
        framework, result, analysis.scores, analysis=analysis, library=_library(2568)
    )
    entries = {
        e.id: e
        for t in context.recommendations
        for s in t.sections
        for g in s.groups
        for e in g.entries
    }
    assert entries["i2"].label == "i2 ข้อคำถามด้านการปฏิบัติหน้าที่ (80.00 คะแนน)"
    assert entries["e2"].label == (
        "e2 ข้อคำถามด้านคุณภาพการดำเนินงาน (ส่วนที่ 1 85.00 คะแนน ส่วนที่ 2 88.00 คะแนน)"
    )
    assert [i for t, i in _entries(context)].count("e2") == 1  # parts merged: one block
    for entry in entries.values():
        assert not re.match(r"^[ieO]\d+ \(", entry.label), entry.label


def test_an_indicators_only_result_gets_indicator_guidance_and_no_item_table() -> None:
    framework = load_framework(2568)
    indicators = {**SEED_2568, "6": 90.0}
    result = AgencyResult.build(2568, "เทศบาลทดสอบ", indicators=indicators)
    analysis = analyse(framework, result)
    library = _library(2568)
    context = build_context(framework, result, analysis.scores, analysis=analysis, library=library)
    eit = next(t for t in context.recommendations if t.tool == "EIT")
    (group,) = eit.sections[0].groups
    assert group.heading == "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน (90.00 คะแนน)"
    assert group.note == library.indicators["6"].improve_th
    assert context.appendix.tables == []
    assert "เฉพาะคะแนนรายตัวชี้วัด" in context.appendix.intro


def _library(year: int) -> Any:
    from openita.analysis.recommendations import load_recommendations

    return load_recommendations(year)


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


def test_the_appendix_lists_every_question_and_oit_item_with_its_score(
    seed_context: ReportContext,
) -> None:
    questions, oit = seed_context.appendix.tables
    assert [r.item for r in questions.rows] == [
        "i1", "i10", "i12", "i13", "i14", "e1", "e6", "e7", "e8", "e9"
    ]  # fmt: skip
    e1 = next(r for r in questions.rows if r.item == "e1")
    assert e1.scores == ["ส่วนที่\u00a01:\u00a099.51", "ส่วนที่\u00a02:\u00a0100.00"]  # one line each
    assert e1.title == "การให้บริการเป็นไปตามขั้นตอนและระยะเวลาที่กำหนด"
    assert [r.item for r in oit.rows] == [f"O{n}" for n in range(1, 29)]
    scores = {r.item: r.scores for r in oit.rows}
    assert scores["O7"] == ["0.00"] and scores["O23"] == ["50.00"] and scores["O2"] == ["–"]
    marked = {r.item for t in (questions, oit) for r in t.rows if r.mark}
    assert marked == {"i10", "O2", "O7", "O12", "O23"}
    assert all(r.title for t in (questions, oit) for r in t.rows)
    assert "95.00 คะแนน" in seed_context.appendix.intro
    assert "ร้อยละ 80" in seed_context.appendix.intro


def test_drafted_plan_runs_in_the_fiscal_year_after_the_results(
    seed_context: ReportContext,
) -> None:
    plan = seed_context.plan
    assert plan is not None
    assert plan.heading.endswith("ปีงบประมาณ พ.ศ. 2569")
    start, end = fiscal_year_bounds(2569)
    half = thai_period(start, date(2026, 3, 31), abbreviated=True)  # before the OIT assessment
    periods = {r.period.replace("\u00a0", " ") for r in plan.rows}  # no-break inside a date
    assert periods <= {thai_period(start, end, abbreviated=True), half}
    assert any(r.period == "1\u00a0ต.ค.\u00a02568 – 30\u00a0ก.ย.\u00a02569" for r in plan.rows)
    assert plan.rows and all(r.steps and r.unit for r in plan.rows)
    # Issue 11 (deliver 3): every one of the ten indicators has its measures in Part 2.
    indicators = {r.issue[0].split(" ")[1] for r in plan.rows}
    assert indicators == {str(n) for n in range(1, 11)}


def test_an_indicators_only_report_has_part_2_for_every_indicator() -> None:
    """Issue 11: the FY2567 seed file has indicator scores only; Part 2 is never empty."""
    context = build_job_context(ReportJob(result=seed_result(2567)))
    assert context.plan is not None
    indicators = [r.issue[0].split(" ")[1] for r in context.plan.rows]
    assert sorted(set(indicators), key=int) == [str(n) for n in range(1, 11)]
    assert all(r.measure.split(". ", 1)[1].startswith("รักษามาตรฐาน") for r in context.plan.rows)


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
