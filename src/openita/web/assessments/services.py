"""Results in and out of the database, through the same importer and engine as the CLI.

``read_upload`` checks a file without saving anything; ``save_result`` stores a checked file
atomically (one row per agency and year, replaced on re-upload); ``load_result`` reads a
stored file back into the pure :class:`~openita.scoring.model.AgencyResult`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from openita.analysis.model import Analysis
from openita.errors import InputError, Problem
from openita.frameworks import Framework, UnknownFiscalYear, load_framework
from openita.i18n import current_language, use_language
from openita.ingest.entries import LoadedResult
from openita.ingest.published import parse_published
from openita.scoring.consistency import Finding
from openita.scoring.model import AgencyResult, Scores
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result
from openita.web.assessments.readcache import ByteBoundedCache


@dataclass
class Upload:
    """A checked result file, not yet saved: what the preview page shows."""

    name: str
    data: bytes
    result: AgencyResult
    scores: Scores | None
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def published_only(self) -> bool:
        return self.scores is None


def read_upload(data: bytes, name: str, agency: Agency | None = None) -> Upload:
    """Check a result file; raise :class:`InputError` (file, line/row, field) when unusable.

    Blocking findings (scores out of range, missing indicators) and a file of another agency
    are errors here too: the web app saves nothing it could not score.
    """
    from openita.ingest import usable_result
    from openita.scoring import score

    checked = usable_result(data, name, agency.kind if agency is not None else None)
    if isinstance(checked, LoadedResult):
        upload = Upload(name, data, checked.result, score(checked.framework, checked.result))
        upload.findings = list(checked.findings)
    else:
        upload = Upload(name, data, checked, None)
    if agency is not None:
        upload.warnings = _agency_problems(upload, agency)
    return upload


def _agency_problems(upload: Upload, agency: Agency) -> list[str]:
    """A code that differs is an error; a differing name is only a warning (spellings vary)."""
    meta = upload.result.agency
    if meta.code and meta.code != agency.code:
        raise InputError(
            [
                Problem(
                    upload.name,
                    _("the file is for agency code '%(file)s', not '%(agency)s'")
                    % {"file": meta.code, "agency": agency.code},
                    field="agency.code",
                )
            ]
        )
    if meta.name.strip() != agency.name.strip():
        return [
            _("the file names the agency '%(file)s'; it will be saved for '%(agency)s'")
            % {"file": meta.name, "agency": agency.name}
        ]
    return []


def summary(upload: Upload) -> dict[str, Any]:
    """The copies of the scores kept in columns, for tables over thousands of agencies."""
    result, scores = upload.result, upload.scores
    if scores is None:
        tools = dict(result.official_tools)
        return {
            "published_only": True,
            "overall": result.official_overall,
            "level": result.official_level or "",
            "level_id": "",
            "iit": tools.get("IIT"),
            "eit": tools.get("EIT"),
            "oit": tools.get("OIT"),
            "computed_overall": None,
            "findings": [],
        }
    return {
        "published_only": False,
        "overall": scores.overall,
        "level": scores.level,
        "level_id": scores.level_id,
        "iit": scores.tools.get("IIT"),
        "eit": scores.tools.get("EIT"),
        "oit": scores.tools.get("OIT"),
        "computed_overall": round(scores.computed_overall, 4),
        "findings": [finding_dict(f) for f in upload.findings],
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "severity": str(finding.severity),
        "code": finding.code,
        "message": finding.message,
        "subject": finding.subject,
        "location": finding.location,
    }


@transaction.atomic
def save_result(agency: Agency, upload: Upload, user: Any = None) -> Result:
    """Store the checked file as the agency's result for its year (replacing an older one)."""
    row, _ = Result.objects.select_for_update().update_or_create(
        agency=agency,
        fiscal_year=upload.result.fiscal_year,
        defaults={
            "source_name": upload.name.rsplit("/", 1)[-1][:255],
            "source": upload.data,
            "sha256": hashlib.sha256(upload.data).hexdigest(),
            "uploaded_by": user if user is not None and user.is_authenticated else None,
            **summary(upload),
        },
    )
    return row


_CACHE: ByteBoundedCache[LoadedResult] = ByteBoundedCache()


def _read(data: bytes, name: str, language: str, kind: str | None = None) -> LoadedResult:
    """One stored file read through the importer, once per language while it is in use.

    A dashboard reads the same file for its analysis, its history and its checks; the file's
    bytes are the key, so a replaced file is read afresh, and the cache is bounded by the bytes
    of the files it holds (:mod:`~openita.web.assessments.readcache`). Callers must not change
    the result. ``kind`` is the agency's kind, which chooses the framework.
    """
    from openita.ingest import parse_result

    def make() -> LoadedResult:
        with use_language(language):
            return parse_result(data, name, kind)

    return _CACHE.get(data, f"{language}:{kind}:{name}", make)


def _loaded(row: Result) -> LoadedResult:
    """The stored file of a scorable row, read in the current language as its agency's kind."""
    return _read(bytes(row.source), row.source_name, current_language(), row.agency.kind)


def framework_of_row(row: Result) -> Framework:
    """The framework that scores a stored row: its year and its agency's kind."""
    return load_framework(row.fiscal_year, row.agency.kind)


def load_result(row: Result) -> AgencyResult:
    """The stored file read back (it was checked when saved, so this does not fail)."""
    if row.published_only:
        published = parse_published(bytes(row.source), row.source_name)
        return replace(published, agency=replace(published.agency, kind=row.agency.kind))
    return _loaded(row).result


def findings_of(row: Result) -> list[dict[str, Any]]:
    """The checks on the stored file, made again in the language of the page or request.

    ``Result.findings`` keeps them as they were at upload, in the uploader's language; a
    year of published figures only has no file to check again, so those are shown.
    """
    if row.published_only:
        return list(row.findings)
    return [finding_dict(f) for f in _loaded(row).findings]


def analysable(row: Result, years: Collection[int] | None = None) -> bool:
    """A stored year the engine can score: not published figures only, its framework known.

    ``years`` are the fiscal years with a framework file, when the caller already has them.
    """
    from openita.frameworks import available_years

    known = available_years() if years is None else years
    return not row.published_only and row.fiscal_year in known


def previous_of(row: Result) -> Result | None:
    """The latest stored year before ``row`` (published-only years included)."""
    earlier = Result.objects.filter(agency_id=row.agency_id, fiscal_year__lt=row.fiscal_year)
    return earlier.order_by("-fiscal_year").first()


def analysis_of(row: Result, previous: Result | None) -> Analysis:
    """The analysis of a stored result, compared with ``previous`` when that can be scored.

    The dashboard, the API and the drafted plan all compare with the latest earlier stored
    year (:func:`previous_of`); a year of published figures only has nothing to compare.
    """
    from openita.analysis.weaknesses import analyse

    framework = framework_of_row(row)
    before = load_result(previous) if previous is not None and analysable(previous) else None
    return analyse(framework, load_result(row), before)


def history(agency: Agency, up_to: int) -> list[AgencyResult]:
    """Every stored result of the agency before ``up_to``, oldest first."""
    rows = agency.results.filter(fiscal_year__lt=up_to).order_by("fiscal_year")
    return [load_result(row) for row in rows]


@dataclass
class Rescored:
    """What :func:`rescore` did: rows whose summary columns were rewritten, files it could not
    score any more (their row is left as it was)."""

    rescored: int = 0
    problems: list[str] = field(default_factory=list)


def rescore(rows: Iterable[Result]) -> Rescored:
    """Score stored files again with the framework their year and agency kind now choose
    (after an agency's kind changed or a framework file was installed) and rewrite the
    summary columns; each row in its own transaction, the file itself untouched."""
    outcome = Rescored()
    for row in rows:
        try:
            upload = read_upload(bytes(row.source), row.source_name, row.agency)
        except (InputError, UnknownFiscalYear) as exc:
            outcome.problems.append(f"{row.agency.code} {row.fiscal_year}: {exc}")
            continue
        with transaction.atomic():
            Result.objects.filter(pk=row.pk).update(**summary(upload))
        outcome.rescored += 1
    return outcome


def entered_result(agency: Agency, fiscal_year: int, values: dict[str, Any]) -> tuple[str, bytes]:
    """A result typed into the form, as the canonical JSON file (docs/formats.md)."""
    load_framework(fiscal_year, agency.kind)  # raises UnknownFiscalYear for a year without one
    doc = {
        "fiscal_year": fiscal_year,
        "agency_kind": agency.kind,
        "agency": {
            "name": agency.name,
            "code": agency.code,
            "type": agency.agency_type or None,
            "province": agency.province or None,
            "district": agency.district or None,
        },
        **values,
    }
    doc["agency"] = {k: v for k, v in doc["agency"].items() if v}
    data = json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")
    return f"{agency.code}-{fiscal_year}-form.json", data
