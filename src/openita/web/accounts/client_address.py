"""The real client address of a request, for the login lockout (django-axes).

Behind the reverse proxy of docs/production.md every connection comes from the proxy
(127.0.0.1), so the client address must come from ``X-Forwarded-For``. That header is written
by whoever sends the request, so it is believed only when the connection itself comes from a
trusted proxy (``OPENITA_TRUSTED_PROXIES``), and only as many hops from the right as there are
proxies (``OPENITA_PROXY_COUNT``): entries further left were written by the client and may be
anything. A client that talks to gunicorn directly, or a site with no proxy configured, is
known by its connection address whatever header it sends.

django-ipware reads the chain: the connection address is appended to ``X-Forwarded-For`` (it
is the last proxy), and ipware takes the entry ``proxy_count`` places from the right.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def _in(address: str, networks: Iterable[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)


def client_address(request: HttpRequest) -> str | None:
    """The address the lockout counts failures against (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = str(request.META.get("REMOTE_ADDR") or "") or None
    proxy_count: int = getattr(settings, "OPENITA_PROXY_COUNT", 0)
    trusted: list[str] = getattr(settings, "OPENITA_TRUSTED_PROXIES", [])
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "").strip()
    if remote is None or proxy_count <= 0 or not forwarded or not _in(remote, trusted):
        return remote
    chain = {"HTTP_X_FORWARDED_FOR": f"{forwarded}, {remote}"}
    fake = HttpRequest()
    fake.META = chain
    address, _ = get_client_ip(
        fake,
        proxy_order="left-most",
        proxy_count=proxy_count,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote
