"""The password pages: change (the old password under the lockout; the user is told that the
change revoked their API tokens, :mod:`openita.web.api.revocation`) and reset by email."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import (
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
)
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


class PasswordReset(PasswordResetView):
    """Ask for a reset link by email (Django's flow, the site's templates).

    The page after the request reads the same whether the address belongs to an account or
    not: Django sends only to active accounts with that address, and a mail server that
    refuses is logged ("Failed to send password reset email", logger django.contrib.auth),
    not shown, since an error page would tell that the address exists.
    """

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirm(PasswordResetConfirmView):
    """The new password from the mailed link. It does not log in (``post_reset_login`` stays
    off): the next login goes through the login form, under the lockout like any other."""

    post_reset_login = False
