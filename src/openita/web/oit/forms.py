"""Forms of the OIT workspace; stored texts go through the one stored-text rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.web import stored_text
from openita.web.oit.models import EvidenceLink, ItemState


class LinkForm(forms.ModelForm):  # type: ignore[type-arg]
    url = forms.URLField(
        label=_("link"),
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )

    class Meta:
        model = EvidenceLink
        fields = ["url", "label"]

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"]).strip()
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Give an address that starts with https:// or http://."))
        return url

    def clean(self) -> dict[str, Any]:
        return stored_text.clean_form(self, super().clean() or {})


class StateForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ItemState
        fields = ["ready", "public", "note"]

    def clean(self) -> dict[str, Any]:
        return stored_text.clean_form(self, super().clean() or {})
