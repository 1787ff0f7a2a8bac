"""``/api/agencies/{code}/results``: stored years, scores, analysis, what-if, upload, reports.

Scores are never taken from the summary columns for a single year: the stored file is read
back (:func:`openita.web.assessments.services.load_result`) and scored by
:func:`openita.scoring.score`, exactly as the CLI and the dashboard do. A year without a
framework file (before FY2567, docs/sources.md) has its published figures only, flagged
``published_only``; it has no analysis, what-if or report.
"""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import File, Query, Router, UploadedFile
from ninja.errors import HttpError
from ninja.responses import Status

from openita.frameworks.loader import framework_of
from openita.scoring.model import AgencyResult, Scores
from openita.web.agencies.access import Access, agency_for
from openita.web.agencies.models import Agency
from openita.web.api.auth import acting, caller
from openita.web.api.routers import (
    READ_ERRORS,
    REPORT_ERRORS,
    WRITE_ERRORS,
    file_answer,
    file_response,
)
from openita.web.api.schemas import (
    AnalysisPublic,
    ErrorPublic,
    ReportOptions,
    ResultPublic,
    ResultSummaryPublic,
    ScenarioCreate,
    ScenarioPublic,
    UploadPublic,
    VersionDiffPublic,
    VersionPublic,
)
from openita.web.assessments import reporting, services, versions
from openita.web.assessments.models import Result, ResultVersion, VersionKind

router = Router(tags=["results"])


def summary_public(row: Result) -> dict[str, Any]:
    return {
        "fiscal_year": row.fiscal_year,
        "published_only": row.published_only,
        "overall": row.overall,
        "level": row.level,
        "level_id": row.level_id,
        "tools": {"IIT": row.iit, "EIT": row.eit, "OIT": row.oit},
        "source_name": row.source_name,
        "uploaded_at": row.uploaded_at,
    }


def result_public(
    result: AgencyResult,
    scores: Scores | None,
    findings: list[dict[str, Any]],
    row: Result | None = None,
) -> dict[str, Any]:
    """One year's figures: the engine's scores, or the published ones when ``scores`` is None."""
    stored = {
        "source_name": row.source_name if row is not None else None,
        "uploaded_at": row.uploaded_at if row is not None else None,
        "uploaded_by": (
            row.uploaded_by.get_username() if row is not None and row.uploaded_by else None
        ),
    }
    if scores is None:
        return {
            "fiscal_year": result.fiscal_year,
            "published_only": True,
            "overall": result.official_overall,
            "overall_is_official": result.official_overall is not None,
            "computed_overall": None,
            "level": result.official_level,
            "level_id": None,
            "level_en": None,
            "tools": dict(result.official_tools),
            "eit_parts": {},
            "indicators": [
                {"id": i, "tool": None, "name_th": None, "score": v, "origin": "reported"}
                for i, v in sorted(result.indicators.items(), key=lambda kv: int(kv[0]))
            ],
            "findings": findings,
            **stored,
        }
    framework = framework_of(result)
    return {
        "fiscal_year": result.fiscal_year,
        "published_only": False,
        "overall": scores.overall,
        "overall_is_official": scores.overall_is_official,
        "computed_overall": round(scores.computed_overall, 4),
        "level": scores.level,
        "level_id": scores.level_id,
        "level_en": scores.level_en,
        "tools": dict(scores.tools),
        "eit_parts": {str(k): v for k, v in scores.eit_parts.items()},
        "indicators": [
            {
                "id": ind_id,
                "tool": spec.tool,
                "name_th": spec.name_th,
                "score": scores.indicators[ind_id],
                "origin": scores.indicator_origin[ind_id].value,
            }
            for ind_id, spec in framework.indicators.items()
            if ind_id in scores.indicators
        ],
        "findings": findings,
        **stored,
    }


def _stored(agency: Agency, year: int) -> Result:
    row = (
        Result.objects.select_related("uploaded_by").filter(agency=agency, fiscal_year=year).first()
    )
    if row is None:
        raise Http404(f"no result of fiscal year {year}")
    return row


def _scorable(agency: Agency, year: int) -> Result:
    """A stored year that has a framework (analysis and what-if need one)."""
    row = _stored(agency, year)
    if row.published_only:
        raise Http404(
            f"fiscal year {year} has published figures only (no framework file): "
            "it has no analysis, what-if or report"
        )
    return row


def _scored(agency: Agency, year: int) -> tuple[Result, AgencyResult]:
    row = _scorable(agency, year)
    return row, services.load_result(row)


@router.get(
    "/{code}/results",
    response={200: list[ResultSummaryPublic], **READ_ERRORS},
    summary="Stored years with their summary scores, newest first",
    operation_id="list_results",
)
def list_results(request: HttpRequest, code: str) -> Any:
    agency, _ = agency_for(caller(request), code, Access.VIEW)
    return [summary_public(row) for row in agency.results.order_by("-fiscal_year")]


@router.post(
    "/{code}/results",
    response={200: UploadPublic, 201: UploadPublic, 413: ErrorPublic, **WRITE_ERRORS},
    summary="Upload an ITAS result file (JSON, CSV or XLSX); dry_run=true only checks it",
    operation_id="upload_result",
)
def upload_result(
    request: HttpRequest,
    code: str,
    file: File[UploadedFile],
    dry_run: Query[bool] = False,
) -> Any:
    """The file goes through the same importer as ``openita validate`` (docs/formats.md). On
    any problem the answer is 422 with every problem (file, line or row, field) and nothing is
    saved. Otherwise the result replaces the stored one of its fiscal year (201); with
    ``dry_run=true`` the answer shows what would be saved and nothing is (200)."""
    agency, _ = agency_for(caller(request), code, Access.EDIT)
    limit = settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    if file.size is not None and file.size > limit:
        raise HttpError(413, f"the file is larger than {limit // (1024 * 1024)} MB")
    name = file.name or "upload"
    upload = services.read_upload(file.read(), name, agency)
    year = upload.result.fiscal_year
    existing = Result.objects.filter(agency=agency, fiscal_year=year).first()
    replaces = summary_public(existing) if existing is not None else None
    findings = [services.finding_dict(f) for f in upload.findings]
    row = None
    if not dry_run:
        with acting(request):
            origin = services.Origin(VersionKind.API)
            row = services.save_result(agency, upload, caller(request), origin)
    body = {
        "saved": row is not None,
        "fiscal_year": year,
        "replaces": replaces,
        "warnings": upload.warnings,
        "result": result_public(upload.result, upload.scores, findings, row),
    }
    return Status(200 if dry_run else 201, body)


@router.get(
    "/{code}/results/{year}",
    response={200: ResultPublic, **READ_ERRORS},
    summary="One year's scores: overall, level, tools, indicators, EIT parts, findings",
    operation_id="get_result",
)
def get_result(request: HttpRequest, code: str, year: int) -> Any:
    """Scored by the engine from the stored file; a year without a framework returns its
    published figures with ``published_only: true``."""
    agency, _ = agency_for(caller(request), code, Access.VIEW)
    row = _stored(agency, year)
    result = services.load_result(row)
    scores = None
    if not row.published_only:
        from openita.scoring import score

        scores = score(framework_of(result), result)
    return result_public(result, scores, services.findings_of(row), row)


@router.get(
    "/{code}/results/{year}/analysis",
    response={200: AnalysisPublic, **READ_ERRORS},
    summary="Weak points with their gains, fallen indicators, items missing from the data",
    operation_id="get_analysis",
)
def get_analysis(request: HttpRequest, code: str, year: int) -> Any:
    """Compared with the latest earlier stored year, as the dashboard does, when that year has
    a framework (published figures alone cannot be analysed); see
    :func:`openita.analysis.weaknesses.analyse` and docs/analysis.md."""
    from openita.analysis.model import analysis_dict

    agency, _ = agency_for(caller(request), code, Access.VIEW)
    row = _scorable(agency, year)
    analysis = services.analysis_of(row, services.previous_of(row))
    data = analysis_dict(analysis)
    return {
        "fiscal_year": analysis.fiscal_year,
        "previous_year": analysis.previous.fiscal_year if analysis.previous else None,
        "overall": analysis.scores.overall,
        "level": analysis.scores.level,
        "comparison": data["comparison"],
        "weak_points": data["weak_points"],
        "fallen_indicators": data["fallen_indicators"],
        "missing_items": data["missing_items"],
    }


@router.post(
    "/{code}/results/{year}/whatif",
    response={200: ScenarioPublic, 401: ErrorPublic, 404: ErrorPublic, 422: ErrorPublic},
    summary="What-if: the scores and level with some items or indicators set to new values",
    operation_id="simulate_result",
)
def simulate_result(request: HttpRequest, code: str, year: int, payload: ScenarioCreate) -> Any:
    """Reads only (nothing is saved), so viewing the agency is enough, as for the dashboard's
    what-if sliders. ``{"set": {"O7": 100, "O12": 100}}`` moves the seed's 94.11 to 97.11
    (:func:`openita.analysis.whatif.simulate`, docs/analysis.md). An unknown id or an item
    without a score in the data is a 422."""
    from openita.analysis.whatif import simulate

    agency, _ = agency_for(caller(request), code, Access.VIEW)
    _, result = _scored(agency, year)
    return simulate(framework_of(result), result, payload.values).as_dict()


def _report(
    request: HttpRequest, code: str, year: int, fmt: str, options: ReportOptions
) -> HttpResponse:
    agency, _ = agency_for(caller(request), code, Access.VIEW)
    try:
        report = reporting.render(agency, year, fmt, options.digits)
    except reporting.NoReport as exc:
        raise Http404(f"no report for fiscal year {year}: no result with a framework") from exc
    return file_answer(report)


@router.get(
    "/{code}/results/{year}/report.docx",
    response={200: None, **REPORT_ERRORS},
    summary="The year's report as DOCX (editable in Word)",
    operation_id="report_docx",
    openapi_extra=file_response(reporting.CONTENT_TYPES["docx"]),
)
def report_docx(
    request: HttpRequest, code: str, year: int, options: Query[ReportOptions]
) -> HttpResponse:
    """Same report as ``openita report``: the year, every earlier stored year for the history
    charts, and the agency's stored plan for that year's results (else the drafted one); its
    numbers in ``digits``, as the web's download offers."""
    return _report(request, code, year, "docx", options)


@router.get(
    "/{code}/results/{year}/report.pdf",
    response={200: None, **REPORT_ERRORS},
    summary="The year's report as PDF",
    operation_id="report_pdf",
    openapi_extra=file_response(reporting.CONTENT_TYPES["pdf"]),
)
def report_pdf(
    request: HttpRequest, code: str, year: int, options: Query[ReportOptions]
) -> HttpResponse:
    """The DOCX report converted by LibreOffice (a few seconds; one conversion at a time)."""
    return _report(request, code, year, "pdf", options)


def version_public(version: ResultVersion, current: int) -> dict[str, Any]:
    return {
        "number": version.number,
        "current": version.number == current,
        "kind": version.kind,
        "based_on": version.based_on,
        "description": versions.describe(version),
        "source_name": version.source_name,
        "sha256": version.sha256,
        "published_only": version.published_only,
        "overall": version.overall,
        "level": version.level,
        "created_by": version.created_by.get_username() if version.created_by else None,
        "created_at": version.created_at,
    }


def _versions(agency: Agency, year: int) -> list[ResultVersion]:
    rows = versions.versions_of(agency, year)
    if not rows:
        raise Http404(f"no result of fiscal year {year}")
    return rows


@router.get(
    "/{code}/results/{year}/versions",
    response={200: list[VersionPublic], **READ_ERRORS},
    summary="Every saved version of the year's result, newest (current) first",
    operation_id="list_result_versions",
)
def list_versions(request: HttpRequest, code: str, year: int) -> Any:
    agency, _ = agency_for(caller(request), code, Access.VIEW)
    rows = _versions(agency, year)
    return [version_public(v, rows[0].number) for v in rows]


@router.get(
    "/{code}/results/{year}/versions/compare",
    response={200: VersionDiffPublic, **READ_ERRORS},
    summary="What changed between two versions: overall, tools, indicators, questions, OIT",
    operation_id="compare_result_versions",
)
def compare_versions(
    request: HttpRequest, code: str, year: int, old: int | None = None, new: int | None = None
) -> Any:
    """Without ``old``/``new``: the version before the current one against the current."""
    agency, _ = agency_for(caller(request), code, Access.VIEW)
    rows = _versions(agency, year)
    new = rows[0].number if new is None else new
    old = (rows[1].number if len(rows) > 1 else new) if old is None else old
    try:
        diff = versions.compare(agency, year, min(old, new), max(old, new))
    except versions.NoSuchVersion:
        raise Http404("no such version") from None
    return {
        "fiscal_year": year,
        "old": diff.old_number,
        "new": diff.new_number,
        "counts": dict(diff.counts()),
        "changes": [
            {
                "section": line.section,
                "id": line.id,
                "part": line.part,
                "label": line.label,
                "old": line.old,
                "new": line.new,
                "status": line.status,
            }
            for line in diff.changes
        ],
    }


@router.post(
    "/{code}/results/{year}/versions/{number}/restore",
    response={201: VersionPublic, 409: ErrorPublic, **WRITE_ERRORS},
    summary="Restore an older version: a copy of it is saved as the new current version",
    operation_id="restore_result_version",
)
def restore_version(request: HttpRequest, code: str, year: int, number: int) -> Any:
    """The old file is checked again first (422 with its problems if today's checks refuse
    it); restoring the current version is a 409. Nothing is deleted."""
    agency, _ = agency_for(caller(request), code, Access.EDIT)
    try:
        with acting(request):
            versions.restore(agency, year, number, caller(request))
    except versions.NoSuchVersion:
        raise Http404("no such version") from None
    except versions.AlreadyCurrent:
        raise HttpError(409, f"version {number} is already the current one") from None
    latest = versions.current_version(agency, year)
    assert latest is not None  # the restore just saved it
    return Status(201, version_public(latest, latest.number))
