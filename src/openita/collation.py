"""Thai dictionary order for names, as a plain string that any database sorts correctly.

Sorting Thai text by code point puts every name that starts with a leading vowel (เ แ โ ใ ไ)
after all the others, and lets tone marks decide before letters: "เทศบาลตำบลคำบง" would
come after "องค์การบริหารส่วนตำบล…" and "ข้าว" after "ขาวดำ". The Royal Institute dictionary
(and ICU's Thai collation, which follows it) instead:

1. reads a leading vowel after the consonant it is written before (เก sorts as ก + เ);
2. compares consonants and vowels first — their Unicode order (ก … ฮ, ะ ั า ำ ิ ี ึ ื ุ ู เ แ โ ใ ไ)
   is already the dictionary order;
3. uses tone marks and the other signs written above or below (็ ่ ้ ๊ ๋ ์ ํ ๎) only to
   order words that are otherwise equal (no mark first, then ่ ้ ๊ ๋);
4. puts digits (๐–๙ equal to 0–9) before Thai letters, and Latin letters after them.

tests/data/thai-names-icu-order.txt holds 122 names (the provinces, agencies, words that differ
only by a mark) in the order PostgreSQL's ICU collation "th-TH-x-icu" gives; this key sorts
them identically (tests/test_collation.py), and the PostgreSQL test leg re-asks ICU.

SQLite has no Thai collation and PostgreSQL's depends on how the server was built, so the key
is computed here and stored beside the name. It uses only the characters 0-9 and a-f, in
fixed-width groups, so byte order, "C" and any locale order of the database agree on it (no
case, no punctuation, no multi-character rules): the same order on both databases
(docs/adr/0004-sqlite-and-postgresql.md).
"""

from __future__ import annotations

import unicodedata

LEADING_VOWELS = frozenset("เแโใไ")
"""Written before the consonant they follow in speech (U+0E40–U+0E44)."""
MARKS = frozenset("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
"""Signs above a letter that only break ties: ็ ่ ้ ๊ ๋ ์ ํ ๎."""
THAI_DIGITS = {chr(0x0E50 + d): str(d) for d in range(10)}
"""๐–๙ sort as 0–9."""

SIGNIFICANT_LETTERS = 60
"""Only the first letters decide; longer names that share them fall back to the name itself."""
KEY_LENGTH = 4 * (2 * SIGNIFICANT_LETTERS + 1)
"""The longest key :func:`thai_sort_key` returns (for the database column's size)."""

_END = "0000"
"""After the letters: below every letter, so a name sorts before its own continuations."""


def _is_consonant(char: str) -> bool:
    return "\u0e01" <= char <= "\u0e2e"


def _letters(text: str) -> list[tuple[str, str]]:
    """Each letter of ``text`` in dictionary reading order, with the mark written on it."""
    text = unicodedata.normalize("NFC", text).casefold().replace("\u0e4d\u0e32", "\u0e33")
    chars = [THAI_DIGITS.get(c, c) for c in text if unicodedata.category(c)[0] != "C"]
    letters: list[tuple[str, str]] = []
    i = 0
    while i < len(chars):
        char = chars[i]
        if char in LEADING_VOWELS and i + 1 < len(chars) and _is_consonant(chars[i + 1]):
            letters += [(chars[i + 1], ""), (char, "")]
            i += 2
            continue
        if char in MARKS:
            if letters:
                base, mark = letters[-1]
                letters[-1] = (base, mark or char)
            i += 1
            continue
        letters.append((char, ""))
        i += 1
    return letters


def _weight(char: str) -> str:
    """Digits, then Thai, then other letters (ICU's Thai order: ๑๒ and 12 before ก, Latin last)."""
    if not char:
        return _END
    code = ord(char)
    if char.isalpha() and not "\u0e00" <= char <= "\u0e7f":
        code += 0x1000
    # Four digits for every character, so keys compare group by group (beyond the Basic
    # Multilingual Plane, e.g. 𝟎 or emoji, all weigh the same: after everything else).
    return f"{min(code, 0xFFFF):04x}"


def thai_sort_key(text: str) -> str:
    """A key whose plain string order is Thai dictionary order of ``text``.

    Letters first (marks ignored), then the marks letter by letter: "กอง" < "ก้อง" < "ขอ".
    """
    letters = _letters(text)[:SIGNIFICANT_LETTERS]
    primary = "".join(_weight(base) for base, _mark in letters)
    secondary = "".join(_weight(mark) for _base, mark in letters)
    return primary + _END + secondary
