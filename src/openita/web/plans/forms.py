"""Forms of the plan pages. Each keeps its rule's reason next to it; the rules themselves live
in :mod:`openita.web.plans.rules` and :mod:`openita.web.plans.evidence_files`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.web import dates, stored_text
from openita.web.agencies.models import Agency, Unit
from openita.web.plans import evidence_files, services
from openita.web.plans.models import Comment, Evidence, Measure, ProgressNote, Status
from openita.web.plans.rules import settle


class _Versioned(forms.ModelForm):  # type: ignore[type-arg]
    """A measure form that saves only what the user changed, on the version the user saw.

    Every field carries the value the user was shown (Django's hidden initial), so a field
    the user left alone is not written; the hidden ``version`` is the measure's version when
    the form was shown. Saving on another version is a conflict
    (:mod:`openita.web.plans.versions`); :meth:`show_conflict` then shows both values.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    conflict: list[dict[str, str]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict = []
        self.initial.setdefault("version", self.instance.version)

    def _show_initials(self) -> None:
        for name in self._meta.fields or []:
            self.fields[name].show_hidden_initial = True

    def changes(self) -> dict[str, Any]:
        """The fields (attribute names) the user changed, with their cleaned values."""
        editable = set(self._meta.fields or ()) - {"version"}  # not "done": a note's text
        names = {n for n in self.changed_data if n in editable}
        if names & {"status", "progress"}:
            names |= {"status", "progress"}  # settled together (rules.settle)
        measure = self.save(commit=False)
        if "responsible_unit" in names:
            names.add("unit_id")
        return {name: getattr(measure, name) for name in sorted(names)}

    def _shown_value(self, name: str) -> str | None:
        value = self.data.get(self.add_initial_prefix(name))
        return None if value is None else str(value)

    def show_conflict(self, current: Measure) -> None:
        """Show what was saved meanwhile beside the user's values, ready for another save.

        The form is bound again to the saved values of the fields the user did not change
        (so saving again keeps the other person's changes) and keeps the user's values of
        the fields the user changed; what it was shown and its version become the current."""
        mine = self.changes()
        data = dict(self.data.items())
        for name in self._meta.fields or []:
            shown, saved = self._shown_value(name), _data(current, name)
            field = self.fields[name]
            if shown is not None and field.has_changed(_initial(current, name), shown):
                yours = _data_of(mine[name], name) if name in mine else shown
                if yours != saved:
                    self.conflict.append(
                        {"label": str(field.label), "yours": _shown(name, yours),
                         "theirs": _shown(name, saved)}
                    )  # fmt: skip
                if name not in mine:
                    data[name] = saved
            data[self.add_initial_prefix(name)] = saved
        data["version"] = str(current.version)
        self.data = data
        self.add_error(None, _("Someone changed this measure meanwhile."))


def _initial(measure: Measure, name: str) -> Any:
    if name == "responsible_unit" and measure.unit is not None:
        return measure.unit.name
    return getattr(measure, name)


def _data_of(value: Any, name: str) -> str:
    return dates.posted_value(value) if isinstance(value, date) else str(value)


def _data(measure: Measure, name: str) -> str:
    """A field's value as the form posts it."""
    return _data_of(_initial(measure, name), name)


def _shown(name: str, value: str) -> str:
    if name == "status" and value in Status.values:
        return str(Status(value).label)
    if name in ("start", "end"):
        try:
            return dates.short(dates.ThaiDateField().to_python(value))
        except forms.ValidationError:
            return value
    return value


class _ProgressRules(_Versioned):
    """Status and percent done must agree (:func:`openita.web.plans.rules.settle`)."""

    notes: list[str]

    def clean(self) -> dict[str, Any]:
        cleaned = stored_text.clean_form(self, super().clean() or {})
        self.notes = []
        status, progress = cleaned.get("status"), cleaned.get("progress")
        if status is None or progress is None:
            return cleaned
        settled = settle(status, progress)
        cleaned["progress"] = settled.progress
        if settled.raised_to_full:
            self.notes.append(_("The measure is done, so its percent done was set to 100."))
        if settled.suggest_done:
            self.notes.append(
                _("The measure is 100 percent done; mark it as done when its evidence is in.")
            )
        return cleaned


class MeasureForm(_ProgressRules):
    """A measure of the plan. The responsible unit is a choice of the agency's units (plus the
    current text, so an imported or drafted name is never lost); without units, free text."""

    class Meta:
        model = Measure
        fields = ["title", "responsible_unit", "steps", "start", "end", "kpi", "status", "progress"]
        field_classes = {"start": dates.ThaiDateField, "end": dates.ThaiDateField}
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "steps": forms.Textarea(attrs={"rows": 5}),
            "kpi": forms.TextInput(),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        }

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {u.name: u for u in Unit.objects.filter(agency=agency)}
        if self.units:
            names = list(self.units)
            current = self.instance.responsible_unit if self.instance.pk else ""
            if self.instance.unit_id is not None and self.instance.unit is not None:
                current = self.instance.unit.name
                self.initial["responsible_unit"] = current
            if current and current not in names:
                names.append(current)
            field = self.fields["responsible_unit"]
            self.fields["responsible_unit"] = forms.ChoiceField(
                label=field.label, choices=[(n, n) for n in names]
            )
        self.fields["steps"].help_text = gettext_lazy("One step per line.")
        self._show_initials()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            # The plan's period runs from start to the due date (Part 2 of the seed report,
            # docs/sources.md).
            self.add_error("end", _("The due date cannot be before the start."))
        return cleaned

    def save(self, commit: bool = True) -> Measure:
        measure: Measure = super().save(commit=False)
        measure.unit = self.units.get(measure.responsible_unit)
        lines = [line.strip() for line in measure.steps.splitlines()]
        measure.steps = "\n".join(line for line in lines if line)
        if commit:
            measure.save()
        return measure


class ProgressForm(_ProgressRules):
    """The quick update on the plan page: status, percent done and, optionally, what was done.

    Every saved update also writes a dated :class:`ProgressNote` (the progress report's
    history); the measure row keeps the latest status for the plan page.
    """

    done = forms.CharField(
        label=gettext_lazy("what was done"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Measure
        fields = ["status", "progress"]
        widgets = {"progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._show_initials()

    def note(self, measure: Measure, author: Any, day: date) -> ProgressNote:
        """The dated note of a saved progress change (call inside the saving transaction)."""
        return services.record_progress(measure, author, day, self.cleaned_data.get("done", ""))


class EvidenceForm(forms.ModelForm):  # type: ignore[type-arg]
    """A link, a file or both; the evidence date is the date of the event it proves, which is
    often weeks before the upload (the assessors check it against the fiscal year)."""

    url = forms.URLField(
        label=gettext_lazy("link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Evidence
        fields = ["title", "url", "file", "evidence_date"]
        field_classes = {"evidence_date": dates.ThaiDateField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Allowed: %(types)s; at most %(mb)s MB.") % {
            "types": evidence_files.allowed_text(),
            "mb": f"{evidence_files.max_size() / 1_048_576:.0f}",
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            evidence_files.check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = stored_text.clean_form(self, super().clean() or {})
        if not cleaned.get("url") and not cleaned.get("file") and not self.has_error("file"):
            # On the link field, so the model's own check (evidence_link_or_file) is skipped
            # instead of repeating the same complaint in database words.
            self.add_error(
                "url",
                forms.ValidationError(
                    _("Give a link, a file, or both."), code="evidence_link_or_file"
                ),
            )
        return cleaned


class CommentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        return stored_text.clean_form(self, super().clean() or {})


class DraftForm(forms.Form):
    result_year = forms.TypedChoiceField(label=gettext_lazy("Results of fiscal year"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["result_year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, str(y)) for y in years]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Plan file (YAML)"),
        help_text=gettext_lazy("A file exported from this page or made by openita plan draft."),
    )


class FilterForm(forms.Form):
    """The plan page's filters (GET parameters, so they work without JavaScript)."""

    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    unit = forms.ChoiceField(label=gettext_lazy("Responsible unit"), required=False)
    overdue = forms.BooleanField(
        label=gettext_lazy("Overdue only"), required=False, label_suffix=""
    )

    def __init__(
        self, *args: Any, statuses: list[tuple[str, str]], units: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        every = ("", _("all"))
        status_field = self.fields["status"]
        unit_field = self.fields["unit"]
        assert isinstance(status_field, forms.ChoiceField)
        assert isinstance(unit_field, forms.ChoiceField)
        status_field.choices = [every, *statuses]
        unit_field.choices = [every, *((u, u) for u in units)]

    def value(self, name: str) -> str:
        self.is_valid()  # keeps the valid filter when the other one is not
        return str(self.cleaned_data.get(name) or "")
