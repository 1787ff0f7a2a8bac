"""History files: years without a framework file still give their published overall score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openita.errors import InputError
from openita.reports.history import read_history
from openita.reports.job import ReportJob, build_job_context
from tests.reports.conftest import EXAMPLES, seed_result


def _older_year(tmp_path: Path, year: int, official: dict[str, object]) -> Path:
    data = json.loads((EXAMPLES / "khambong-2567.json").read_text(encoding="utf-8"))
    data["fiscal_year"] = year
    data["official"] = official
    path = tmp_path / f"khambong-{year}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_year_before_the_first_framework_is_kept_as_published(tmp_path: Path) -> None:
    path = _older_year(tmp_path, 2561, {"overall": 95.5, "level": "ผ่านดีเยี่ยม", "IIT": 97.0})
    result = read_history(path)
    assert (result.fiscal_year, result.official_overall) == (2561, 95.5)
    assert result.official_tools["IIT"] == 97.0
    assert result.agency.name == "เทศบาลตำบลคำบง"


def test_it_needs_at_least_the_published_overall(tmp_path: Path) -> None:
    path = _older_year(tmp_path, 2560, {"level": "ผ่านดี"})
    with pytest.raises(InputError, match="published overall"):
        read_history(path)


def test_a_year_with_a_framework_is_read_and_checked_as_usual() -> None:
    assert read_history(EXAMPLES / "khambong-2567.json").fiscal_year == 2567


def test_older_years_appear_in_the_history_charts_and_last_year_is_found_among_them(
    tmp_path: Path,
) -> None:
    history = [
        read_history(_older_year(tmp_path, 2562, {"overall": 97.2, "level": "ผ่านดีเยี่ยม"})),
        seed_result(2567),
    ]
    context = build_job_context(ReportJob(result=seed_result(2568), history=history))
    overall = next(c for c in context.charts if c.key == "overall_history")
    assert overall.categories == ["พ.ศ. 2562", "พ.ศ. 2567", "พ.ศ. 2568"]
    assert overall.series[0].values == [97.2, 99.0, 94.11]
    assert context.indicator_table.years == [2567, 2568]  # 2567 from the history is last year
    tools = next(c for c in context.charts if c.key == "tools_history")
    assert [s.label for s in tools.series] == ["พ.ศ. 2567", "พ.ศ. 2568"]  # 2562 has no tools
