"""The API's routers, one per domain noun, and the error answers they document.

Every operation lists its error statuses in the OpenAPI schema: 401 (no or bad token), 404
(the agency or object is not visible to the caller — the same answer as for one that does not
exist, so existence is not revealed), 403 (visible, but the caller may only read), 422 (the
input is wrong; ``problems`` names file, line and field).
"""

from typing import Any

from django.http import HttpResponse

from openita.web.api.schemas import ErrorPublic
from openita.web.assessments.reporting import ReportFile

READ_ERRORS: dict[int, type[ErrorPublic]] = {401: ErrorPublic, 404: ErrorPublic}
WRITE_ERRORS: dict[int, type[ErrorPublic]] = {
    401: ErrorPublic,
    403: ErrorPublic,
    404: ErrorPublic,
    422: ErrorPublic,
}
#: Report downloads: a bad option (``?digits=roman``) is a 422 naming the field.
REPORT_ERRORS: dict[int, type[ErrorPublic]] = {**READ_ERRORS, 422: ErrorPublic}


def file_answer(report: ReportFile) -> HttpResponse:
    """``report`` (the year's report or a progress report) as an attachment."""
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


def file_response(content_type: str) -> dict[str, Any]:
    """The OpenAPI ``responses`` of a download: a binary file of ``content_type``."""
    return {
        "responses": {
            200: {
                "description": "the report as an attachment",
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }
