"""A fiscal year without a framework file is scored with the nearest year's rules, marked.

FY2569's rules are not published (docs/sources.md, "FY2569 and later"): ``ita-2569.yaml`` is
FY2568 marked ``inferred``, and a year with no file at all borrows the nearest year's rules
with a ``framework_fallback`` warning — never a refusal, never presented as official.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openita.cli import app
from openita.frameworks import load_framework
from openita.frameworks.loader import DATA_DIR, nearest_year
from openita.i18n import use_language
from openita.ingest import parse_result
from openita.scoring import AgencyResult, score
from tests.conftest import EXAMPLES, SEED_2568

runner = CliRunner()
SYNTHETIC = EXAMPLES / "synthetic-2569.json"


def _json(year: int) -> bytes:
    return json.dumps(
        {"fiscal_year": year, "agency": {"name": "x"}, "indicators": dict(SEED_2568)}
    ).encode()


def test_fy2569_keeps_the_2568_structure_and_confirms_nothing() -> None:
    fw = load_framework(2569)
    assert (fw.fiscal_year, fw.rules_year, fw.status) == (2569, 2569, "inferred")
    assert [t.weight for t in fw.spec.tools] == [30, 30, 40]
    assert len(fw.indicators) == 10
    assert [lv.label_th for lv in fw.levels] == [lv.label_th for lv in load_framework(2568).levels]
    text = (DATA_DIR / "ita-2569.yaml").read_text(encoding="utf-8")
    assert "status: confirmed" not in text
    sourced = [*fw.spec.tools, *fw.spec.indicators, *fw.spec.sub_indicators, fw.spec.level_rules]
    sourced += list(fw.oit_items.values()) + list(fw.questions.values())
    for fact in sourced:
        assert fact.status in {"inferred", "unknown"}
        if fact.status == "inferred":
            assert fact.source is not None and fact.source.startswith("assumed equal to FY2568")


def test_2567_and_2568_stay_confirmed() -> None:
    assert load_framework(2567).status == "confirmed"
    assert load_framework(2568).status == "confirmed"


def test_the_nearest_year_wins_and_a_tie_goes_to_the_later_year() -> None:
    assert nearest_year(2570, [2567, 2568, 2569]) == 2569
    assert nearest_year(2560, [2567, 2568, 2569]) == 2567
    assert nearest_year(2567, [2566, 2568]) == 2568
    assert nearest_year(2567, []) is None


def test_a_year_without_a_file_is_scored_with_the_nearest_rules() -> None:
    fw = load_framework(2575)
    assert (fw.fiscal_year, fw.rules_year, fw.is_fallback, fw.status) == (
        2575, 2569, True, "fallback"
    )  # fmt: skip
    s = score(fw, AgencyResult.build(2575, "x", indicators=dict(SEED_2568)))
    assert (s.fiscal_year, s.overall, s.level) == (2575, 94.11, "ผ่านดี")


def test_a_fallback_year_reads_with_a_warning_in_english_and_thai() -> None:
    loaded = parse_result(_json(2575), "x.json")
    [finding] = [f for f in loaded.findings if f.code.startswith("framework_")]
    assert (finding.code, finding.severity, finding.blocking) == (
        "framework_fallback",
        "warning",
        False,
    )
    assert finding.message == (
        "the rules for fiscal year 2575 are not confirmed; scored with the rules of 2569"
    )
    with use_language("th"):
        assert finding.message == "เกณฑ์ปี 2575 ยังไม่ยืนยัน ใช้เกณฑ์ปี 2569"


def test_an_inferred_year_warns_and_a_confirmed_year_does_not() -> None:
    codes_2569 = [f.code for f in parse_result(_json(2569), "x.json").findings]
    codes_2568 = [f.code for f in parse_result(_json(2568), "x.json").findings]
    assert "framework_inferred" in codes_2569
    assert not [c for c in codes_2568 if c.startswith("framework_")]


def test_cli_scores_a_fallback_year_and_shows_the_warning(tmp_path: Path) -> None:
    path = tmp_path / "r-2575.json"
    path.write_bytes(_json(2575))
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "94.11" in result.output and "framework_fallback" in result.output


def test_cli_still_refuses_a_year_outside_the_range(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(_json(2800))
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert "outside 2500–2700" in result.output


def test_cli_lists_each_year_with_its_status() -> None:
    result = runner.invoke(app, ["frameworks", "--kind", "local_government", "--json"])
    assert result.exit_code == 0
    rows = [
        [r["year"], r["status"], r["rules_year"]] for r in json.loads(result.output)["frameworks"]
    ]
    assert [2568, "confirmed", 2568] in rows
    assert [2569, "inferred", 2569] in rows
    assert [2570, "fallback", 2569] in rows


def test_the_synthetic_2569_example_is_marked_and_scores_end_to_end() -> None:
    data = json.loads(SYNTHETIC.read_text(encoding="utf-8"))
    assert data["notes"].startswith("SYNTHETIC")
    assert "สังเคราะห์" in data["agency"]["name"]
    result = runner.invoke(app, ["score", str(SYNTHETIC), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    # 0.3 × 97.00 + 0.3 × 91.7333 + 0.4 × 90.00 = 92.62
    assert (payload["fiscal_year"], payload["overall"]) == (2569, 92.62)
    assert "framework_inferred" in [f["code"] for f in payload["findings"]]


@pytest.mark.slow
def test_the_synthetic_2569_example_makes_a_report(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", "results", str(SYNTHETIC), "--format", "docx", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "synthetic-2569.docx").stat().st_size > 10_000


def test_the_report_says_in_thai_when_the_rules_are_borrowed_or_inferred() -> None:
    from openita.reports.context import build_context

    def notes(year: int) -> list[str]:
        fw = load_framework(year)
        result = AgencyResult.build(year, "x", indicators=dict(SEED_2568))
        return build_context(fw, result, score(fw, result)).notes

    assert "เกณฑ์ปี 2575 ยังไม่ยืนยัน ใช้เกณฑ์ปี 2569" in notes(2575)
    assert any(n.startswith("เกณฑ์ปี 2569 ยังไม่ยืนยัน") for n in notes(2569))
    assert not any(n.startswith("เกณฑ์ปี") for n in notes(2568))
