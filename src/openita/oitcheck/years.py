"""Which Buddhist-era years a text mentions ("ปีงบประมาณ พ.ศ. 2569", "2569", "๒๕๖๙")."""

from __future__ import annotations

import re
from collections import Counter

from openita.thaidate import arabic_digits

#: A Buddhist-era year of the assessment's era, not part of a longer number (a phone number,
#: a document code); a year split by a thousands separator ("2,569") is a number, not a year.
_YEAR = re.compile(r"(?<![\d.,/])(2[5-6]\d\d)(?![\d]|[.,]\d)")

FIRST_YEAR = 2500
LAST_YEAR = 2700


def years_in(text: str) -> Counter[int]:
    """How often each year between 2500 and 2700 BE appears in ``text``, digits of any script."""
    found: Counter[int] = Counter()
    for match in _YEAR.finditer(arabic_digits(text)):
        year = int(match.group(1))
        if FIRST_YEAR <= year <= LAST_YEAR:
            found[year] += 1
    return found
