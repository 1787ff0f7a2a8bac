"""The openita command line: numbers users see, JSON shape, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from openita.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_score_shows_the_official_numbers_and_the_fall(examples: Path) -> None:
    code, out = run(
        "score", str(examples / "khambong-2568.json"),
        "--previous", str(examples / "khambong-2567.json"),
    )  # fmt: skip
    assert code == 0
    assert "94.11" in out and "ผ่านดี" in out
    assert "ลดลง 4.89 คะแนน, 4.94 %" in out and "99.00 ผ่านดีเยี่ยม" in out
    assert "82.50" in out and "-17.50" in out


def test_score_json_has_the_documented_shape(examples: Path) -> None:
    code, out = run(
        "score", str(examples / "khambong-2568.json"),
        "--previous", str(examples / "khambong-2567.json"), "--json",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert doc["fiscal_year"] == 2568
    assert (doc["overall"], doc["level"]) == (94.11, "ผ่านดี")
    assert doc["tools"] == {"IIT": 98.89, "EIT": 99.81, "OIT": 86.25}
    assert list(doc["indicators"]) == [str(n) for n in range(1, 11)]
    assert doc["change"] == {
        "previous": 99.0, "current": 94.11, "points": -4.89, "percent": -4.94,
        "direction": "ลดลง",
    }  # fmt: skip


def test_score_without_previous_has_no_change(examples: Path) -> None:
    code, out = run("score", str(examples / "khambong-2567.json"), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["overall"] == 99.00 and "change" not in doc
    assert doc["computed_overall"] == 99.0062


def test_bad_input_exits_2_and_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"fiscal_year": 2568,\n "agency": "x",\n "indicators": {"1": "?"}}')
    code, out = run("score", str(bad))
    assert code == 2
    assert "bad.json, line 3, field 'indicator 1': expected a number" in out


def test_validate_reports_the_published_reports_conflict(examples: Path) -> None:
    code, out = run("validate", str(examples / "khambong-2568-as-published.json"), "--json")
    assert code == 1
    [entry] = json.loads(out)
    assert entry["findings"][0]["code"] == "conflicting_values"
    code, _ = run("validate", str(examples / "khambong-2568.json"))
    assert code == 0


def test_report_prints_the_conflict_it_resolved(examples: Path, tmp_path: Path) -> None:
    """Issue 11: the indicator-8 conflict (99.71 vs 99.81) is not resolved silently."""
    source = examples / "khambong-2568-as-published.json"
    code, out = run("report", str(source), "-f", "docx", "-o", str(tmp_path))
    assert code == 0, out
    assert "Resolved in the input (1):" in out
    assert "conflicting_values" in out
    assert "99.71" in out and "99.81" in out
    assert (tmp_path / "khambong-2568-as-published.docx").exists()
    code, out = run(
        "report", str(examples / "khambong-2568.json"), "-f", "docx", "-o", str(tmp_path)
    )
    assert code == 0, out
    assert "Resolved in the input" not in out


def test_out_of_range_score_is_not_scored(tmp_path: Path, examples: Path) -> None:
    doc = json.loads((examples / "khambong-2568.json").read_text(encoding="utf-8"))
    doc["indicators"]["9"] = 182.5
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out = run("score", str(path))
    assert code == 1 and "outside 0–100" in out


def test_frameworks_lists_the_bundled_years() -> None:
    code, out = run("frameworks")
    assert code == 0 and "2567" in out and "2568" in out


def test_help_does_not_import_heavy_libraries() -> None:
    """`openita --help` must start fast: pydantic, yaml and openpyxl load only when used."""
    probe = (
        "import sys; from openita.cli import app\n"
        "heavy = [m for m in ('pydantic', 'yaml', 'openpyxl', 'matplotlib', 'docxtpl')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
