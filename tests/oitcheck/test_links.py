"""The links file: read as a clerk writes it, every problem named by line and field."""

from __future__ import annotations

import pytest

from openita.errors import InputError
from openita.frameworks.loader import load_framework
from openita.oitcheck.links import item_id, parse_links, targets


@pytest.mark.parametrize(
    ("text", "expected"),
    [("O12", "O12"), ("o7", "O7"), ("ข้อ O12", "O12"), (" O 3 ", "O3"), ("O012", "O12")],
)
def test_item_ids_are_read_as_clerks_write_them(text, expected):
    assert item_id(text) == expected


@pytest.mark.parametrize("text", ["12", "i3", "O", "Oxx", "O1234"])
def test_anything_else_is_not_an_item(text):
    assert item_id(text) is None


def test_thai_headers_several_links_and_blank_lines():
    text = "\ufeffข้อ,ลิงก์\nO1,https://a.go.th/o1\n\nO1,https://a.go.th/o1b\nข้อ O7,https://a.go.th/o7.pdf\n"
    assert parse_links(text, "links.csv") == {
        "O1": ["https://a.go.th/o1", "https://a.go.th/o1b"],
        "O7": ["https://a.go.th/o7.pdf"],
    }


def test_all_problems_of_the_file_at_once():
    text = "item,url\nO1,https://a.go.th\nX9,https://b\nO2,\n"
    with pytest.raises(InputError) as caught:
        parse_links(text, "links.csv")
    places = [(p.line, p.field) for p in caught.value.problems]
    assert places == [(3, "item"), (4, "url")]


def test_a_file_without_the_columns_is_refused_on_line_1():
    with pytest.raises(InputError) as caught:
        parse_links("a,b\nO1,x\n", "links.csv")
    assert caught.value.problems[0].line == 1


def test_every_framework_item_is_a_target_with_its_period():
    framework = load_framework(2568)
    found = {t.item_id: t for t in targets(framework, {"O7": ["https://a.go.th/o7"]})}
    assert set(found) == set(framework.oit_items)
    assert found["O7"].fiscal_year == 2567  # the annual report covers the year before
    assert found["O12"].fiscal_year == 2568
    assert found["O7"].urls == ("https://a.go.th/o7",) and found["O1"].urls == ()


def test_an_item_the_year_does_not_have_is_refused():
    with pytest.raises(InputError) as caught:
        targets(load_framework(2568), {"O99": ["https://a.go.th"]}, "links.csv")
    assert "O99" in str(caught.value)


def test_problems_of_a_links_file_are_data_read_in_thai_and_in_english():
    from openita.errors import InputError
    from openita.message import Message
    from openita.oitcheck.links import parse_links

    text = "item,url\nX1,https://a.go.th\nO2,\n"
    with pytest.raises(InputError) as caught:
        parse_links(text, "links.csv")
    bad_item, empty = caught.value.problems
    assert bad_item.code == "not_an_item" and empty.code == "empty_link"
    assert bad_item.message_data == Message(
        "{value!r} is not an OIT item id such as O12", value="X1"
    )
    assert (bad_item.line, bad_item.field, empty.line, empty.field) == (2, "item", 3, "url")
    assert bad_item.render("en") == "'X1' is not an OIT item id such as O12"
    assert bad_item.render("th") == "'X1' ไม่ใช่รหัสข้อ OIT เช่น O12"
    assert empty.render("en") == "the link is empty" and empty.render("th") != "the link is empty"
