"""``/api/agencies``: the agencies the caller can see, filtered and paged."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from openita.web.agencies.access import Access, agency_for, visible_agencies
from openita.web.agencies.models import Agency
from openita.web.api.auth import caller
from openita.web.api.routers import READ_ERRORS
from openita.web.api.schemas import AgencyDetailPublic, AgencyPublic

router = Router(tags=["agencies"])

#: A coordinator of a whole ministry sees thousands of agencies (8,317 nationally in FY2568,
#: docs/sources.md): pages keep one answer small.
PAGE_SIZE = 50


class AgencyFilters(Schema):
    province: str | None = Field(None, description="exact province name, e.g. อุดรธานี")
    agency_type: str | None = Field(None, description="exact agency type, e.g. เทศบาลตำบล")
    ministry: str | None = Field(None, description="exact ministry name")
    q: str | None = Field(None, description="part of the agency's name or code")


def _filtered(agencies: QuerySet[Agency], filters: AgencyFilters) -> QuerySet[Agency]:
    if filters.province:
        agencies = agencies.filter(province=filters.province)
    if filters.agency_type:
        agencies = agencies.filter(agency_type=filters.agency_type)
    if filters.ministry:
        agencies = agencies.filter(ministry=filters.ministry)
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        agencies = agencies.filter(Q(name__icontains=text) | Q(code__icontains=text))
    return agencies.order_by("sort_name", "code")


@router.get(
    "",
    response={200: list[AgencyPublic], 401: READ_ERRORS[401]},
    summary="List the agencies you can see",
    operation_id="list_agencies",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_agencies(request: HttpRequest, filters: Query[AgencyFilters]) -> Any:
    """Agencies you are a member of, those in your coordinator scope, or all for a site
    administrator; ``page`` and ``page_size`` page through them (ordered by name)."""
    return _filtered(visible_agencies(caller(request)), filters)


@router.get(
    "/{code}",
    response={200: AgencyDetailPublic, **READ_ERRORS},
    summary="One agency, your access to it, and its stored years",
    operation_id="get_agency",
)
def get_agency(request: HttpRequest, code: str) -> Any:
    agency, level = agency_for(caller(request), code, Access.VIEW)
    return {
        **{f: getattr(agency, f) for f in AgencyPublic.model_fields},
        "access": level.name.lower(),
        "result_years": list(
            agency.results.order_by("-fiscal_year").values_list("fiscal_year", flat=True)
        ),
        "plan_years": list(
            agency.plans.order_by("-fiscal_year").values_list("fiscal_year", flat=True)
        ),
    }
