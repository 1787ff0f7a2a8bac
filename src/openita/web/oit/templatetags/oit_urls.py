"""``{% full_url path as address %}``: a path of this site as the address others type in.

Built from the request like every absolute address of the app
(:meth:`~django.http.HttpRequest.build_absolute_uri`): the host the client asked for (checked
against ``ALLOWED_HOSTS``) and the scheme, which behind the proxy comes from its
``X-Forwarded-Proto`` (``SECURE_PROXY_SSL_HEADER``, docs/production.md).
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def full_url(context: dict[str, Any], path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path
