"""Benchmark: the OIT self-check against the loopback test site (issue 13).

30 agencies × 30 items, each agency its own host (127.0.0.2 … 127.0.0.31, one test site per
address), every item one link to a document of the site (HTML, TIS-620 HTML, PDF, DOCX, XLSX,
redirects, broken links). Printed side by side, measured in the same run:

- the self-check: items checked per second, with its per-host limit (2 requests in flight,
  started ``--interval`` apart) — fetching, reading the document and judging it;
- the baseline: a bare httpx fetch of the same URLs under the same per-host limit, reading each
  body and nothing more. Goal: the self-check reaches ≥ 0.7× the baseline's rate;
- memory: a fresh process checks one agency whose links include the 50 MB document, the
  endless page and the zip bomb; another crawls the test site (its pages link the 50 MB
  document and the endless page too); their peak resident memory is printed beside a process
  that only imports the checker.

    uv run python bench/oitcheck.py [--agencies 30] [--items 30] [--interval 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.oitcheck.site import EXPECTED, serve

from openita.oitcheck import CheckPolicy, Target, check_items

BOUNDED = ("/ita/huge.pdf", "/ita/endless.html", "/ita/slow.html", "/ita/bomb.docx")
#: A redirect into a private network is for the checker's guard, not for a bare client.
PATHS = [p for p in EXPECTED if p not in BOUNDED and p != "/ita/to-private"]


def targets(bases: list[str], items: int) -> list[Target]:
    out = []
    for agency, base in enumerate(bases):
        for n in range(items):
            path = PATHS[(agency + n) % len(PATHS)]
            out.append(Target(f"A{agency}-O{n + 1}", (f"{base}{path}?{n}",), EXPECTED[path][1]))
    return out


async def baseline(urls: list[str], per_host: int, interval: float) -> None:
    """Bare httpx under the same per-host limit: fetch, follow redirects, read the body."""
    slots: dict[str, asyncio.Semaphore] = {}
    locks: dict[str, asyncio.Lock] = {}
    last: dict[str, float] = {}

    async def one(client: httpx.AsyncClient, url: str) -> None:
        host = httpx.URL(url).host
        async with slots.setdefault(host, asyncio.Semaphore(per_host)):
            async with locks.setdefault(host, asyncio.Lock()):
                wait = last.get(host, 0.0) + interval - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                last[host] = time.monotonic()
            try:
                response = await client.get(url)
                await response.aread()
            except httpx.HTTPError:
                pass  # the redirect loop: a bare client gives up too

    limits = httpx.Limits(max_connections=20, max_keepalive_connections=20)
    async with httpx.AsyncClient(limits=limits, follow_redirects=True, trust_env=False) as client:
        await asyncio.gather(*(one(client, u) for u in urls))


# ru_maxrss survives exec (the parent's peak would show), so the child resets its peak
# (clear_refs 5) and reads VmHWM.
CHILD = """
import asyncio, sys
from pathlib import Path
Path("/proc/self/clear_refs").write_text("5")
sys.path.insert(0, {root!r})
from openita.oitcheck import CheckPolicy, Target, check_items
policy = CheckPolicy(allow_loopback=True, read_timeout=2, deadline=10, host_interval=0)
if {check} == "links":
    urls = tuple({base!r} + p for p in {paths!r})
    asyncio.run(check_items([Target("O1", urls, 2569)], policy))
if {check} == "crawl":
    wanted = [Target("O13", (), 2568, keywords=("รายงานผลการจัดซื้อจัดจ้าง",))]
    asyncio.run(check_items(wanted, policy, crawl_from={base!r} + "/"))
status = Path("/proc/self/status").read_text().splitlines()
print([line.split()[1] for line in status if line.startswith("VmHWM:")][0])
"""


def peak_kib(base: str, check: str) -> int:
    """Peak memory of a child that checks nothing, the ``links`` or a ``crawl`` of the site."""
    code = CHILD.format(
        root=str(Path(__file__).parents[1]), check=repr(check), base=base, paths=BOUNDED
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agencies", type=int, default=30)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--interval", type=float, default=0.1)
    args = parser.parse_args()
    with ExitStack() as stack:
        bases = [stack.enter_context(serve(host=f"127.0.0.{n + 2}")) for n in range(args.agencies)]
        wanted = targets(bases, args.items)
        urls = [t.urls[0] for t in wanted]
        policy = CheckPolicy(allow_loopback=True, host_interval=args.interval)

        started = time.perf_counter()
        asyncio.run(baseline(urls, policy.per_host, args.interval))
        bare = len(urls) / (time.perf_counter() - started)

        started = time.perf_counter()
        results = asyncio.run(check_items(wanted, policy))
        checked = len(results) / (time.perf_counter() - started)

        limit = f"per host {policy.per_host} in flight, {args.interval} s apart"
        print(f"{len(urls)} links, {args.agencies} hosts, {limit}")
        print(f"  bare httpx fetch (same per-host limit): {bare:8.1f} links/s")
        print(f"  self-check:                              {checked:8.1f} items/s")
        print(f"  ratio self-check / baseline: {checked / bare:.2f}  (goal >= 0.70)")

        idle, bounded = peak_kib(bases[0], "none"), peak_kib(bases[0], "links")
        crawled = peak_kib(bases[0], "crawl")
        print("memory, one agency with the 50 MB document, the endless page and the zip bomb:")
        print(f"  peak RSS importing the checker only: {idle / 1024:6.1f} MB")
        print(f"  peak RSS checking those links:       {bounded / 1024:6.1f} MB")
        print(f"  peak RSS crawling the test site:     {crawled / 1024:6.1f} MB")
        cap = policy.max_bytes // 2**20
        print(
            f"  difference: {(bounded - idle) / 1024:.1f} MB checking, "
            f"{(crawled - idle) / 1024:.1f} MB crawling (byte limit per link {cap} MB)"
        )


if __name__ == "__main__":
    main()
