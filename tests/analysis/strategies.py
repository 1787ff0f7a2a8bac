"""Hypothesis strategies: complete item-level results (every indicator derived from items)."""

from __future__ import annotations

from hypothesis import strategies as st

from openita.frameworks import Framework
from openita.scoring import AgencyResult

# Scores as published: two decimals, 0..100, with full marks common (as in real results).
score_values = st.one_of(
    st.just(100.0),
    st.integers(min_value=0, max_value=10_000).map(lambda n: n / 100),
)


@st.composite
def complete_results(draw: st.DrawFn, framework: Framework) -> AgencyResult:
    """Every IIT question, every EIT question part and every OIT item scored; no indicators."""
    questions: dict[str, float] = {}
    parts: dict[str, dict[int, float]] = {}
    part_ids = [p.id for p in framework.spec.eit_parts]
    for qid in framework.questions:
        tool = framework.tool_of_indicator(framework.questions[qid].indicator)
        if tool == "EIT" and part_ids:
            parts[qid] = {p: draw(score_values) for p in part_ids}
        else:
            questions[qid] = draw(score_values)
    for oid in framework.oit_items:
        questions[oid] = draw(score_values)
    return AgencyResult.build(
        framework.fiscal_year, "หน่วยงานทดสอบ", questions=questions, question_parts=parts
    )
