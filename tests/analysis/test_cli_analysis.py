"""The analysis commands, run through Typer's CliRunner on a tiny app (register(app))."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from openita.analysis import recommendations
from openita.analysis.recommendations import RecommendationLibrary
from openita.analysis.whatif import simulate
from openita.cli import OpenITAGroup
from openita.cli_analysis import register
from openita.frameworks import Framework
from openita.scoring import AgencyResult

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer(cls=OpenITAGroup)  # the CLI's one error handler

    @app.callback()
    def main() -> None:
        """Test app."""

    register(app)
    return app


APP = _app()


def test_analyze_json_lists_the_weak_points_missing_items_and_falls(examples: Path) -> None:
    out = runner.invoke(
        APP,
        ["analyze", str(examples / "khambong-2568.json"), "--previous",
         str(examples / "khambong-2567.json"), "--json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    payload = json.loads(out.stdout)
    ids = [wp["id"] for wp in payload["weak_points"]]
    assert {"i1", "e6", "O7", "O12", "O23"} <= set(ids)
    assert [m["id"] for m in payload["missing_items"]] == ["O2"]
    assert {f["indicator"] for f in payload["fallen_indicators"]} >= {"9", "10"}


def test_analyze_marks_the_recommended_items_and_its_options_change_the_rule(
    examples: Path,
) -> None:
    seed = str(examples / "khambong-2568.json")

    def recommended(*options: str) -> set[str]:
        out = runner.invoke(APP, ["analyze", seed, "--json", *options])
        assert out.exit_code == 0, out.output
        payload = json.loads(out.stdout)
        return {wp["id"] for wp in payload["weak_points"] if wp["recommended"]}

    assert recommended() == {"i10", "O7", "O12", "O23"}
    assert recommended("--question-below", "97") == {"i1", "i10", "O7", "O12", "O23"}
    assert recommended("--max-per-indicator", "0") == {"O7", "O12", "O23"}
    out = runner.invoke(APP, ["analyze", seed, "--json"])
    rule = json.loads(out.stdout)["recommendation_rule"]
    assert rule == {
        "question_below": 95.0, "lost_share": 0.8, "strong_indicator": 95.0,
        "max_per_indicator": 3, "oit_below": 100.0,
    }  # fmt: skip
    bad = runner.invoke(APP, ["analyze", seed, "--lost-share", "2"])
    assert bad.exit_code == 2


def test_analyze_prints_a_table_by_default(examples: Path) -> None:
    out = runner.invoke(APP, ["analyze", str(examples / "khambong-2568.json")])
    assert out.exit_code == 0, out.output
    assert "Weak points" in out.stdout and "O12" in out.stdout and "O2" in out.stdout


def test_whatif_o7_and_o12_shows_the_new_overall(
    examples: Path, fw2568: Framework, seed_2568: AgencyResult
) -> None:
    out = runner.invoke(
        APP,
        ["whatif", str(examples / "khambong-2568.json"), "--set", "O7=100", "--set", "O12=100",
         "--json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    figures = json.loads(out.stdout)["whatif"]
    expected = simulate(fw2568, seed_2568, {"O7": 100, "O12": 100})
    assert figures["overall"] == expected.overall
    assert figures["level"] == expected.level


def test_whatif_with_a_target_explains_each_step(examples: Path) -> None:
    out = runner.invoke(
        APP, ["whatif", str(examples / "khambong-2568.json"), "--target", "ผ่านดีเยี่ยม"]
    )
    assert out.exit_code == 0, out.output
    assert "Path to ผ่านดีเยี่ยม" in out.stdout


def test_whatif_refuses_an_item_without_a_score_with_exit_2(examples: Path) -> None:
    out = runner.invoke(APP, ["whatif", str(examples / "khambong-2568.json"), "--set", "O2=100"])
    assert out.exit_code == 2
    assert "O2 has no score in the data" in out.output


def test_whatif_refuses_an_unknown_target(examples: Path) -> None:
    out = runner.invoke(APP, ["whatif", str(examples / "khambong-2568.json"), "-t", "ดีมาก"])
    assert out.exit_code == 2
    assert "is not a level" in out.output


def test_a_broken_result_file_exits_2_and_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"fiscal_year": 2568, "indicators": {"1": "abc"}}', encoding="utf-8")
    out = runner.invoke(APP, ["analyze", str(bad)])
    assert out.exit_code == 2
    assert str(bad) in out.output


@pytest.fixture
def tiny_library(monkeypatch: pytest.MonkeyPatch, library_2568: RecommendationLibrary) -> None:
    monkeypatch.setattr(
        recommendations, "load_recommendations", lambda year, kind=None: library_2568
    )


@pytest.mark.usefixtures("tiny_library")
def test_plan_draft_writes_a_plan_that_validates(tmp_path: Path, examples: Path) -> None:
    plan = tmp_path / "plan.yaml"
    units = tmp_path / "units.txt"
    units.write_text("# our units\nสำนักปลัดเทศบาล\nกองคลัง\n", encoding="utf-8")
    out = runner.invoke(
        APP,
        ["plan", "draft", str(examples / "khambong-2568.json"), "-o", str(plan), "--units",
         str(units)],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "สำนักปลัดเทศบาล" in plan.read_text(encoding="utf-8")
    checked = runner.invoke(APP, ["plan", "validate", str(plan)])
    assert checked.exit_code == 0, checked.output
    assert "plan 2569" in checked.stdout


@pytest.mark.usefixtures("tiny_library")
def test_plan_draft_on_bad_input_writes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    out = runner.invoke(APP, ["plan", "draft", str(tmp_path / "absent.json"), "-o", str(plan)])
    assert out.exit_code == 2
    assert not plan.exists()


def test_plan_validate_names_line_and_field(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "fiscal_year: 2569\nbased_on_year: 2568\nagency: เทศบาลตำบลคำบง\nsections:\n"
        "- indicator: '1'\n  measures:\n  - title: คู่มือ\n    responsible_unit: สำนักปลัด\n"
        "    start: 2025-10-01\n    end: 2026-09-30\n    status: later\n",
        encoding="utf-8",
    )
    out = runner.invoke(APP, ["plan", "validate", str(plan)])
    assert out.exit_code == 2
    assert "line 11" in out.output and "sections.0.measures.0.status" in out.output


def test_plan_draft_with_the_real_library_covers_every_recommended_item_and_indicator(
    tmp_path: Path, examples: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    out = runner.invoke(
        APP, ["plan", "draft", str(examples / "khambong-2568.json"), "-o", str(plan)]
    )
    assert out.exit_code == 0, out.output
    text = plan.read_text(encoding="utf-8")
    for item in ("i10", "O7", "O12", "O23", "O2"):
        assert f"- {item}\n" in text
    # i1 and e6 are near full marks in strong indicators: maintained, not answered one by one
    assert "- i1\n" not in text and "- e6\n" not in text
    assert text.count("- indicator: ") == 10
    assert "รักษามาตรฐาน" in text
