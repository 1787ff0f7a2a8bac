"""A changed password revokes the user's API tokens.

Someone who changes a password usually fears that someone else knows it; a token made with the
old password would keep that someone in. The rule hangs on the ``User`` row itself (the stored
hash changes), so it holds for every way a password is set: the password page, a site
administrator's "set password" in /admin/, ``openita manage changepassword``, a reset.
Revoking is deleting the row, as on the tokens page; the audit log records each deletion.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models.signals import post_save, pre_save

from openita.web.api.models import ApiToken

_CHANGED = "_openita_password_changed"


def revoke_all(user: User) -> int:
    """Delete every API token of ``user``; how many there were."""
    tokens = list(ApiToken.objects.filter(user=user))
    for token in tokens:
        token.delete()  # one by one, so the audit log names each token
    return len(tokens)


def _note_password_change(sender: type[User], instance: User, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if kwargs.get("raw") or instance.pk is None or (fields and "password" not in fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance.__dict__[_CHANGED] = stored is not None and stored != instance.password


def _revoke_after_change(sender: type[User], instance: User, **kwargs: Any) -> None:
    if instance.__dict__.pop(_CHANGED, False):
        revoke_all(instance)


def connect() -> None:
    pre_save.connect(_note_password_change, sender=User, dispatch_uid="openita-token-revoke-pre")
    post_save.connect(_revoke_after_change, sender=User, dispatch_uid="openita-token-revoke-post")
