"""Thai line breaking: mark where a line may break (between words) and where it may not.

Thai is written without spaces between words, so a typesetter must find word boundaries
itself. LibreOffice 7.4 does so with its own dictionary and breaks some words in the middle
("อ้|างอิง", "ประสิทธิภา|พ", "อิเล็กทรอนิก|ส์"). Here the words come from PyThaiNLP (the
field's segmenter, ``newmm`` with its dictionary), and the text is marked for the renderer:

- U+200B ZERO WIDTH SPACE between two adjacent Thai words: a break opportunity;
- U+FEFF ZERO WIDTH NO-BREAK SPACE before each spacing character inside a Thai word, and
  after a space that precedes an opening bracket: no break.

Measured with LibreOffice 7.4 and the reasons for these two characters (and not U+2060 WORD
JOINER, which LibreOffice mishandles in Thai): docs/adr/0005-thai-line-breaking.md. Neither
mark reaches the PDF text layer (pdftotext gives the plain Thai back), and :func:`visible`
removes them where the DOCX text is read back.

A Thai word wider than its whole line cannot break between words; LibreOffice then breaks it
where it must, as it would without the marks. Columns are sized so that this does not happen
with the report's texts.
"""

from __future__ import annotations

import re
from functools import lru_cache

BREAK = "\u200b"
NO_BREAK = "\ufeff"
MARKS = (BREAK, NO_BREAK, "\u2060")
NO_BREAK_SPACE = "\u00a0"  # written by the author where a phrase must stay on one line
_SPACES = re.compile(r"([ \t\n\r]+)")  # ordinary whitespace, kept: where a line may break

# Characters that never start a cluster: they attach to the consonant before them.
FOLLOWING = frozenset(
    "\u0e31\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
# Following vowels written after the consonant (ะ า ำ ๅ): a line must not start with them either.
TRAILING_VOWELS = frozenset("\u0e30\u0e32\u0e33\u0e45")
# Leading vowels (เ แ โ ใ ไ): written before the consonant they belong to.
LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_NO_LINE_START = FOLLOWING | TRAILING_VOWELS | {"\u0e46"}  # ๆ repeats the word before it


# A year stays with its era: "พ.ศ. 2568" is one unit (the seed report had "พ.ศ." alone at a
# line end five times), its space written as a NO-BREAK SPACE; digits Arabic or Thai (the
# digits pass runs first). Only there: a no-break space next to a Thai letter lets LibreOffice
# 7.4 break the Thai word beside it when the unit does not fit ("(ร้อย|ละ 4.94)", "1 ค|รั้ง",
# measured 2026-12-04), so "99.00 คะแนน", "ร้อยละ 4.94" and "ข้อ O12" keep breakable spaces; a
# U+FEFF after an ordinary space does not stop LibreOffice from breaking at the space.
_YEAR = re.compile(r"(?<=พ\.ศ\.) (?=[0-9๐-๙]{4}(?![0-9๐-๙]))")


# A space before an opening bracket: LibreOffice 7.4 breaks after "(" when Thai follows it
# ("ทราบ (|อ้างอิงข้อ O6)"); a no-break mark after the space keeps "(" with its word.
_OPENING = re.compile(r" (?=[(\[“‘])")


def is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b"


def _joined(word: str) -> str:
    """A Thai word with a no-break mark before each of its spacing characters.

    Not before a combining mark (above/below vowels, tone marks, ำ): that would separate the
    mark from its consonant when shaping. Before ะ and า too: LibreOffice's own segmenter breaks
    inside a short run such as "อ้า" ("(อ้|างอิง") unless every run is a single cluster.
    """
    out = [word[0]]
    for ch in word[1:]:
        if ch in FOLLOWING:
            out.append(ch)
        else:
            out.append(NO_BREAK + ch)
    return "".join(out)


def words(text: str) -> list[str]:
    """PyThaiNLP's words of ``text``, whitespace kept as tokens."""
    from pythainlp.tokenize import word_tokenize

    return list(word_tokenize(text, engine="newmm", keep_whitespace=True))


@lru_cache(maxsize=8192)
def mark_breaks(text: str) -> str:
    """``text`` with break / no-break marks for Thai; text without Thai is returned unchanged.

    A year is kept with its era: the space of "พ.ศ. 2568" becomes a NO-BREAK SPACE
    (``_YEAR``), and only that space: the words around it keep their marks.
    A run of text the author joined with a NO-BREAK SPACE (U+00A0), such as a score label
    ``ส่วนที่ 1: 99.51`` or a date ``1 ต.ค. 2568``, is one unbreakable unit: its Thai
    words are joined, not given a break opportunity between them ("ส่วน|ที่" would otherwise
    let the line break inside the label, whatever width the column was measured for).
    """
    if not any(is_thai(ch) for ch in text):
        return text
    out: list[str] = []
    plain = visible(text)
    bound = {m.start() for m in _YEAR.finditer(plain)}
    at = 0  # where the current word starts in ``plain``
    for chunk in _SPACES.split(plain) if NO_BREAK_SPACE in plain else [plain]:
        joined = NO_BREAK_SPACE in chunk
        previous_thai = False
        for word in words(chunk):
            thai = bool(word) and all(is_thai(ch) for ch in word)
            if thai and previous_thai:
                out.append(NO_BREAK if joined else BREAK)
            if word == " " and at in bound:
                out.append(NO_BREAK_SPACE)  # only this space: the words around it still break
            else:
                out.append(_joined(word) if thai and len(word) > 1 else word)
            previous_thai = thai
            at += len(word)
    return _OPENING.sub(" " + NO_BREAK, "".join(out))


def visible(text: str) -> str:
    """``text`` without the invisible break marks."""
    for mark in MARKS:
        text = text.replace(mark, "")
    return text


def readable(text: str) -> str:
    """``text`` as a reader reads it: without the marks, and with its no-break spaces (those
    that keep a year with its era, a date or a score label on one line) as spaces."""
    return visible(text).replace(NO_BREAK_SPACE, " ")


def bad_line_start(line: str) -> bool:
    """A line that starts with a mark or vowel that belongs to the character before it."""
    return bool(line) and line[0] in _NO_LINE_START


def bad_line_end(line: str) -> bool:
    """A line that ends with a leading vowel (เ แ โ ใ ไ), cut from its consonant."""
    return bool(line) and line[-1] in LEADING_VOWELS


def is_word_boundary(before: str, after: str) -> bool:
    """Whether a line break between ``before`` and ``after`` falls between dictionary words.

    True when PyThaiNLP segments the joined text with a boundary at the break, or when the
    word it splits is a compound of two dictionary words split at their seam (ขั้น|ตอน).
    """
    from pythainlp.corpus import thai_words

    cut, position = len(before), 0
    for word in words(before + after):
        end = position + len(word)
        if position < cut < end:
            head, tail = word[: cut - position], word[cut - position :]
            dictionary = thai_words()
            return head in dictionary and tail in dictionary
        position = end
    return True
