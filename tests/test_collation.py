"""Thai dictionary order of names (openita.collation), the order the coordinator table uses.

The reference is ICU's Thai collation ("th-TH-x-icu" in PostgreSQL), which follows the Royal
Institute dictionary: tests/data/thai-names-icu-order.txt is the order ICU gave for 122 names;
tests/web/test_agency_order.py asks PostgreSQL's ICU again in the PostgreSQL leg.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from openita.collation import KEY_LENGTH, thai_sort_key

ICU_ORDER = Path(__file__).parent / "data" / "thai-names-icu-order.txt"


def icu_names() -> list[str]:
    return ICU_ORDER.read_text(encoding="utf-8").split()


def dictionary_sorted(names: list[str]) -> list[str]:
    return sorted(names, key=thai_sort_key)


def test_names_sort_exactly_as_icu_thai_collation_sorts_them() -> None:
    expected = icu_names()
    shuffled = expected[:]
    random.Random(2568).shuffle(shuffled)
    assert dictionary_sorted(shuffled) == expected


def test_a_leading_vowel_is_read_after_its_consonant() -> None:
    # Code point order puts every เ/แ/โ/ใ/ไ name after อ; the dictionary puts เทศบาล under ท.
    names = ["องค์การบริหารส่วนตำบลนาข่า", "เทศบาลตำบลคำบง", "กรมบัญชีกลาง", "ไชยวาน"]
    assert dictionary_sorted(names) == [
        "กรมบัญชีกลาง",
        "ไชยวาน",
        "เทศบาลตำบลคำบง",
        "องค์การบริหารส่วนตำบลนาข่า",
    ]


def test_tone_marks_only_break_ties_between_otherwise_equal_words() -> None:
    assert dictionary_sorted(["ขาวดำ", "ข้าว", "ข่าว", "ขาว"]) == ["ขาว", "ข่าว", "ข้าว", "ขาวดำ"]


def test_a_name_comes_before_its_longer_continuations() -> None:
    assert dictionary_sorted(["เทศบาลตำบลคำบง", "เทศบาลตำบล", "เทศบาล"]) == [
        "เทศบาล",
        "เทศบาลตำบล",
        "เทศบาลตำบลคำบง",
    ]


def test_digits_come_first_thai_digits_equal_arabic_ones_and_latin_comes_last() -> None:
    assert thai_sort_key("๑๒") == thai_sort_key("12")
    assert dictionary_sorted(["Bangkok", "กรุงเทพ", "12"]) == ["12", "กรุงเทพ", "Bangkok"]


def test_sara_am_typed_as_two_characters_sorts_as_sara_am() -> None:
    assert thai_sort_key("ค\u0e4d\u0e32") == thai_sort_key("คำ")


@given(st.text(max_size=300))
def test_the_key_is_fixed_width_lowercase_hex_that_fits_its_column(name: str) -> None:
    key = thai_sort_key(name)
    assert re.fullmatch(r"(?:[0-9a-f]{4})+", key)
    assert len(key) <= KEY_LENGTH


def test_characters_beyond_the_basic_plane_keep_the_key_fixed_width() -> None:
    # Found by hypothesis: 𝟎 (U+1D7CE) once gave a five-digit group, shifting every later one.
    assert len(thai_sort_key("𝟎ก")) == len(thai_sort_key("กก"))
    assert dictionary_sorted(["𝟎", "ก", "Z"]) == ["ก", "Z", "𝟎"]
