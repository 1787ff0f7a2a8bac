"""The verdict on a link from what it gave: the year rule, the date rule, keyword hits.

- The text mentions the fiscal year the item covers: **ok**.
- It mentions other fiscal years only: **wrong year** (e.g. last year's annual report).
- It mentions no year, and the server says it was last modified before that fiscal year
  began: **outdated**; with no such date: **no year** (the assessor cannot tell the period).

Keywords (the item's title and criteria) do not change the verdict; misses are a reason the
clerk reads ("ไม่พบคำว่า …").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from openita.oitcheck.fetch import Fetched
from openita.oitcheck.model import LinkCheck, Reason, Target, Verdict
from openita.oitcheck.years import years_in
from openita.thaidate import fiscal_year_bounds

_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def squeezed(text: str) -> str:
    """Text without spaces or zero-width characters: PDF text puts spaces inside Thai words."""
    return _SPACE.sub("", text).lower()


@dataclass(frozen=True)
class Facts:
    """What the rules read in a text, worked out once when one text is judged for many items
    (the crawl judges each page it finds for every item without link)."""

    years: Counter[int]
    flat: str

    @classmethod
    def of(cls, text: str) -> Facts:
        return cls(years_in(text), squeezed(text))


def judge(target: Target, fetched: Fetched, text: str | Facts) -> LinkCheck:
    facts = text if isinstance(text, Facts) else Facts.of(text)
    years = facts.years
    reasons: list[Reason] = []
    required = target.fiscal_year
    if required in years:
        verdict = Verdict.OK
        reasons.append(Reason("year_found", {"year": required}))
    elif years:
        verdict = Verdict.WRONG_YEAR
        shown = ", ".join(str(y) for y, _ in years.most_common(3))
        reasons.append(Reason("other_years", {"year": required, "years": shown}))
    else:
        start, _end = fiscal_year_bounds(required)
        modified = fetched.last_modified
        if modified is not None and modified.date() < start:
            verdict = Verdict.OUTDATED
            reasons.append(
                Reason("outdated", {"year": required, "date": modified.date().isoformat()})
            )
        else:
            verdict = Verdict.NO_YEAR
            reasons.append(Reason("no_year", {"year": required}))
    flat = facts.flat
    hits = tuple(k for k in target.keywords if squeezed(k) and squeezed(k) in flat)
    misses = tuple(k for k in target.keywords if k not in hits)
    if misses:
        reasons.append(Reason("keywords_missing", {"keywords": ", ".join(misses)}))
    return answered(
        fetched,
        verdict,
        tuple(reasons),
        years=tuple(y for y, _ in years.most_common()),
        keyword_hits=hits,
        keyword_misses=misses,
    )


def answered(
    fetched: Fetched, verdict: Verdict, reasons: tuple[Reason, ...], **found: Any
) -> LinkCheck:
    """A link that answered: what its response said (status, redirects, type, size, date),
    with the verdict, its reasons and what was ``found`` in the text."""
    return LinkCheck(
        url=fetched.url,
        verdict=verdict,
        reasons=reasons,
        final_url=fetched.final_url,
        status=fetched.status,
        redirects=fetched.redirects,
        content_type=fetched.content_type,
        size=fetched.size,
        last_modified=fetched.last_modified,
        **found,
    )
