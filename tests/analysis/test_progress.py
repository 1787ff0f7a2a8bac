"""Progress notes in the plan file, and where a plan stands on a report date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from openita.analysis.plan import (
    ActionPlan,
    Measure,
    PlanSection,
    ProgressNote,
    dump_plan,
    load_plan,
)
from openita.analysis.progress import (
    MAX_DONE_NOTES,
    attach_evidence,
    plan_standing,
    report_round,
    round_end,
    standing,
)
from openita.errors import InputError

#: A plan file as ``openita plan draft`` wrote it before progress notes existed.
OLD_FORMAT = """\
fiscal_year: 2569
based_on_year: 2568
agency: เทศบาลตำบลคำบง
units: [สำนักปลัด]
sections:
- indicator: '1'
  indicator_name: การปฏิบัติหน้าที่
  issue: ''
  measures:
  - title: ทบทวนคู่มือการปฏิบัติงาน
    responsible_unit: สำนักปลัด
    steps: [ทบทวน, เผยแพร่]
    start: 2025-10-01
    end: 2026-09-30
    kpi: เผยแพร่คู่มือ
    status: in_progress
    progress: 40
    addresses: [i1]
"""

NOTES = """\
    notes:
    - date: 2025-12-15
      progress: 30
      status: in_progress
      done: ประชุมชี้แจงเจ้าหน้าที่
      evidence: [https://example.go.th/news/1]
    - date: 2026-03-20
      progress: 100
      status: done
      done: เผยแพร่คู่มือบนเว็บไซต์
      evidence: [https://example.go.th/news/2]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plan_file_of_the_old_format_loads_with_no_notes(tmp_path: Path) -> None:
    measure = load_plan(_write(tmp_path, OLD_FORMAT)).sections[0].measures[0]
    assert measure.notes == []
    assert (measure.status, measure.progress) == ("in_progress", 40)
    # and it is written back without a notes key, as before
    written = dump_plan(load_plan(_write(tmp_path, OLD_FORMAT))).splitlines()
    assert not [line for line in written if "notes" in line and not line.startswith("#")]


def test_progress_notes_load_and_dump_back_unchanged(tmp_path: Path) -> None:
    plan = load_plan(_write(tmp_path, OLD_FORMAT + NOTES))
    notes = plan.sections[0].measures[0].notes
    assert [n.date for n in notes] == [date(2025, 12, 15), date(2026, 3, 20)]
    assert notes[1] == ProgressNote(
        date(2026, 3, 20), 100, "done", "เผยแพร่คู่มือบนเว็บไซต์", ["https://example.go.th/news/2"]
    )
    again = load_plan(_write(tmp_path, dump_plan(plan)))
    assert again == plan


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("date: 2025-12-15", "date: 2568-12-15", "notes.0.date", "Buddhist-era"),
        ("date: 2025-12-15", "date: 2026-12-15", "notes.1.date", "oldest first"),
        ("progress: 30", "progress: 130", "notes.0.progress", "0 to 100"),
        ("status: done", "status: finished", "notes.1.status", "unknown status"),
        ("done: ประชุม", "when: ประชุม", "notes.0.when", "unknown field"),
    ],
)
def test_note_mistakes_name_the_field(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    text = (OLD_FORMAT + NOTES).replace(old, new, 1)
    with pytest.raises(InputError) as caught:
        load_plan(_write(tmp_path, text))
    problem = caught.value.problems[0]
    assert problem.field == f"sections.0.measures.0.{field}"
    assert message in problem.message


def test_a_note_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    text = (OLD_FORMAT + NOTES).replace("ประชุมชี้แจงเจ้าหน้าที่", "ก" * 2001, 1)
    with pytest.raises(InputError):
        load_plan(_write(tmp_path, text))


def test_rounds_end_on_31_march_and_30_september_of_the_plan_year() -> None:
    assert round_end(2569, 6) == date(2026, 3, 31)
    assert round_end(2569, 12) == date(2026, 9, 30)
    assert report_round(2569, months=6).start == date(2025, 10, 1)
    assert report_round(2569, as_of=date(2026, 3, 31)).months == 6
    assert report_round(2569, as_of=date(2026, 4, 1)).months == 12
    late = report_round(2569, as_of=date(2027, 1, 5))
    assert (late.months, late.as_of) == (12, date(2026, 9, 30))
    with pytest.raises(ValueError):
        round_end(2569, 9)


def _measure(notes: list[ProgressNote], status: str = "not_started", progress: int = 0) -> Measure:
    return Measure(
        "m", "สำนักปลัด", [], date(2025, 10, 1), date(2026, 9, 30), "", status, progress,
        notes=notes,
    )  # fmt: skip


def test_a_measure_stands_at_its_latest_note_up_to_the_report_date() -> None:
    notes = [
        ProgressNote(date(2025, 11, 1), 20, "in_progress", "ขั้นที่ 1", ["a"]),
        ProgressNote(date(2026, 2, 1), 60, "in_progress", "ขั้นที่ 2", ["b", "a"]),
        ProgressNote(date(2026, 6, 1), 100, "done", "ขั้นที่ 3", ["c"]),
    ]
    m = _measure(notes, "done", 100)
    half = standing(m, date(2026, 3, 31))
    assert (half.status, half.progress, half.done, half.evidence) == (
        "in_progress", 60, ["ขั้นที่ 1", "ขั้นที่ 2"], ["a", "b"]
    )  # fmt: skip
    assert standing(m, date(2026, 9, 30)).status == "done"
    before = standing(m, date(2025, 10, 15))
    assert (before.status, before.progress, before.done) == ("not_started", 0, [])
    many = _measure(
        [ProgressNote(date(2025, 10, d), d, "in_progress", f"n{d}") for d in range(1, 9)]
    )
    assert standing(many, date(2026, 1, 1)).done == [f"n{d}" for d in range(9 - MAX_DONE_NOTES, 9)]


def test_a_measure_without_notes_stands_at_its_own_status() -> None:
    s = standing(_measure([], "in_progress", 45), date(2026, 3, 31))
    assert (s.status, s.progress, s.done, s.evidence) == ("in_progress", 45, [], [])


def test_the_plan_percent_leaves_cancelled_measures_out() -> None:
    measures = [
        _measure([], "done", 100), _measure([], "in_progress", 50), _measure([], "cancelled", 10)
    ]  # fmt: skip
    plan = ActionPlan(2569, 2568, "x", [], [PlanSection("1", "n", "", measures)])
    result = plan_standing(plan, report_round(2569, months=6))
    assert result.percent == 75.0
    assert [result.count(s) for s in ("done", "in_progress", "cancelled")] == [1, 1, 1]


def test_evidence_is_filed_under_the_first_note_on_or_after_its_date() -> None:
    notes = [
        ProgressNote(date(2025, 12, 1), 30, "in_progress"),
        ProgressNote(date(2026, 3, 1), 70, "in_progress"),
    ]
    filed = attach_evidence(
        notes,
        [(date(2025, 11, 5), "early"), (date(2026, 2, 1), "mid"), (date(2026, 5, 1), "late")],
        "in_progress",
        70,
    )
    assert [(n.date, n.evidence) for n in filed] == [
        (date(2025, 12, 1), ["early"]),
        (date(2026, 3, 1), ["mid"]),
        (date(2026, 5, 1), ["late"]),
    ]
    assert (filed[-1].status, filed[-1].progress) == ("in_progress", 70)
    assert notes[0].evidence == []  # the input is not changed
    alone = attach_evidence([], [(date(2026, 1, 1), "x")], "done", 100)
    assert [(n.status, n.progress, n.evidence) for n in alone] == [("done", 100, ["x"])]
