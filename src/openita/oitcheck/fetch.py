"""Fetch one link within the policy's limits: redirects by hand, bounded body, paced hosts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from openita.oitcheck.guard import url_problem
from openita.oitcheck.model import CheckPolicy, Reason, Verdict
from openita.oitcheck.transport import GuardedTransport, Refused


@dataclass(frozen=True)
class Fetched:
    """A link's answer: the final response's head and at most ``policy.max_bytes`` of body."""

    url: str
    final_url: str
    status: int
    redirects: tuple[str, ...]
    content_type: str | None
    charset: str | None
    declared_size: int | None
    body: bytes
    truncated: bool
    last_modified: datetime | None

    @property
    def size(self) -> int:
        return self.declared_size if self.declared_size is not None else len(self.body)


class FetchFailed(Exception):
    """The link gave no usable answer; ``verdict`` and ``reason`` say how."""

    def __init__(
        self,
        verdict: Verdict,
        reason: Reason,
        *,
        status: int | None = None,
        redirects: tuple[str, ...] = (),
        final_url: str | None = None,
    ) -> None:
        super().__init__(reason.code)
        self.verdict = verdict
        self.reason = reason
        self.status = status
        self.redirects = redirects
        self.final_url = final_url


def _last_modified(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _declared_size(value: str | None) -> int | None:
    try:
        return int(value) if value is not None and int(value) >= 0 else None
    except ValueError:
        return None


class _Host:
    def __init__(self, per_host: int, interval: float) -> None:
        self.slots = asyncio.Semaphore(per_host)
        self.lock = asyncio.Lock()
        self.last_start = 0.0
        self.interval = interval


#: Says why a URL (the link or one of its redirects) must not be fetched, or None.
HopCheck = Callable[[str], Reason | None]


class Fetcher:
    """One shared client for a run; use as ``async with Fetcher(policy) as fetcher``."""

    def __init__(self, policy: CheckPolicy) -> None:
        self.policy = policy
        self._hosts: dict[str, _Host] = {}
        self._client = httpx.AsyncClient(
            transport=GuardedTransport(
                allow_loopback=policy.allow_loopback, max_connections=policy.max_connections
            ),
            timeout=httpx.Timeout(
                connect=policy.connect_timeout,
                read=policy.read_timeout,
                write=policy.read_timeout,
                pool=policy.deadline,
            ),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": policy.user_agent, "Accept-Language": "th, en;q=0.5"},
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    def _host(self, url: str) -> _Host:
        host = (urlsplit(url).hostname or "").lower()
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(self.policy.per_host, self.policy.host_interval)
        return state

    def slow_down(self, url: str, interval: float) -> None:
        """Start requests to ``url``'s host at least ``interval`` seconds apart (a robots.txt
        ``Crawl-delay``); never faster than the policy's own interval."""
        state = self._host(url)
        state.interval = max(state.interval, interval)

    @asynccontextmanager
    async def _paced(self, url: str) -> AsyncIterator[None]:
        """At most ``per_host`` requests in flight to a host, started ``host_interval`` apart."""
        state = self._host(url)
        async with state.slots:
            async with state.lock:
                wait = state.last_start + state.interval - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                state.last_start = time.monotonic()
            yield

    async def fetch(self, url: str, check: HopCheck | None = None) -> Fetched:
        """The link's final answer; raises :class:`FetchFailed` with the reason otherwise.

        ``check`` is asked before the link and before each redirect is fetched (the crawl: same
        host, robots.txt); a reason it gives stops the fetch as REFUSED, nothing requested.
        """
        try:
            async with asyncio.timeout(self.policy.deadline):
                return await self._follow(url, check)
        except TimeoutError:
            raise FetchFailed(
                Verdict.UNREACHABLE, Reason("timeout", {"seconds": int(self.policy.deadline)})
            ) from None

    async def _follow(self, url: str, check: HopCheck | None) -> Fetched:
        current = url.strip()
        seen = {current}
        hops: list[str] = []
        while True:
            problem = url_problem(current)
            if problem is not None:
                raise FetchFailed(
                    Verdict.REFUSED, Reason(problem, {"url": current}), redirects=tuple(hops)
                )
            refused = check(current) if check is not None else None
            if refused is not None:
                raise FetchFailed(
                    Verdict.REFUSED, refused, redirects=tuple(hops), final_url=current
                )
            async with self._paced(current):
                answer = await self._get(current, tuple(hops))
            if isinstance(answer, Fetched):
                return answer
            target = urljoin(current, answer)
            hops.append(current)
            if target in seen:
                raise FetchFailed(
                    Verdict.BROKEN,
                    Reason("redirect_loop", {"url": target}),
                    redirects=tuple(hops),
                    final_url=target,
                )
            if len(hops) > self.policy.max_redirects:
                raise FetchFailed(
                    Verdict.BROKEN,
                    Reason("too_many_redirects", {"limit": self.policy.max_redirects}),
                    redirects=tuple(hops),
                    final_url=target,
                )
            seen.add(target)
            current = target

    async def _get(self, url: str, hops: tuple[str, ...]) -> Fetched | str:
        """The answer at ``url``, or the redirect's ``Location``."""
        try:
            async with self._client.stream("GET", url) as response:
                location: str | None = response.headers.get("location")
                if response.is_redirect and location:
                    return location
                if response.status_code >= 400:
                    raise FetchFailed(
                        Verdict.BROKEN,
                        Reason("http_error", {"status": response.status_code}),
                        status=response.status_code,
                        redirects=hops,
                        final_url=url,
                    )
                return await self._read(url, response, hops)
        except Refused as exc:
            raise FetchFailed(
                Verdict.REFUSED, Reason("private_address", {"address": exc.address}), redirects=hops
            ) from None
        except httpx.TimeoutException:
            raise FetchFailed(
                Verdict.UNREACHABLE,
                Reason("timeout", {"seconds": int(self.policy.read_timeout)}),
                redirects=hops,
            ) from None
        except (httpx.TransportError, httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchFailed(
                Verdict.UNREACHABLE,
                Reason("connect_failed", {"error": str(exc)[:200]}),
                redirects=hops,
            ) from None

    async def _read(self, url: str, response: httpx.Response, hops: tuple[str, ...]) -> Fetched:
        limit = self.policy.max_bytes
        declared = _declared_size(response.headers.get("content-length"))
        chunks: list[bytes] = []
        received = 0
        truncated = declared is not None and declared > limit
        if not truncated:
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                received += len(chunk)
                if received > limit:
                    truncated = True
                    break
        body = b"".join(chunks)[:limit]
        if truncated:
            # An endless page has no declared size: say how much was read before giving up.
            declared = declared if declared is not None and declared > limit else None
        content_type = response.headers.get("content-type")
        return Fetched(
            url=hops[0] if hops else url,
            final_url=url,
            status=response.status_code,
            redirects=hops,
            content_type=content_type.split(";")[0].strip().lower() if content_type else None,
            charset=response.charset_encoding,
            declared_size=declared,
            body=body,
            truncated=truncated,
            last_modified=_last_modified(response.headers.get("last-modified")),
        )
