"""OIT item trees in framework files: any depth, and a bad tree is refused with file, line, field.

A tree is written as parent links: a sub-indicator names its indicator, a group its
sub-indicator or group (``groups:``), an item its node (``sub_indicator:`` or ``parent:``).
Each way a file can fail to describe a tree gets one message naming the file, the line and
the field, and nothing of the file is loaded.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from openita.errors import InputError, Problem
from openita.frameworks import load_framework
from openita.frameworks.loader import DATA_DIR, parse_framework
from openita.frameworks.schema import MAX_TREE_DEPTH

FY2568 = (DATA_DIR / "ita-2568.yaml").read_text(encoding="utf-8")
GROUPS = "groups:\n"
O21 = '{id: O21, sub_indicator: "10.1",'


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _with_groups(*lines: str, text: str = FY2568) -> str:
    """FY2568 with extra ``groups:`` entries written right under the heading."""
    assert GROUPS in text
    return text.replace(GROUPS, GROUPS + "".join(f"  - {line}\n" for line in lines), 1)


def _only_problem(text: str, file: str = "ita-2568.yaml") -> Problem:
    with pytest.raises(InputError) as err:
        parse_framework(text, file)
    assert len(err.value.problems) == 1, [str(p) for p in err.value.problems]
    problem = err.value.problems[0]
    assert problem.file == file
    return problem


def test_the_shipped_fy2568_tree_has_three_levels_under_indicator_9() -> None:
    fw = load_framework(2568)
    assert fw.path_of_item["O2"] == ("9.1", "9.1.1")
    assert fw.path_of_item["O12"] == ("9.3",)
    assert fw.items_of_sub["9.1"] == ("O1", "O2", "O3", "O4", "O5")
    assert fw.items_of_indicator["10"] == tuple(f"O{n}" for n in range(21, 29))
    assert fw.sub_indicator_of("O7") == "9.2" and fw.indicator_of("O7") == "9"


def test_an_item_may_name_its_node_as_parent() -> None:
    text = FY2568.replace(O21, '{id: O21, parent: "10.1",', 1)
    assert parse_framework(text, "x.yaml").oit_items["O21"].sub_indicator == "10.1"


def test_an_item_naming_its_node_twice_is_refused() -> None:
    text = FY2568.replace(O21, '{id: O21, sub_indicator: "10.1", parent: "10.2",', 1)
    problem = _only_problem(text)
    assert problem.line == _line_of(text, "id: O21,")
    assert problem.field == "oit_items.20"
    assert "not both" in problem.message


def test_a_cycle_of_groups_is_refused_once_with_its_line() -> None:
    text = _with_groups(
        '{id: "9.5.1", parent: "9.5.2"}',
        '{id: "9.5.2", parent: "9.5.1"}',
    ).replace('{id: O20, sub_indicator: "9.5"', '{id: O20, sub_indicator: "9.5.1"', 1)
    problem = _only_problem(text)
    assert problem.message == (
        "groups 9.5.1 → 9.5.2 → 9.5.1 form a cycle; every group must lead up to a sub-indicator"
    )
    assert problem.line == _line_of(text, 'id: "9.5.1"')
    assert problem.field == "groups.0.parent"


def test_a_group_that_is_its_own_parent_is_a_cycle() -> None:
    text = _with_groups('{id: "9.5.1", parent: "9.5.1"}').replace(
        '{id: O20, sub_indicator: "9.5"', '{id: O20, sub_indicator: "9.5.1"', 1
    )
    assert "9.5.1 → 9.5.1 form a cycle" in _only_problem(text).message


def test_a_group_whose_parent_does_not_exist_is_refused() -> None:
    text = _with_groups('{id: "9.5.1", parent: "9.7"}').replace(
        '{id: O20, sub_indicator: "9.5"', '{id: O20, sub_indicator: "9.5.1"', 1
    )
    problem = _only_problem(text)
    assert problem.message == "group 9.5.1: parent '9.7' is neither a sub-indicator nor a group"
    assert (problem.line, problem.field) == (_line_of(text, 'id: "9.5.1"'), "groups.0.parent")


def test_an_item_whose_node_does_not_exist_is_refused() -> None:
    text = FY2568.replace(O21, '{id: O21, sub_indicator: "10.9",', 1)
    problem = _only_problem(text)
    assert problem.message == "item O21: parent '10.9' is neither a sub-indicator nor a group"
    assert (problem.line, problem.field) == (
        _line_of(text, "id: O21,"),
        "oit_items.20.sub_indicator",
    )


def test_an_item_in_two_groups_is_refused_at_its_second_place() -> None:
    text = FY2568.replace("  - {id: O22,", '  - {id: O21, sub_indicator: "10.2"}\n  - {id: O22,', 1)
    problem = _only_problem(text)
    assert problem.message == "item O21 is in two groups, 10.1 and 10.2; an item belongs to one"
    assert problem.line == _line_of(text, '{id: O21, sub_indicator: "10.2"}')
    assert problem.field == "oit_items.21.sub_indicator"


def test_an_item_listed_twice_under_one_node_is_a_duplicate() -> None:
    text = FY2568.replace("  - {id: O22,", '  - {id: O21, sub_indicator: "10.1"}\n  - {id: O22,', 1)
    assert _only_problem(text).message == "id 'O21' appears twice in oit_items"


def test_an_empty_group_is_refused() -> None:
    problem = _only_problem(text := _with_groups('{id: "9.5.9", parent: "9.5"}'))
    assert problem.message == "group 9.5.9 has no item or group under it"
    assert (problem.line, problem.field) == (_line_of(text, 'id: "9.5.9"'), "groups.0.id")


def test_weights_that_do_not_add_up_as_declared_are_refused() -> None:
    declared = '{id: "10.1", indicator: "10", weights_sum: 100,'
    text = FY2568.replace('{id: "10.1", indicator: "10",', declared, 1)
    problem = _only_problem(text)
    assert problem.message == "the weights under 10.1 add up to 2, not 100 as weights_sum declares"
    assert (problem.line, problem.field) == (
        _line_of(text, declared),
        "sub_indicators.5.weights_sum",
    )


def test_weights_that_add_up_as_declared_load() -> None:
    text = FY2568.replace(
        '{id: "10.1", indicator: "10",', '{id: "10.1", indicator: "10", weights_sum: 2,', 1
    )
    text = text.replace('{id: "10", tool: OIT,', '{id: "10", tool: OIT, weights_sum: 5,', 1)
    assert parse_framework(text, "x.yaml").indicators["10"].weights_sum == 5


def test_indicator_weights_that_do_not_add_up_as_declared_are_refused() -> None:
    text = FY2568.replace('{id: "9", tool: OIT,', '{id: "9", tool: OIT, weights_sum: 100,', 1)
    problem = _only_problem(text)
    assert problem.message == "the weights under 9 add up to 5, not 100 as weights_sum declares"
    assert problem.field == "indicators.8.weights_sum"


def test_a_tree_deeper_than_the_limit_is_refused_and_one_at_the_limit_loads() -> None:
    def chain(levels: int) -> str:
        ids = ["9.5"] + ["9.5." + ".".join(["1"] * (n + 1)) for n in range(levels)]
        text = _with_groups(
            *(f'{{id: "{child}", parent: "{parent}"}}' for parent, child in pairwise(ids))
        )
        return text.replace(
            '{id: O20, sub_indicator: "9.5"', f'{{id: O20, sub_indicator: "{ids[-1]}"', 1
        )

    fw = parse_framework(chain(MAX_TREE_DEPTH - 1), "x.yaml")
    assert len(fw.path_of_item["O20"]) == MAX_TREE_DEPTH
    problem = _only_problem(chain(MAX_TREE_DEPTH))
    deepest = "9.5." + ".".join(["1"] * MAX_TREE_DEPTH)
    limit = MAX_TREE_DEPTH
    assert problem.message == f"group {deepest} lies more than {limit} levels below its indicator"


def test_a_bad_tree_in_a_frameworks_directory_loads_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = FY2568.replace("fiscal_year: 2568", "fiscal_year: 2590").replace(
        O21, '{id: O21, sub_indicator: "10.9",', 1
    )
    (tmp_path / "ita-2590.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(tmp_path))
    with pytest.raises(InputError) as err:
        load_framework(2590)
    assert err.value.problems[0].file.endswith("ita-2590.yaml")


def test_the_messages_are_thai_for_a_thai_reader() -> None:
    from openita.i18n import use_language

    text = FY2568.replace(O21, '{id: O21, sub_indicator: "10.9",', 1)
    with use_language("th"):
        problem = _only_problem(text)
    assert problem.message == "ข้อ O21: parent '10.9' ไม่ใช่ตัวชี้วัดย่อยหรือกลุ่มที่มีอยู่"
