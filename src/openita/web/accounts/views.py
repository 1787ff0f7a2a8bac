"""The password change page: the old password under the lockout; the user is told that the
change revoked their API tokens (:mod:`openita.web.api.revocation`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpResponse
from django.utils.translation import gettext, ngettext

from openita.web.accounts.forms import GuardedPasswordChangeForm
from openita.web.api.models import ApiToken


class PasswordChange(PasswordChangeView):
    form_class = GuardedPasswordChangeForm
    success_url = "/"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        return kwargs

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        tokens = ApiToken.objects.filter(user=form.user).count()
        response = super().form_valid(form)
        if tokens:
            messages.success(
                self.request,
                ngettext(
                    "Your password is changed. Your API token was revoked with the old "
                    "password: create a new one on the API tokens page if a script needs it.",
                    "Your password is changed. Your %(count)d API tokens were revoked with the "
                    "old password: create new ones on the API tokens page if scripts need them.",
                    tokens,
                )
                % {"count": tokens},
            )
        else:
            messages.success(self.request, gettext("Your password is changed."))
        return response
