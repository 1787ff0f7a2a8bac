"""The API tokens page (/account/tokens/): list, create and revoke your own tokens.

A new token is shown once, in the answer to the POST that made it, and never again: only its
SHA-256 digest is stored (:class:`openita.web.api.models.ApiToken`). That answer is not cached
anywhere (``never_cache``) and the token is not put in the session for a redirect, so it lives
only in the page the user is looking at.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from openita.web import stored_text
from openita.web.api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “monthly upload script”."),
        widget=forms.TextInput(attrs={"aria-describedby": "id_name-help"}),
    )

    def clean_name(self) -> str:
        """The name as stored, under the rule for every stored text (:mod:`stored_text`)."""
        name = stored_text.normalise(str(self.cleaned_data["name"]))
        problem = stored_text.fault(name, stored_text.text_fields(ApiToken)["name"])
        if problem is not None:
            raise forms.ValidationError(stored_text.message(problem))
        return name


def _owner(request: HttpRequest) -> User:
    """The logged-in user (the views are ``login_required``)."""
    return cast(User, request.user)


def _page(
    request: HttpRequest, form: TokenForm, new_token: str | None = None, status: int = 200
) -> HttpResponse:
    rows = ApiToken.objects.filter(user=_owner(request)).order_by("-created_at", "-pk")
    context = {
        "form": form,
        "tokens": rows,
        "new_token": new_token,
        "api_root": request.build_absolute_uri("/api/"),
    }
    return render(request, "api/tokens.html", context, status=status)


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=422)
    _, plain = ApiToken.issue(_owner(request), form.cleaned_data["name"].strip())
    return _page(request, TokenForm(), new_token=plain)


@require_POST
@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one of the user's own tokens; another user's token id is a 404."""
    token = get_object_or_404(ApiToken, pk=pk, user=_owner(request))
    name = token.name
    token.delete()
    messages.success(
        request, gettext("The token “%(name)s” is revoked: it no longer works.") % {"name": name}
    )
    return redirect("api:tokens")
