"""Which addresses the self-check may connect to (server-side request forgery guard).

An evidence link is typed by an agency's clerk, so the checker must not become a way into the
server's own network: a link to ``http://10.0.0.5/admin``, ``http://localhost:5432`` or the
cloud metadata service ``http://169.254.169.254/`` is refused. The check runs where the
connection is made (:class:`GuardedBackend`), after DNS resolution and for every connection —
each redirect hop opens its own — so a name that resolves to a private address, or a redirect
to one, is refused as well, and the address checked is the address connected to (no second
lookup an attacker's DNS could answer differently).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Addresses that are never fetched, even with loopback allowed (cloud metadata services).
METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)


class AddressRefused(httpcore.ConnectError):
    """The host resolves to an address the policy forbids; ``address`` is the first such."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, which is not a public address")
        self.host = host
        self.address = address


def allowed(address: Address, *, allow_loopback: bool) -> bool:
    """True for a public unicast address (or loopback when the policy allows it)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA:
        return False
    if address.is_loopback:
        return allow_loopback
    return address.is_global and not address.is_multicast


def url_problem(url: str) -> str | None:
    """The reason code when ``url`` cannot be fetched at all, else None."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "invalid_url"
    if parts.scheme.lower() not in {"http", "https"}:
        return "unsupported_scheme"
    if not parts.hostname:
        return "invalid_url"
    if parts.username or parts.password:
        return "credentials_in_url"
    return None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend with every TCP connection checked against the policy."""

    def __init__(self, *, allow_loopback: bool, inner: httpcore.AsyncNetworkBackend | None = None):
        self.allow_loopback = allow_loopback
        self.inner = inner or httpcore.AnyIOBackend()

    async def resolve(self, host: str, port: int) -> list[str]:
        """The host's addresses, all of them allowed; raises :class:`AddressRefused`."""
        try:
            literal: Address | None = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            found = [str(literal)]
        else:
            loop = asyncio.get_running_loop()
            try:
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except OSError as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
            found = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in found:
            if not allowed(ipaddress.ip_address(address), allow_loopback=self.allow_loopback):
                raise AddressRefused(host, address)
        return found

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.resolve(host, port)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never used by the self-check")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)
