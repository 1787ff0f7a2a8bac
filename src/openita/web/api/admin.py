"""API tokens in Django admin: see and revoke them; never see or set a token itself. Also the
admins of the accounts themselves (users, django-axes' log-in records), dates in the BE.

Tokens are created by their owner on the /account/tokens/ page, which shows the plain token
once. The admin therefore cannot add one (it could not show the token safely to its owner),
and shows the digest and hint read-only: neither lets anyone use the token.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from openita.web import dates
from openita.web.admin_dates import ThaiDatesAdmin, date_filters
from openita.web.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ThaiDatesAdmin[ApiToken]):
    list_display = ["name", "user", "hint", "created_at", "last_used_at"]
    list_filter = [*date_filters("created_at", ApiToken), "last_used_at"]
    search_fields = ["name", "user__username", "hint"]
    list_select_related = ["user"]
    fields = ["user", "name", "hint", "digest", "created_at", "last_used_at"]
    readonly_fields = ["user", "hint", "digest", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UserAdmin(ThaiDatesAdmin[User], DjangoUserAdmin[User]):
    """Django's user admin; setting a password says that it revoked the user's API tokens
    (:mod:`openita.web.api.revocation`), so the administrator can tell the user."""

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        tokens = ApiToken.objects.filter(user_id=int(id)).count() if id.isdigit() else 0
        response = super().user_change_password(request, id, form_url)
        revoked = tokens - ApiToken.objects.filter(user_id=int(id)).count() if tokens else 0
        if revoked:
            messages.warning(
                request,
                ngettext(
                    "The user's API token was revoked with the old password; tell the user "
                    "to create a new one if a script needs it.",
                    "The user's %(count)d API tokens were revoked with the old password; tell "
                    "the user to create new ones if scripts need them.",
                    revoked,
                )
                % {"count": revoked},
            )
        return response


admin.site.unregister(User)
admin.site.register(User, UserAdmin)


def _axes_title(model: type[Any]) -> Any:
    """A log-in record's title (breadcrumbs, headings, delete confirmations, history) with its
    time in the Buddhist era, like the titles of OpenITA's own models: django-axes writes
    ``Attempted Access: 2026-12-03 05:40:12.123456+00:00``."""

    def title(record: Any) -> str:
        name = str(model._meta.verbose_name)
        who = f" {record.username}" if getattr(record, "username", "") else ""
        return f"{name}{who} {dates.short_datetime(record.attempt_time)}"

    return title


def _axes_admin(model: type[Any], base: type[Any]) -> type[Any]:
    """django-axes' admin with times in the BE: no CE ``date_hierarchy`` (fiscal year and
    month filters instead), and ``AccessAttempt.expiration`` (a datetime) as a Thai date."""
    filters = [item for item in base.list_filter if item != "attempt_time"]

    def expiration(self: Any, obj: Any) -> str:
        expires = getattr(getattr(obj, "expiration", None), "expires_at", None)
        return dates.short_datetime(expires) if expires else gettext("Not set")

    body: dict[str, Any] = {
        "date_hierarchy": None,
        "list_filter": [*date_filters("attempt_time", model), *filters],
        "__module__": __name__,
    }
    if hasattr(base, "expiration"):
        body["expiration"] = admin.display(description=_("Expires At"))(expiration)
    return type(base.__name__, (ThaiDatesAdmin, base), body)


# django-axes' log-in records, with their times in the Buddhist era like the other admins.
for _model, _base in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    _model.__str__ = _axes_title(_model)
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, _axes_admin(_model, _base))
