"""The password change form, with the old-password check under the login lockout.

Django's :class:`PasswordChangeForm` checks the old password with ``check_password``, which no
authentication backend sees, so a stolen session could guess the password without limit. Here
a locked-out user name/address is refused before the check, and a wrong old password counts
as a failed login (:mod:`openita.web.accounts.lockout`).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class GuardedPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "locked_out": _("Too many wrong passwords: try again later."),
    }

    def __init__(self, user: Any, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        credentials = {"username": self.user.get_username()}
        if not AxesProxyHandler.is_allowed(self.request, credentials):
            self.request.axes_locked_out = True  # type: ignore[attr-defined]
            self.request.axes_credentials = credentials  # type: ignore[attr-defined]
            raise forms.ValidationError(self.error_messages["locked_out"], code="locked_out")
        try:
            return str(super().clean_old_password())
        except forms.ValidationError:
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            raise
