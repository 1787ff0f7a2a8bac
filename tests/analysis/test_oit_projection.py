"""The OIT projection reads like the methodology: ready items count 100, the rest 0; the
engine turns them into indicators 9 and 10, OIT, the overall and the level."""

from __future__ import annotations

from openita.analysis.oit_projection import project_oit
from openita.frameworks.loader import load_framework
from openita.ingest import read_result
from openita.scoring.engine import indicator_from_items, score
from openita.scoring.model import AgencyResult

from ..conftest import EXAMPLES


def test_nothing_ready_is_zero_and_everything_ready_is_full_marks():
    framework = load_framework(2568)
    none = project_oit(framework, ())
    assert none.oit == 0 and none.indicators == {"9": 0, "10": 0} and none.overall is None
    every = project_oit(framework, framework.oit_items)
    assert every.oit == 100 and every.ready == every.total == len(framework.oit_items)


def test_the_projection_is_the_engine_on_the_ready_items():
    framework = load_framework(2568)
    ready = set(framework.oit_items) - {"O7", "O12"}
    projection = project_oit(framework, ready)
    items = {i: (100.0 if i in ready else 0.0) for i in framework.oit_items}
    nine = indicator_from_items(framework, "9", items)
    ten = indicator_from_items(framework, "10", items)
    assert nine is not None and ten is not None
    assert projection.indicators == {"9": round(nine, 2), "10": round(ten, 2)}
    assert projection.oit == round((nine + ten) / 2, 2)


def test_with_the_years_iit_and_eit_the_overall_and_level_follow():
    base = read_result(EXAMPLES / "khambong-2568.json").result
    framework = load_framework(2568)
    projection = project_oit(framework, framework.oit_items, base)
    official = score(framework, base)
    expected = score(
        framework,
        AgencyResult.build(
            2568,
            base.agency,
            indicators={
                **{i: v for i, v in official.indicators.items() if i not in {"9", "10"}},
                "9": 100.0,
                "10": 100.0,
            },
        ),
    )
    assert projection.overall == expected.overall
    assert projection.level_id == expected.level_id
    assert projection.overall is not None and projection.overall > official.overall


def test_an_inferred_grouping_is_labelled_an_estimate():
    assert project_oit(load_framework(2568), ()).estimated
