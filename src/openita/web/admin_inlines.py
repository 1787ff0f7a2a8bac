"""Admin table inlines whose inputs carry their column's name (issue 14: axe-core on the admin).

Django's table inline (``TabularInline``) names each column once, in the table header, and
draws every row's inputs without a label: a screen reader announces "edit text" or "combo box"
with no name (axe-core: ``label``, ``select-name``, ``label-title-only``). Each input of a
:class:`LabelledInline` gets its column's name as ``aria-label``, the "delete" box too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class LabelledInline(admin.TabularInline):  # type: ignore[type-arg]
    """A table inline whose every input is named by its column (``aria-label``)."""

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            _name(field.widget, field.label or db_field.verbose_name)
        return field

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):  # type: ignore[misc, valid-type]
            def add_fields(self, form: forms.Form, index: int | None) -> None:
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    _name(form.fields["DELETE"].widget, _("Delete"))

        Labelled.__name__ = formset.__name__
        return Labelled


def _name(widget: forms.Widget, label: Any) -> None:
    """``aria-label`` on the widget, on each part of a split one (date and time)."""
    parts = getattr(widget, "widgets", None)
    # A related-object wrapper (the "+" and pencil links) draws the widget it holds.
    inner = getattr(widget, "widget", None)
    if inner is not None:
        _name(inner, label)
    elif parts:
        for part in parts:
            part.attrs.setdefault("aria-label", str(label))
    else:
        widget.attrs.setdefault("aria-label", str(label))
