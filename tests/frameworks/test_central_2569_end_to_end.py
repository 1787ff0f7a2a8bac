"""A FY2569 central-agency result scores, analyses and reports end to end in the CLI.

``synthetic-2569-central.json`` is synthetic (invented figures, a made-up agency) with the 26
items of the FY2569 central-agency list; its official indicators 9 and 10 count because the
items' grouping is not published.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openita.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
CENTRAL = EXAMPLES / "synthetic-2569-central.json"


def test_the_example_is_marked_synthetic_and_carries_the_26_items() -> None:
    data = json.loads(CENTRAL.read_text(encoding="utf-8"))
    assert data["notes"].startswith("SYNTHETIC")
    assert "ข้อมูลสังเคราะห์" in data["agency"]["name"]
    assert data["agency"]["kind"] == "central_agency"
    assert sorted(data["questions"], key=lambda i: int(i[1:])) == [f"O{n}" for n in range(1, 27)]


def test_it_scores_with_the_central_agency_list_and_says_what_is_estimated() -> None:
    result = runner.invoke(app, ["score", str(CENTRAL), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["agency"]["kind"] == "central_agency"
    # IIT mean 96.20, EIT mean 90.90, OIT mean(90.00, 92.86) = 91.43:
    # 0.3 × 96.20 + 0.3 × 90.90 + 0.4 × 91.43 = 92.702 → 92.70
    assert (payload["fiscal_year"], payload["overall"], payload["level"]) == (2569, 92.70, "ผ่านดี")
    assert payload["indicator_origin"]["9"] == "reported"  # the official score counts
    codes = [f["code"] for f in payload["findings"]]
    assert "framework_inferred" in codes and "oit_grouping_unknown" in codes
    assert "unknown_id" not in codes  # O1–O26 are all items of the central list
    # the projection from items is shown beside the official score, not used
    assert "oit_projection_differs" in codes


def test_it_analyses_with_the_central_agency_item_titles() -> None:
    result = runner.invoke(app, ["analyze", str(CENTRAL), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["agency"]["kind"] == "central_agency"
    points = {wp["id"]: wp for wp in payload["weak_points"]}
    assert points["O11"]["title_th"] == "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"
    assert points["O25"]["title_th"] == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    assert points["O11"]["projected"] is True
    text = runner.invoke(app, ["analyze", str(CENTRAL)])
    assert "item grouping is unknown" in text.output


def test_it_reports_with_the_estimate_noted_in_thai(tmp_path: Path) -> None:
    import docx

    result = runner.invoke(app, ["report", str(CENTRAL), "-o", str(tmp_path), "-f", "docx"])
    assert result.exit_code == 0, result.output
    [path] = list(tmp_path.glob("*.docx"))
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    plain = text.replace("\u200b", "").replace("\ufeff", "")  # Thai word-break marks
    assert "สำนักงานตัวอย่างส่วนกลาง" in plain
    assert "ยังไม่ได้เผยแพร่ว่าข้อ OIT ใดอยู่ในตัวชี้วัดที่ 9 และ 10 สำหรับหน่วยงานส่วนกลาง" in plain
    assert "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน" in plain


def test_it_drafts_a_plan_with_the_central_agency_texts_for_its_weak_items(
    tmp_path: Path,
) -> None:
    """recommendations-2569-central_agency.yaml answers this kind's own O1–O26 (issue 12)."""
    import yaml

    plan = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["plan", "draft", str(CENTRAL), "-o", str(plan)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    assert data["fiscal_year"] == 2570
    text = plan.read_text(encoding="utf-8")
    measures = [m for s in data["sections"] for m in s["measures"]]
    o11 = [m for m in measures if "O11" in m.get("addresses", [])]
    o25 = [m for m in measures if "O25" in m.get("addresses", [])]
    # O11 (monthly procurement summaries) is missing: the central list's text, with the plan year
    assert o11 and o11[0]["kpi"].endswith("ครบทุกเดือนของปีงบประมาณ พ.ศ. 2570")
    assert "ประเด็นสรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือนของปีงบประมาณ พ.ศ. 2569" in text
    # O25 (using the ITA results) is half done: its steps analyse the 2569 results
    assert o25 and "ผลการประเมิน ITA ของปีงบประมาณ พ.ศ. 2569" in o25[0]["steps"][0]
    # no local-government wording of the other numbering (O11 there is service statistics)
    assert "ข้อมูลสถิติการให้บริการ" not in text
