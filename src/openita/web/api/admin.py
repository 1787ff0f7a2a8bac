"""API tokens in Django admin: see and revoke them; never see or set a token itself.

Tokens are created by their owner on the /account/tokens/ page, which shows the plain token
once. The admin therefore cannot add one (it could not show the token safely to its owner),
and shows the digest and hint read-only: neither lets anyone use the token.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from openita.web.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "hint", "created_at", "last_used_at"]
    list_filter = ["created_at", "last_used_at"]
    search_fields = ["name", "user__username", "hint"]
    list_select_related = ["user"]
    fields = ["user", "name", "hint", "digest", "created_at", "last_used_at"]
    readonly_fields = ["user", "hint", "digest", "created_at", "last_used_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
