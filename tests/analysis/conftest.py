"""Fixtures for the analysis tests: the seed agency as read from its example files, and a
small recommendation library built in memory from the contract's dataclasses (so plan and
effort tests do not depend on the wording of the real library)."""

from __future__ import annotations

from pathlib import Path

import pytest

from openita.analysis.recommendations import (
    MeasureTemplate,
    Recommendation,
    RecommendationLibrary,
)
from openita.frameworks import Framework
from openita.ingest import read_result
from openita.scoring import AgencyResult


@pytest.fixture(scope="session")
def seed_2568(examples: Path) -> AgencyResult:
    return read_result(examples / "khambong-2568.json").result


@pytest.fixture(scope="session")
def seed_2567(examples: Path) -> AgencyResult:
    return read_result(examples / "khambong-2567.json").result


def tiny_library(framework: Framework) -> RecommendationLibrary:
    """One entry per item: procurement items go to กองคลัง, the rest to สำนักปลัด; one measure
    per indicator (same title), so measures of one indicator merge; effort cycles 1..5."""
    items: dict[str, Recommendation] = {}
    for n, item_id in enumerate([*framework.questions, *framework.oit_items]):
        indicator = framework.indicator_of(item_id)
        items[item_id] = Recommendation(
            id=item_id,
            issue_th=f"ประเด็นทดสอบ {item_id}",
            issue_en=f"Test issue {item_id}",
            action_th="ดำเนินการทดสอบ",
            action_en="Test action",
            cite=(),
            responsible_unit="กองคลัง" if item_id in ("O12", "O13") else "สำนักปลัด",
            effort=1 + n % 5,
            measures=(
                MeasureTemplate(
                    title_th=f"มาตรการทดสอบตัวชี้วัด {indicator}",
                    title_en=f"Test measure {indicator}",
                    steps_th=("ขั้นที่ 1", "ขั้นที่ 2"),
                    steps_en=("Step 1", "Step 2"),
                    kpi_th="ร้อยละ 100",
                    kpi_en="100 percent",
                ),
            ),
        )
    return RecommendationLibrary(fiscal_year=framework.fiscal_year, items=items, indicators={})


@pytest.fixture(scope="session")
def library_2568(fw2568: Framework) -> RecommendationLibrary:
    return tiny_library(fw2568)
