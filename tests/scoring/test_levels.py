"""Level rules: overall thresholds plus the per-tool condition (docs/sources.md, "Levels")."""

from __future__ import annotations

import pytest

from openita.frameworks import Framework
from openita.scoring.levels import level_for


@pytest.mark.parametrize(
    ("overall", "tools", "level"),
    [
        (99.00, {"IIT": 98.07, "EIT": 98.61, "OIT": 100.0}, "ผ่านดีเยี่ยม"),
        (95.00, {"IIT": 95.0, "EIT": 95.0, "OIT": 95.0}, "ผ่านดีเยี่ยม"),
        (96.00, {"IIT": 99.0, "EIT": 94.99, "OIT": 99.0}, "ผ่านดี"),
        (94.11, {"IIT": 98.89, "EIT": 99.81, "OIT": 86.25}, "ผ่านดี"),
        # สตง. FY2568: 94.64 overall, EIT below 85 → ผ่าน
        (94.64, {"IIT": 99.0, "EIT": 84.0, "OIT": 99.0}, "ผ่าน"),
        (84.99, {"IIT": 90.0, "EIT": 90.0, "OIT": 80.0}, "ต้องปรับปรุง"),
        (70.00, {"IIT": 70.0, "EIT": 70.0, "OIT": 70.0}, "ต้องปรับปรุง"),
        (69.99, {"IIT": 70.0, "EIT": 70.0, "OIT": 70.0}, "ต้องปรับปรุงโดยด่วน"),
        (0.0, {"IIT": 0.0, "EIT": 0.0, "OIT": 0.0}, "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_level_rules(
    fw2568: Framework, overall: float, tools: dict[str, float], level: str
) -> None:
    assert level_for(fw2568, overall, tools).label_th == level
