"""Check many items at once: each distinct link fetched once, documents read off the loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from openita.oitcheck.documents import Unreadable, text_of
from openita.oitcheck.fetch import Fetched, Fetcher, FetchFailed
from openita.oitcheck.model import (
    CheckPolicy,
    CrawlReport,
    ItemCheck,
    LinkCheck,
    Suggestion,
    Target,
    Verdict,
    best,
)
from openita.oitcheck.verdict import answered, judge


@dataclass(frozen=True)
class _Read:
    """A link fetched and read, before it is judged for a particular item."""

    fetched: Fetched | None = None
    text: str | None = None
    failure: FetchFailed | None = None
    unreadable: Unreadable | None = None


async def _read(fetcher: Fetcher, url: str) -> _Read:
    try:
        fetched = await fetcher.fetch(url)
    except FetchFailed as failure:
        return _Read(failure=failure)
    try:
        # Parsing a 20 MB PDF takes a while: off the event loop, so fetches go on.
        text = await asyncio.to_thread(text_of, fetched, fetcher.policy.max_pages)
    except Unreadable as unreadable:
        return _Read(fetched=fetched, unreadable=unreadable)
    return _Read(fetched=fetched, text=text)


def _link(target: Target, url: str, read: _Read) -> LinkCheck:
    if read.failure is not None:
        f = read.failure
        return LinkCheck(
            url=url,
            verdict=f.verdict,
            reasons=(f.reason,),
            final_url=f.final_url,
            status=f.status,
            redirects=f.redirects,
        )
    assert read.fetched is not None
    if read.unreadable is not None:
        return answered(read.fetched, Verdict.UNREADABLE, (read.unreadable.reason,))
    assert read.text is not None
    return judge(target, read.fetched, read.text)


async def check_items(
    targets: Iterable[Target],
    policy: CheckPolicy | None = None,
    *,
    on_item: Callable[[ItemCheck], None] | None = None,
    crawl_from: str | None = None,
    crawl_for: Collection[str] | None = None,
    on_crawl: Callable[[CrawlReport], None] | None = None,
) -> list[ItemCheck]:
    """Every target's verdict, in the order given; ``on_item`` hears each one as it is done.

    With ``crawl_from`` (the agency's site root or a start page) the site is crawled meanwhile
    (:mod:`openita.oitcheck.crawl`) and each item without link gets the crawl's suggestions —
    or each item of ``crawl_for`` when given (an item with an uploaded file has no link, but
    needs no search either); ``on_crawl`` hears what the crawl did.
    """
    from openita.oitcheck.crawl import crawl

    policy = policy or CheckPolicy()
    targets = list(targets)
    async with Fetcher(policy) as fetcher:
        reads: dict[str, asyncio.Task[_Read]] = {}
        for target in targets:
            for url in target.urls:
                if url not in reads:
                    reads[url] = asyncio.create_task(_read(fetcher, url))
        crawling: asyncio.Task[tuple[CrawlReport, dict[str, tuple[Suggestion, ...]]]] | None
        crawling = None
        if crawl_from is not None:
            wanted = set(crawl_for) if crawl_for is not None else None
            searched = [
                t for t in targets if not t.urls and (wanted is None or t.item_id in wanted)
            ]
            crawling = asyncio.create_task(crawl(fetcher, searched, crawl_from))

        async def item(target: Target) -> ItemCheck:
            links = [_link(target, url, await reads[url]) for url in target.urls]
            suggestions: tuple[Suggestion, ...] = ()
            if crawling is not None and not target.urls:
                suggestions = (await crawling)[1].get(target.item_id, ())
            check = ItemCheck(
                item_id=target.item_id,
                fiscal_year=target.fiscal_year,
                verdict=best([link.verdict for link in links]),
                links=tuple(links),
                title=target.title,
                suggestions=suggestions,
            )
            if on_item is not None:
                on_item(check)
            return check

        try:
            results = list(await asyncio.gather(*(item(t) for t in targets)))
            if crawling is not None and on_crawl is not None:
                on_crawl((await crawling)[0])
            return results
        finally:
            for task in reads.values():
                task.cancel()
            if crawling is not None:
                crawling.cancel()


def check_items_sync(
    targets: Iterable[Target],
    policy: CheckPolicy | None = None,
    *,
    cancel: threading.Event | None = None,
    on_item: Callable[[ItemCheck], None] | None = None,
    crawl_from: str | None = None,
    crawl_for: Collection[str] | None = None,
    on_crawl: Callable[[CrawlReport], None] | None = None,
) -> list[ItemCheck] | None:
    """:func:`check_items` from synchronous code; None when ``cancel`` was set meanwhile."""

    async def main() -> list[ItemCheck] | None:
        work = asyncio.create_task(
            check_items(
                targets,
                policy,
                on_item=on_item,
                crawl_from=crawl_from,
                crawl_for=crawl_for,
                on_crawl=on_crawl,
            )
        )
        while not work.done():
            if cancel is not None and cancel.is_set():
                work.cancel()
                try:
                    await work
                except asyncio.CancelledError:
                    return None
            await asyncio.wait({work}, timeout=0.2)
        return work.result()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(main())
    # Called from code that already runs an event loop in this thread (a notebook, a test
    # session driving a browser): the check gets a loop of its own in a helper thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()
