"""Item shares come from the framework structure; gains add up to the gap to 100."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from openita.analysis.contribution import UnknownItem, scored_items, share_of
from openita.frameworks import Framework, load_framework
from openita.scoring import AgencyResult, score
from tests.analysis.strategies import complete_results

FW2568 = load_framework(2568)


def test_an_iit_question_is_a_third_of_its_indicator_a_fifth_of_iit_and_30_percent(
    fw2568: Framework,
) -> None:
    share = share_of(fw2568, "i1")
    questions = len(fw2568.questions_of_indicator["1"])
    indicators = len(fw2568.indicators_of_tool["IIT"])
    assert share.to_indicator == pytest.approx(1 / questions)
    assert share.to_overall == pytest.approx(1 / questions / indicators * 0.30)
    assert not share.projected


def test_an_eit_question_part_counts_half_of_its_question(
    fw2568: Framework, seed_2568: AgencyResult
) -> None:
    whole = share_of(fw2568, "e1")
    part = share_of(fw2568, "e1", 1, seed_2568)
    assert part.to_overall == pytest.approx(whole.to_overall / len(fw2568.spec.eit_parts))
    assert part.key == "e1.1"


def test_an_oit_item_share_follows_its_sub_indicator_and_is_a_projection(
    fw2568: Framework,
) -> None:
    share = share_of(fw2568, "O12")
    items = fw2568.items_of_sub["9.3"]
    subs = fw2568.subs_of_indicator["9"]
    assert share.to_indicator == pytest.approx(1 / len(items) / len(subs))
    assert share.to_overall == pytest.approx(share.to_indicator / 2 * 0.40)
    assert share.projected


@pytest.mark.parametrize("year", [2567, 2568])
def test_shares_of_all_items_add_up_to_the_whole_overall(year: int) -> None:
    fw = load_framework(year)
    total = sum(share_of(fw, i).to_overall for i in [*fw.questions, *fw.oit_items])
    assert total == pytest.approx(1.0)


def test_an_unknown_id_is_refused(fw2568: Framework) -> None:
    with pytest.raises(UnknownItem, match="O99"):
        share_of(fw2568, "O99")


@settings(max_examples=60, deadline=None)
@given(complete_results(FW2568))
def test_gains_add_up_to_the_gap_between_the_computed_overall_and_100(
    result: AgencyResult,
) -> None:
    gains = sum(item.gain for item in scored_items(FW2568, result))
    assert gains == pytest.approx(100 - score(FW2568, result).computed_overall, abs=1e-9)
