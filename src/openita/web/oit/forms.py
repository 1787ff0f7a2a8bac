"""Forms of the OIT workspace; stored texts go through the one stored-text rule."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.web import stored_text
from openita.web.oit.models import EvidenceFile, EvidenceLink, ItemState
from openita.web.plans import evidence_files


def web_address(value: object) -> str:
    """The one rule for an address the agency gives us to fetch: http(s) only."""
    url = str(value or "").strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise forms.ValidationError(_("Give an address that starts with https:// or http://."))
    return url


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
        return web_address(self.cleaned_data["url"])

    def clean(self) -> dict[str, Any]:
        return stored_text.clean_form(self, super().clean() or {})


class CheckStartForm(forms.Form):
    """The self-check button: optionally search the agency's site, from a page it names."""

    crawl = forms.BooleanField(
        label=_("Also search our website for documents of the items without a link"),
        required=False,
    )
    crawl_from = forms.URLField(
        label=_("Start the search at (optional)"),
        help_text=_(
            "A page of our website that links to the ITA documents. Without it the search "
            "starts at the home page of the site most of our links are on."
        ),
        max_length=1000,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )

    def clean_crawl_from(self) -> str:
        return web_address(self.cleaned_data.get("crawl_from"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("crawl_from"):
            cleaned["crawl"] = True  # naming a start page asks for the search
        return cleaned


class StateForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ItemState
        fields = ["ready", "public", "note"]

    def clean(self) -> dict[str, Any]:
        return stored_text.clean_form(self, super().clean() or {})


class FileForm(forms.ModelForm):  # type: ignore[type-arg]
    """An uploaded file: the plans' evidence limits (size, type by name *and* content)."""

    title = forms.CharField(label=_("title"), max_length=200, required=False)

    class Meta:
        model = EvidenceFile
        fields = ["title", "file"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):
            evidence_files.check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if not cleaned.get("title") and upload is not None:
            # The name the clerk gave the file, without its extension: "คำสั่งแต่งตั้ง"; it is
            # checked by the stored-text rule like a typed title.
            stem = PurePath(upload.name or "").stem.strip()
            cleaned["title"] = stem[:200] or str(_("file"))
        return stored_text.clean_form(self, cleaned)
