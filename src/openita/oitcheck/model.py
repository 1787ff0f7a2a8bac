"""What the self-check is asked (:class:`Target`) and what it answers (:class:`ItemCheck`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from openita.limits import MB


class Verdict(StrEnum):
    """The verdict on one link or one item, worst first in :data:`SEVERITY`."""

    OK = "ok"
    """Reachable, readable, and mentions the fiscal year the item must cover."""
    PENDING = "pending"
    """An attached OpenITA document whose PDF the background worker has not stored yet: its
    public address answers 503 until then, so it is not ready, but it needs no fix."""
    NO_YEAR = "no_year"
    """Readable, but no Buddhist-era year is mentioned: an assessor cannot tell the period."""
    OUTDATED = "outdated"
    """Last modified before the period the item covers, and the year is not mentioned."""
    WRONG_YEAR = "wrong_year"
    """Mentions fiscal years, but not the one the item must cover."""
    UNREADABLE = "unreadable"
    """Reached, but not a document the checker can read (type, size, damaged or a zip bomb)."""
    BROKEN = "broken"
    """The server answered with an error (404, 500, …) or a redirect loop."""
    UNREACHABLE = "unreachable"
    """No answer: DNS failure, refused connection or timeout."""
    REFUSED = "refused"
    """Not fetched: an invalid URL or an address the policy forbids (private network)."""
    MISSING = "missing"
    """The item has no link at all."""


#: From best to worst; an item takes the best verdict of its links.
SEVERITY: tuple[Verdict, ...] = (
    Verdict.OK,
    Verdict.PENDING,
    Verdict.NO_YEAR,
    Verdict.OUTDATED,
    Verdict.WRONG_YEAR,
    Verdict.UNREADABLE,
    Verdict.BROKEN,
    Verdict.UNREACHABLE,
    Verdict.REFUSED,
    Verdict.MISSING,
)


def best(verdicts: list[Verdict]) -> Verdict:
    """The best of ``verdicts`` (an item needs one good link); MISSING when there is none."""
    if not verdicts:
        return Verdict.MISSING
    return min(verdicts, key=SEVERITY.index)


@dataclass(frozen=True)
class Reason:
    """Why a link got its verdict: a code and its parameters, worded at the edge."""

    code: str
    params: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """One OIT item to check: its links and the fiscal year its evidence must cover."""

    item_id: str
    urls: tuple[str, ...]
    fiscal_year: int
    """The Buddhist-era fiscal year the evidence is about (the assessed year for current-year
    items, the year before for previous-year items such as the annual report)."""
    title: str = ""
    keywords: tuple[str, ...] = ()
    """Words or phrases of the item's criteria, looked for in the text."""


@dataclass(frozen=True)
class CheckPolicy:
    """The limits of one self-check run (docs/oitcheck.md#limits)."""

    allow_loopback: bool = False
    """Tests only: let the checker fetch 127.0.0.1/::1 (never private networks)."""
    max_bytes: int = 20 * MB
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0
    """Seconds one link may take in all (redirects and body included)."""
    max_redirects: int = 5
    max_connections: int = 20
    per_host: int = 2
    """Requests in flight to one host at a time."""
    host_interval: float = 0.1
    """Seconds between the starts of two requests to one host."""
    max_pages: int = 50
    """PDF pages read for text."""
    user_agent: str = "OpenITA-selfcheck/1 (+https://github.com/openita)"
    """Sent with every request; its first word (``OpenITA-selfcheck``) is the name robots.txt
    rules are matched against when the site is crawled."""
    crawl_depth: int = 3
    """Links followed from the crawl's start page (0: the start page alone)."""
    crawl_pages: int = 200
    """Pages and documents fetched by one crawl, robots.txt included."""
    crawl_deadline: float = 600.0
    """Seconds one crawl may take in all; what it found by then is kept."""
    crawl_links_per_page: int = 2000
    """Links read from one page (a page with more is read up to this many)."""
    crawl_suggestions: int = 3
    """Candidate documents proposed per item."""


@dataclass(frozen=True)
class LinkCheck:
    """What one link gave."""

    url: str
    verdict: Verdict
    reasons: tuple[Reason, ...] = ()
    final_url: str | None = None
    status: int | None = None
    redirects: tuple[str, ...] = ()
    content_type: str | None = None
    size: int | None = None
    last_modified: datetime | None = None
    years: tuple[int, ...] = ()
    """Buddhist-era years the text mentions, most mentioned first."""
    keyword_hits: tuple[str, ...] = ()
    keyword_misses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A page or document found by the crawl that may be the evidence of an item without link."""

    url: str
    """The address found (after redirects), ready to be added as the item's link."""
    score: float
    """Higher is likelier: the share of the item's keywords found, documents over pages, pages
    that match few other items over index pages that match many."""
    reasons: tuple[Reason, ...]
    content_type: str | None = None
    years: tuple[int, ...] = ()
    keyword_hits: tuple[str, ...] = ()
    label: str = ""
    """The text of the link that led to it ("รายงานผลการดำเนินงานประจำปี 2568 (PDF)")."""


@dataclass(frozen=True)
class CrawlReport:
    """What a crawl of the agency's site did: where it started, how far it went, why it stopped."""

    start: str
    pages: int = 0
    """Pages and documents fetched (robots.txt not counted)."""
    blocked: int = 0
    """Links on the site that robots.txt forbids us to fetch (not fetched)."""
    elsewhere: int = 0
    """Links to other hosts (not followed)."""
    notes: tuple[Reason, ...] = ()
    """Why the crawl stopped early or was not made (page limit, deadline, robots.txt)."""


@dataclass(frozen=True)
class ItemCheck:
    """The verdict on one item: the best of its links, with every link's own result."""

    item_id: str
    fiscal_year: int
    verdict: Verdict
    links: tuple[LinkCheck, ...]
    title: str = ""
    suggestions: tuple[Suggestion, ...] = ()
    """For an item without link, what a crawl of the agency's site found, likeliest first."""

    @property
    def broken_links(self) -> tuple[LinkCheck, ...]:
        bad = {Verdict.BROKEN, Verdict.UNREACHABLE, Verdict.REFUSED}
        return tuple(link for link in self.links if link.verdict in bad)
