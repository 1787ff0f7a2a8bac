"""What a coordinator asks the table for: fiscal year, filters, sort and page, from the URL.

The filters of a URL are never an error: an unknown year, province, level or sort key is
ignored and the default used, so an old bookmark or a hand-edited link still opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openita.collation import thai_sort_key
from openita.frameworks import load_framework
from openita.frameworks.loader import UnknownFiscalYear
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result


class Upload(StrEnum):
    """The "status" filter: who has not uploaded the year's results, who has no plan."""

    ALL = "all"
    NO_UPLOAD = "no_upload"
    NO_PLAN = "no_plan"


UPLOAD_LABELS: dict[Upload, Promise] = {
    Upload.ALL: _("All agencies"),
    Upload.NO_UPLOAD: _("Results not uploaded"),
    Upload.NO_PLAN: _("No action plan"),
}

#: Every column the table sorts by (the keys of ``?sort=``).
SORT_KEYS = frozenset(
    (
        "name", "type", "province", "district", "ministry", "overall", "level", "iit", "eit",
        "oit", "change", "uploaded", "plan", "progress",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Query:
    """Filters, sort and page of one request (already checked against the choices)."""

    year: int | None = None
    province: str = ""
    agency_type: str = ""
    level: str = ""
    status: Upload = Upload.ALL
    q: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1

    def on_page(self, page: int) -> Query:
        return replace(self, page=page)


@dataclass(frozen=True)
class Choices:
    """The values the filters offer, from the agencies in the user's scope."""

    years: list[int]
    provinces: list[str]
    agency_types: list[str]
    levels: list[str]


def choices_for(scope: QuerySet[Agency]) -> Choices:
    """Years with results, provinces and agency types in the scope (levels come per year)."""
    years = (
        Result.objects.filter(agency__in=scope.values("pk"))
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    return Choices(
        years=list(years),
        provinces=_distinct(scope, "province"),
        agency_types=_distinct(scope, "agency_type"),
        levels=[],
    )


def _distinct(scope: QuerySet[Agency], name: str) -> list[str]:
    values = scope.exclude(**{name: ""}).order_by().values_list(name, flat=True).distinct()
    return sorted(values, key=thai_sort_key)


def levels_of(year: int | None, scope: QuerySet[Agency]) -> list[str]:
    """The year's levels, best first: from its framework, or as published for older years."""
    if year is None:
        return []
    try:
        return [lv.label_th for lv in load_framework(year).levels]
    except UnknownFiscalYear:
        labels = Result.objects.filter(agency__in=scope.values("pk"), fiscal_year=year)
        return sorted(set(labels.exclude(level="").values_list("level", flat=True)))


def parse_query(params: Mapping[str, str], choices: Choices) -> Query:
    """The URL's filters, each one ignored (default kept) when it is not one of the choices.

    ``choices.levels`` must be those of the year asked for (:func:`levels_of`); the default
    year is the newest with results.
    """
    status = params.get("status", "")
    sort = params.get("sort", "")
    level = params.get("level", "").strip()
    return Query(
        year=year_of(params, choices),
        province=_one_of(params.get("province", ""), choices.provinces),
        agency_type=_one_of(params.get("type", ""), choices.agency_types),
        level=_one_of(level, choices.levels),
        status=Upload(status) if status in Upload._value2member_map_ else Upload.ALL,
        q=params.get("q", "").strip()[:100],
        sort=sort if sort in SORT_KEYS else "name",
        descending=params.get("dir") == "desc",
        page=max(1, _int(params.get("page")) or 1),
    )


def year_of(params: Mapping[str, str], choices: Choices) -> int | None:
    year = _int(params.get("year"))
    if year in choices.years:
        return year
    return choices.years[0] if choices.years else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _one_of(value: str, allowed: list[str]) -> str:
    return value if value in allowed else ""
