"""Crawl the agency's own website for documents of the items that have no link yet.

From the site's root (or a given start page) the crawl follows links **on the same site only**
— ``www.`` or not, http or https; a redirect to another host is not followed — and fetches
nothing ``robots.txt`` forbids our user agent (``OpenITA-selfcheck``, read with the standard
library's :mod:`urllib.robotparser` from the robots.txt fetched through the same guarded
client, its ``Crawl-delay`` honoured). It goes at most ``crawl_depth`` links deep and fetches at
most ``crawl_pages`` pages and documents, within ``crawl_deadline`` seconds; every fetch has the
byte limit, deadline, address policy and per-host pacing of a link check
(:class:`~openita.oitcheck.fetch.Fetcher`).

Every page or document found is judged, like an evidence link (:func:`~.verdict.judge`), for
each item without link: one that mentions the fiscal year the item covers and some of its
keywords (in its text or in the text of the link that led to it) is a
:class:`~openita.oitcheck.model.Suggestion`, ranked by the share of keywords found, documents
before pages, and pages that match few items before index pages that match many. Only the
best few per item are kept, and no page text is kept at all: memory is bounded by the page
limit, not by the site.

RFC 9309 on robots.txt: a robots.txt answered 4xx means no rules (crawl allowed); a server
error or no answer means the site cannot be crawled now (nothing fetched).
"""

from __future__ import annotations

import asyncio
import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit
from urllib.robotparser import RobotFileParser

from openita.oitcheck.documents import Unreadable, decoded, kind_of, page_links, text_of
from openita.oitcheck.fetch import Fetched, Fetcher, FetchFailed
from openita.oitcheck.model import CheckPolicy, CrawlReport, Reason, Suggestion, Target, Verdict
from openita.oitcheck.verdict import Facts, judge, squeezed
from openita.oitcheck.years import years_in

#: Addresses that are never evidence documents: not fetched, they would only use up pages.
SKIPPED_SUFFIXES = (
    ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".ico", ".bmp", ".tif", ".tiff",
    ".css", ".js", ".json", ".xml", ".rss", ".woff", ".woff2", ".ttf", ".eot",
    ".mp3", ".mp4", ".m4a", ".avi", ".mov", ".wmv", ".flv", ".webm",
    ".zip", ".rar", ".7z", ".gz", ".tar", ".exe", ".msi", ".apk", ".iso",
)  # fmt: skip
DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx"})
ROBOTS_BYTES = 500 * 1024
"""robots.txt read (RFC 9309 asks crawlers to read at least 500 KiB)."""
MAX_URL = 1000
"""Longer addresses are not followed (nor could they be stored as an evidence link)."""
MAX_SEEN_PER_PAGE = 50
"""Addresses remembered per page of the limit (the queue and its duplicates stay bounded)."""


def site_root(urls: Iterable[str]) -> str | None:
    """The root (``https://www.example.go.th/``) of the site most of ``urls`` are on."""
    counts: Counter[tuple[str, str]] = Counter()
    for url in urls:
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            continue
        if parts.scheme.lower() in {"http", "https"} and parts.hostname:
            counts[(parts.scheme.lower(), parts.netloc.lower())] += 1
    if not counts:
        return None
    (scheme, netloc), _n = counts.most_common(1)[0]
    return f"{scheme}://{netloc}/"


def same_site_key(url: str) -> tuple[str, int] | None:
    """The host (without ``www.``) and port a URL is on; http and https count as one site."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or parts.scheme.lower() not in {"http", "https"}:
        return None
    default = 443 if parts.scheme.lower() == "https" else 80
    return host.removeprefix("www."), port if port not in (None, default) else 0


def _normal(url: str) -> str | None:
    """The address to fetch, without its #fragment; None for what is never crawled."""
    address = urldefrag(url.strip())[0]
    if len(address) > MAX_URL:
        return None
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"}:
        return None
    if parts.path.lower().endswith(SKIPPED_SUFFIXES):
        return None
    return address


@dataclass
class _Found:
    """The pages and documents that matched one item, the best ``keep`` only."""

    keep: int
    heap: list[tuple[float, str, Suggestion]] = field(default_factory=list)

    def add(self, suggestion: Suggestion) -> None:
        if any(s.url == suggestion.url for _score, _url, s in self.heap):
            return
        entry = (suggestion.score, suggestion.url, suggestion)
        if len(self.heap) < self.keep:
            heapq.heappush(self.heap, entry)
        elif entry[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, entry)

    def best(self) -> tuple[Suggestion, ...]:
        ranked = sorted(self.heap, key=lambda e: (-e[0], e[1]))
        return tuple(s for _score, _url, s in ranked)


def score(hits: int, keywords: int, kind: str, matched_items: int) -> float:
    """How likely a page is an item's evidence (docs/oitcheck.md#crawl)."""
    share = hits / keywords if keywords else 0.0
    weight = 1.0 if kind in DOCUMENT_KINDS else 0.8
    return round(share * weight / (1 + 0.5 * (matched_items - 1)), 3)


def suggestions_in(
    targets: list[Target], fetched: Fetched, text: str, label: str = ""
) -> list[tuple[str, Suggestion]]:
    """(item id, suggestion) for each target this page or document may be the evidence of:
    it mentions the fiscal year the item covers, and some of the item's keywords are in it or
    in the text of the link that led to it (``label``: a scanned PDF has no text of its own
    but its link on the ITA page names it)."""
    facts = Facts(years_in(text), squeezed(f"{text} {label}"))
    kind = kind_of(fetched)
    matched = []
    for target in targets:
        if not target.keywords:
            continue
        check = judge(target, fetched, facts)
        if check.verdict is Verdict.OK and check.keyword_hits:
            matched.append((target, check))
    found = []
    for target, check in matched:
        reasons = [
            Reason(
                "suggested",
                {"keywords": ", ".join(check.keyword_hits), "year": target.fiscal_year},
            )
        ]
        if len(matched) > 1:
            reasons.append(Reason("matches_other_items", {"count": len(matched) - 1}))
        suggestion = Suggestion(
            url=fetched.final_url,
            score=score(len(check.keyword_hits), len(target.keywords), kind, len(matched)),
            reasons=tuple(reasons),
            content_type=fetched.content_type,
            years=check.years[:5],
            keyword_hits=check.keyword_hits,
            label=label,
        )
        found.append((target.item_id, suggestion))
    return found


@dataclass(frozen=True)
class _Page:
    links: list[tuple[str, str]]
    found: list[tuple[str, Suggestion]]


class Crawl:
    """One crawl of one site with a shared :class:`Fetcher`; ``await crawl.run()``."""

    def __init__(self, fetcher: Fetcher, targets: Iterable[Target], start: str) -> None:
        self.fetcher = fetcher
        self.policy: CheckPolicy = fetcher.policy
        self.targets = [t for t in targets if not t.urls]
        self.start = start.strip()
        self.site = same_site_key(self.start)
        self.robots: RobotFileParser | None = None
        self.agent = self.policy.user_agent
        self.found = {t.item_id: _Found(self.policy.crawl_suggestions) for t in self.targets}
        self.pages = 0
        self.blocked: set[str] = set()
        self.elsewhere: set[str] = set()
        self.seen: set[str] = set()
        self.notes: list[Reason] = []
        self.queue: asyncio.Queue[tuple[str, int, str]] = asyncio.Queue()

    # -- rules -----------------------------------------------------------------------------

    def refusal(self, url: str) -> Reason | None:
        """Why ``url`` (a page or a redirect) is not fetched by the crawl, or None."""
        if self.site is None or same_site_key(url) != self.site:
            return Reason("other_host", {"url": url})
        if self.robots is not None and not self.robots.can_fetch(self.agent, url):
            return Reason("robots_disallowed", {"url": url})
        return None

    async def _read_robots(self) -> bool:
        """Read robots.txt; False when the site must not be crawled now."""
        parts = urlsplit(self.start)
        url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        robots = RobotFileParser(url)
        try:
            fetched = await self.fetcher.fetch(url, self.refusal)
        except FetchFailed as failure:
            if failure.status is not None and 400 <= failure.status < 500:
                robots.parse([])  # no robots.txt: no rules
                self.robots = robots
                return True
            self.notes.append(Reason("robots_unavailable", {"url": url}))
            return False
        lines = decoded(fetched)[:ROBOTS_BYTES].splitlines()
        robots.parse(lines)
        self.robots = robots
        delay = robots.crawl_delay(self.agent)
        if delay:
            self.fetcher.slow_down(self.start, min(float(delay), 60.0))
        return True

    # -- the crawl -------------------------------------------------------------------------

    async def run(self) -> tuple[CrawlReport, dict[str, tuple[Suggestion, ...]]]:
        if self.site is None or _normal(self.start) is None:
            self.notes.append(Reason("invalid_url", {"url": self.start}))
        elif not self.targets:
            self.notes.append(Reason("all_linked"))
        elif await self._read_robots():
            self._offer(self.start, 0, "")
            workers = [asyncio.create_task(self._work()) for _ in range(self.policy.per_host)]
            try:
                async with asyncio.timeout(self.policy.crawl_deadline):
                    await self.queue.join()
            except TimeoutError:
                self.notes.append(
                    Reason("crawl_deadline", {"seconds": int(self.policy.crawl_deadline)})
                )
            finally:
                for worker in workers:
                    worker.cancel()
                await asyncio.gather(*workers, return_exceptions=True)
        report = CrawlReport(
            start=self.start,
            pages=self.pages,
            blocked=len(self.blocked),
            elsewhere=len(self.elsewhere),
            notes=tuple(self.notes),
        )
        return report, {item: found.best() for item, found in self.found.items()}

    def _offer(self, url: str, depth: int, label: str) -> None:
        """Queue a link found on the site, unless it is seen, elsewhere or forbidden."""
        address = _normal(url)
        if address is None or address in self.seen:
            return
        refused = self.refusal(address)
        if refused is not None:
            bucket = self.elsewhere if refused.code == "other_host" else self.blocked
            if len(bucket) < self.policy.crawl_pages * MAX_SEEN_PER_PAGE:
                bucket.add(address)
            return
        if depth > self.policy.crawl_depth:
            return
        if len(self.seen) >= self.policy.crawl_pages * MAX_SEEN_PER_PAGE:
            return
        self.seen.add(address)
        self.queue.put_nowait((address, depth, label))

    async def _work(self) -> None:
        while True:
            url, depth, label = await self.queue.get()
            try:
                if self.pages >= self.policy.crawl_pages:
                    note = Reason("page_limit", {"limit": self.policy.crawl_pages})
                    if note not in self.notes:
                        self.notes.append(note)
                    continue
                self.pages += 1
                await self._visit(url, depth, label)
            finally:
                self.queue.task_done()

    async def _visit(self, url: str, depth: int, label: str) -> None:
        try:
            fetched = await self.fetcher.fetch(url, self.refusal)
        except FetchFailed as failure:
            # A redirect to a forbidden path or another host: counted like such a link.
            bucket = {"robots_disallowed": self.blocked, "other_host": self.elsewhere}
            if failure.reason.code in bucket and failure.final_url:
                bucket[failure.reason.code].add(failure.final_url)
            return
        # The final address too: a link and a redirect may lead to the same page.
        self.seen.add(fetched.final_url)
        page = await asyncio.to_thread(self._read, fetched, label)
        for item_id, suggestion in page.found:
            self.found[item_id].add(suggestion)
        for link, text in page.links:
            self._offer(link, depth + 1, text)

    def _read(self, fetched: Fetched, label: str) -> _Page:
        """Off the event loop: the page's links and what it may be the evidence of."""
        links = page_links(fetched, self.policy.crawl_links_per_page)
        try:
            text = text_of(fetched, self.policy.max_pages)
        except Unreadable:
            return _Page(links, [])
        return _Page(links, suggestions_in(self.targets, fetched, text, label))


async def crawl(
    fetcher: Fetcher, targets: Iterable[Target], start: str
) -> tuple[CrawlReport, dict[str, tuple[Suggestion, ...]]]:
    """Crawl the site of ``start`` for the targets without links (see the module's text)."""
    return await Crawl(fetcher, targets, start).run()
