"""The API's routers, one per domain noun, and the error answers they document.

Every operation lists its error statuses in the OpenAPI schema: 401 (no or bad token), 404
(the agency or object is not visible to the caller — the same answer as for one that does not
exist, so existence is not revealed), 403 (visible, but the caller may only read), 422 (the
input is wrong; ``problems`` names file, line and field).
"""

from openita.web.api.schemas import ErrorPublic

READ_ERRORS: dict[int, type[ErrorPublic]] = {401: ErrorPublic, 404: ErrorPublic}
WRITE_ERRORS: dict[int, type[ErrorPublic]] = {
    401: ErrorPublic,
    403: ErrorPublic,
    404: ErrorPublic,
    422: ErrorPublic,
}
