"""The forms of the result pages: upload a file, type a result in, try what-if values.

Every score field takes 0–100, the range of every ITA score (docs/formats.md); the checks
that need the framework (which ids exist, what the indicators reproduce) stay in the importer
and the analysis, which the views call after these forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from openita.frameworks.model import Framework
from openita.scoring.model import AgencyResult
from openita.web.assessments.dashboard import WeakLine

RESULT_SUFFIXES = (".json", ".csv", ".xlsx")


def max_upload_bytes() -> int:
    """The largest result file accepted: ``OPENITA_MAX_UPLOAD_MB`` (settings.py)."""
    return int(settings.FILE_UPLOAD_MAX_MEMORY_SIZE)


class ScoreInput(forms.NumberInput):
    """A score box that shows a stored score as the ITAS page prints it, to two decimals at
    most and without trailing zeros ("0", "50", "91.67"; Django's own rendering gave "0.0" and
    "50.0" beside "91.67"). What a user typed is shown back as typed."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, float):
            return f"{value:.2f}".rstrip("0").rstrip(".")
        shown: str | None = super().format_value(value)
        return shown


def _score_field(label: str, required: bool, **extra: Any) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=required,
        min_value=0,
        max_value=100,
        widget=ScoreInput(attrs={"step": "0.01", "min": "0", "max": "100"}),
        **extra,
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Result file"),
        help_text=_("The ITAS result as JSON, CSV or XLSX (see the formats guide)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(RESULT_SUFFIXES)}),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        name = upload.name or ""
        if Path(name).suffix.lower() not in RESULT_SUFFIXES:
            raise forms.ValidationError(
                _("%(name)s is not a .json, .csv or .xlsx file."), params={"name": name}
            )
        limit = max_upload_bytes()
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB."), params={"mb": limit // (1024 * 1024)}
            )
        return upload


class FrameworkUploadForm(forms.Form):
    """The admin's "Upload framework file" page: one YAML file; the service checks the rest."""

    file = forms.FileField(
        label=_("Framework file"),
        help_text=_(
            "ita-<year>.yaml or ita-<year>-<kind>.yaml, at most %(limit)s (docs/frameworks.md)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}),
    )

    def __init__(self, *args: Any, limit: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {"limit": limit}


class PasteForm(forms.Form):
    """A results table pasted from the ITAS results page or a report (openita.ingest.paste)."""

    text = forms.CharField(
        label=_("Pasted table"),
        help_text=_(
            "Select the results table on the ITAS results page or in last year's report, copy "
            "it and paste it here: one row per indicator, question or OIT item, with its score. "
            "Thai or English headers, Thai digits and decimal commas are understood."
        ),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        strip=False,
        max_length=200_000,
    )
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)

    def __init__(self, years: Iterable[int], data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        ordered = sorted(years, reverse=True)
        field = self.fields["fiscal_year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, str(y)) for y in ordered]
        field.help_text = _("Used when the pasted text does not name its fiscal year.")
        self.initial.setdefault("fiscal_year", ordered[0] if ordered else None)


class EntryForm(forms.Form):
    """A result typed in: the ten indicator scores and, optionally, the official figures.

    The labels are the indicator names of the chosen year's framework file, so a year with
    other indicators gets other fields (ADR 0001: frameworks are data).
    """

    def __init__(
        self, framework: Framework, years: Iterable[int], data: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.framework = framework
        self.fields["fiscal_year"] = forms.TypedChoiceField(
            label=_("Fiscal year"),
            choices=[(y, str(y)) for y in years],
            coerce=int,
            initial=framework.fiscal_year,
            widget=forms.HiddenInput,
        )
        for ind_id, spec in framework.indicators.items():
            self.fields[f"indicator_{ind_id}"] = _score_field(
                f"{ind_id}. {spec.name_th} ({spec.tool})", required=True
            )
        self.fields["official_overall"] = _score_field(
            str(_("Official overall score")), required=False
        )
        self.fields["official_level"] = forms.ChoiceField(
            label=_("Official level"),
            required=False,
            choices=[("", "–"), *((lv.label_th, lv.label_th) for lv in framework.levels)],
        )
        for tool_id, tool in framework.tools.items():
            self.fields[f"tool_{tool_id}"] = _score_field(
                f"{tool_id} {tool.name_th}", required=False
            )

    @staticmethod
    def initial_from(result: AgencyResult) -> dict[str, Any]:
        """The stored result of the year as starting values, so a correction is one field."""
        initial: dict[str, Any] = {f"indicator_{i}": v for i, v in result.indicators.items()}
        initial["official_overall"] = result.official_overall
        initial["official_level"] = result.official_level or ""
        initial.update({f"tool_{t}": v for t, v in result.official_tools.items()})
        return initial

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[f"indicator_{i}"] for i in self.framework.indicators]

    def official_fields(self) -> list[forms.BoundField]:
        return [
            self["official_overall"],
            self["official_level"],
            *(self[f"tool_{t}"] for t in self.framework.tools),
        ]

    def values(self) -> dict[str, Any]:
        """The figures in the canonical JSON layout (docs/formats.md)."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "indicators": {i: data[f"indicator_{i}"] for i in self.framework.indicators}
        }
        official: dict[str, Any] = {}
        if data.get("official_overall") is not None:
            official["overall"] = data["official_overall"]
        if data.get("official_level"):
            official["level"] = data["official_level"]
        tools = {
            t: data[f"tool_{t}"] for t in self.framework.tools if data.get(f"tool_{t}") is not None
        }
        if tools:
            official["tools"] = tools
        if official:
            values["official"] = official
        return values


class WhatIfForm(forms.Form):
    """One 0–100 field per weak point (its current score first), named by its what-if id.

    Any other id in the query (``?O2=100``, ``?9=95``) is a setting too, checked here for its
    form (a known question, item or indicator of the year, a number 0–100) and then by
    :func:`openita.analysis.whatif.simulate`, which explains what it cannot simulate.
    """

    def __init__(
        self, framework: Framework, weak_points: Iterable[WeakLine], data: Any = None
    ) -> None:
        super().__init__(data)
        self.framework = framework
        self.current: dict[str, float] = {}
        for line in weak_points:
            point = line.point
            part_word = _("part")
            part = f" ({part_word} {point.part})" if point.part is not None else ""
            title = point.title_th or ""
            self.fields[line.key] = _score_field(
                f"{point.id}{part} {title}".strip(), required=False, initial=point.score
            )
            self.current[line.key] = point.score
        self.extra: dict[str, float] = {}

    def _known(self, key: str) -> bool:
        from openita.analysis.whatif import normalise_key

        fw = self.framework
        base = normalise_key(key).partition(".")[0]
        return base in fw.questions or base in fw.oit_items or base in fw.indicators

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key in self.data:
            if key in self.fields:
                continue
            if not self._known(key):
                self.add_error(
                    None,
                    forms.ValidationError(
                        _("%(key)s is not a question, OIT item or indicator of %(year)s."),
                        params={"key": key, "year": self.framework.fiscal_year},
                    ),
                )
                continue
            raw = self.data.get(key, "")
            try:
                value = float(raw)
            except ValueError:
                value = -1.0
            if not 0 <= value <= 100:
                self.add_error(
                    None,
                    forms.ValidationError(
                        _("%(key)s: enter a score from 0 to 100, not %(value)s."),
                        params={"key": key, "value": raw},
                    ),
                )
                continue
            self.extra[key] = value
        return cleaned

    def settings(self) -> dict[str, float]:
        """The valid values that differ from the current scores, plus any valid extra setting."""
        cleaned = getattr(self, "cleaned_data", {})
        chosen = {
            key: float(value)
            for key, value in cleaned.items()
            if value is not None and key in self.current and value != self.current[key]
        }
        return {**chosen, **self.extra}
