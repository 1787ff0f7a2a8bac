"""The coordinator's table: every agency in the coordinator's scope with its result of a year.

A provincial office or a ministry follows hundreds of agencies (8,317 nationally in FY2568,
/work/shared/ita-notes.md), so the table is built from a handful of queries whatever the
number of agencies (issue 6: p95 < 150 ms, bench/web.py):

* the agencies, each LEFT JOINed (``FilteredRelation``) to its result of the year, its result
  of the year before and its plan answering the year — one row per agency, because a result
  is unique per agency and year and a plan per agency and plan year;
* the counts on top, from one aggregate over the same rows, and one GROUP BY for the levels;
* one page of 50 rows, sorted and sliced in the database;
* the progress of the page's plans in one query (:func:`openita.web.plans.services.with_progress`).

Scores come from the summary columns that ``save_result`` keeps on each result row; no result
file is read. The export (XLSX) uses the same rows without the page slice.

The filters of a URL are never an error: an unknown year, province, level or sort key is
ignored and the default used, so an old bookmark still opens.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Expression,
    F,
    FilteredRelation,
    IntegerField,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openita.frameworks import load_framework
from openita.frameworks.loader import UnknownFiscalYear
from openita.scoring.engine import change
from openita.scoring.model import Change
from openita.web.agencies.access import coordinated_agencies
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result
from openita.web.plans.models import ActionPlan, Measure, Status
from openita.web.plans.services import Progress, progress_of, with_progress

PAGE_SIZE = 50
PAGE_WINDOW = 3  # page links shown either side of the current page
#: What a column sorts on: a field, an annotation, a CASE over levels, or a subquery.
Sortable = F | Expression | Subquery


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


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("name", _("Agency")),
    Column("type", _("Type")),
    Column("province", _("Province")),
    Column("district", _("District")),
    Column("ministry", _("Ministry")),
    Column("overall", _("Overall"), numeric=True),
    Column("level", _("Level")),
    Column("iit", "IIT", numeric=True),
    Column("eit", "EIT", numeric=True),
    Column("oit", "OIT", numeric=True),
    Column("change", _("Change"), numeric=True),
    Column("uploaded", _("Uploaded")),
    Column("plan", _("Plan")),
    Column("progress", _("Plan progress"), numeric=True),
)
SORT_KEYS = frozenset(c.key for c in COLUMNS)
#: Text columns sort on the agency's own fields; the rest on annotations of the row queryset.
TEXT_FIELDS = {
    "name": "name",
    "type": "agency_type",
    "province": "province",
    "district": "district",
    "ministry": "ministry",
}


@dataclass(frozen=True)
class Query:
    """What the URL asks for: filters, sort and page (already checked against the choices)."""

    year: int | None = None
    province: str = ""
    agency_type: str = ""
    level: str = ""
    status: Upload = Upload.ALL
    q: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1


@dataclass(frozen=True)
class Choices:
    """The values the filters offer, from the agencies in the user's scope."""

    years: list[int]
    provinces: list[str]
    agency_types: list[str]
    levels: list[str]


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    agency_type: str
    province: str
    district: str
    ministry: str
    overall: float | None
    level: str
    level_id: str
    iit: float | None
    eit: float | None
    oit: float | None
    previous: float | None
    uploaded: bool
    has_plan: bool
    progress: Progress | None = None

    @property
    def change(self) -> Change | None:
        if self.overall is None or self.previous is None:
            return None
        return change(self.previous, self.overall)


@dataclass(frozen=True)
class Counts:
    agencies: int
    uploaded: int
    with_plan: int
    levels: list[tuple[str, int]]

    @property
    def not_uploaded(self) -> int:
        return self.agencies - self.uploaded


@dataclass(frozen=True)
class HeaderCell:
    column: Column
    sorted: bool
    descending: bool
    #: The direction a click asks for: the other one when sorted, else ascending.
    next_dir: str

    @property
    def aria_sort(self) -> str:
        return "descending" if self.descending else "ascending"


@dataclass
class Table:
    query: Query
    choices: Choices
    counts: Counts
    rows: list[Row]
    pages: int
    headers: list[HeaderCell] = field(default_factory=list)

    @property
    def page_numbers(self) -> list[int | None]:
        """Page links: first, a window around the current page, last (None marks a gap)."""
        current, last = self.query.page, self.pages
        shown = {1, last, *range(current - PAGE_WINDOW, current + PAGE_WINDOW + 1)}
        numbers: list[int | None] = []
        previous = 0
        for n in sorted(p for p in shown if 1 <= p <= last):
            if n - previous > 1:
                numbers.append(None)
            numbers.append(n)
            previous = n
        return numbers

    @property
    def first_index(self) -> int:
        return (self.query.page - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return (self.query.page - 1) * PAGE_SIZE + len(self.rows)


# ---------------------------------------------------------------------------------------------
# Choices and the query from the URL


def choices_for(scope: QuerySet[Agency], year: int | None = None) -> Choices:
    years = list(
        Result.objects.filter(agency__in=scope.values("pk"))
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    return Choices(
        years=years,
        provinces=_distinct(scope, "province"),
        agency_types=_distinct(scope, "agency_type"),
        levels=[],
    )


def _distinct(scope: QuerySet[Agency], name: str) -> list[str]:
    values = scope.exclude(**{name: ""}).order_by(name).values_list(name, flat=True).distinct()
    return list(values)


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
    """The URL's filters, each one ignored (default kept) when it is not one of the choices."""
    year = _int(params.get("year"))
    if year not in choices.years:
        year = choices.years[0] if choices.years else None
    status = params.get("status", "")
    sort = params.get("sort", "")
    return Query(
        year=year,
        province=_one_of(params.get("province", ""), choices.provinces),
        agency_type=_one_of(params.get("type", ""), choices.agency_types),
        level=params.get("level", "").strip(),  # checked against the year's levels below
        status=Upload(status) if status in Upload._value2member_map_ else Upload.ALL,
        q=params.get("q", "").strip()[:100],
        sort=sort if sort in SORT_KEYS else "name",
        descending=params.get("dir") == "desc",
        page=max(1, _int(params.get("page")) or 1),
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _one_of(value: str, allowed: list[str]) -> str:
    return value if value in allowed else ""


# ---------------------------------------------------------------------------------------------
# The rows


def rows_queryset(scope: QuerySet[Agency], query: Query) -> QuerySet[Any]:
    """The filtered agencies, each with its result of the year and the year before, and plan."""
    year = query.year or 0  # no year: nothing joins, every agency shows as not uploaded
    rows = scope.annotate(
        cur=FilteredRelation("results", condition=Q(results__fiscal_year=year)),
        prev=FilteredRelation("results", condition=Q(results__fiscal_year=year - 1)),
        answer=FilteredRelation("plans", condition=Q(plans__based_on_year=year)),
    ).annotate(
        result_id=F("cur__id"),
        overall=F("cur__overall"),
        level=F("cur__level"),
        level_id=F("cur__level_id"),
        iit=F("cur__iit"),
        eit=F("cur__eit"),
        oit=F("cur__oit"),
        previous=F("prev__overall"),
        plan_id=F("answer__id"),
    )
    if query.province:
        rows = rows.filter(province=query.province)
    if query.agency_type:
        rows = rows.filter(agency_type=query.agency_type)
    if query.level:
        rows = rows.filter(level=query.level)
    if query.status == Upload.NO_UPLOAD:
        rows = rows.filter(result_id__isnull=True)
    elif query.status == Upload.NO_PLAN:
        rows = rows.filter(plan_id__isnull=True)
    if query.q:
        rows = rows.filter(
            Q(name__icontains=query.q) | Q(code__icontains=query.q) | Q(district__icontains=query.q)
        )
    return rows


def count_rows(rows: QuerySet[Any], levels: list[str]) -> Counts:
    """Agencies, uploads, plans and agencies per level among ``rows`` (all pages)."""
    totals = rows.aggregate(
        agencies=Count("pk"), uploaded=Count("result_id"), with_plan=Count("plan_id")
    )
    per_level = dict(
        rows.filter(result_id__isnull=False)
        .order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    ordered = [(label, per_level.pop(label, 0)) for label in levels]
    ordered += sorted(per_level.items())  # labels the framework does not name (older files)
    return Counts(
        agencies=totals["agencies"],
        uploaded=totals["uploaded"],
        with_plan=totals["with_plan"],
        levels=[(label, n) for label, n in ordered if label],
    )


def _level_rank(year: int | None) -> Sortable:
    """Rank of the row's level in the framework (0 = best), not its overall score.

    A level needs every tool above a threshold too (ita-notes.md, Levels), so an agency rated
    ผ่าน with 94 ranks below one rated ผ่านดี with 86; older years without a framework file
    sort by the published label.
    """
    if year is None:
        return F("level")
    try:
        levels = load_framework(year).levels
    except UnknownFiscalYear:
        return F("level")
    whens = [When(level_id=lv.id, then=Value(rank)) for rank, lv in enumerate(levels)]
    return Case(*whens, default=None, output_field=IntegerField())


def _progress_mean() -> Subquery:
    """Mean percent done of the row's plan (as progress_of: cancelled measures left out)."""
    measures = (
        Measure.objects.filter(section__plan=OuterRef("plan_id"))
        .exclude(status=Status.CANCELLED)
        .order_by()
        .values("section__plan")
        .annotate(mean=Avg("progress"))
        .values("mean")
    )
    return Subquery(measures[:1])


def _present(annotation: str) -> Sortable:
    """False before True: "ascending" puts agencies without an upload (or plan) first."""
    missing = When(**{f"{annotation}__isnull": True}, then=Value(False))
    return Case(missing, default=Value(True), output_field=BooleanField())


def _sort_expression(query: Query) -> Sortable:
    key = query.sort
    if key in TEXT_FIELDS:
        return F(TEXT_FIELDS[key])
    if key == "level":
        return _level_rank(query.year)
    if key == "change":
        return F("overall") - F("previous")
    if key == "uploaded":
        return _present("result_id")
    if key == "plan":
        return _present("plan_id")
    if key == "progress":
        return _progress_mean()
    return F(key)  # overall, iit, eit, oit


def ordering(query: Query) -> list[OrderBy | str]:
    """The sort column (missing values last either way), then name and id as tie-breakers.

    A level's rank goes the other way from its name: "ascending" levels means worst first,
    like ascending scores.
    """
    expression = _sort_expression(query)
    descending = not query.descending if query.sort == "level" else query.descending
    primary = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return [primary, "name", "pk"]


ROW_FIELDS = (
    "code",
    "name",
    "agency_type",
    "province",
    "district",
    "ministry",
    "overall",
    "level",
    "level_id",
    "iit",
    "eit",
    "oit",
    "previous",
    "result_id",
    "plan_id",
)


def _row(values: dict[str, Any], progress: Progress | None) -> Row:
    return Row(
        code=values["code"],
        name=values["name"],
        agency_type=values["agency_type"],
        province=values["province"],
        district=values["district"],
        ministry=values["ministry"],
        overall=values["overall"],
        level=values["level"] or "",
        level_id=values["level_id"] or "",
        iit=values["iit"],
        eit=values["eit"],
        oit=values["oit"],
        previous=values["previous"],
        uploaded=values["result_id"] is not None,
        has_plan=values["plan_id"] is not None,
        progress=progress,
    )


def _progress_by_plan(plans: QuerySet[ActionPlan]) -> dict[int, Progress]:
    return {plan.pk: progress_of(plan) for plan in with_progress(plans.order_by())}


# ---------------------------------------------------------------------------------------------
# Entry points


def resolve(user: Any, params: Mapping[str, str]) -> tuple[Query, Choices, QuerySet[Any]]:
    """The user's scope, the choices it offers, the query of the URL and its rows (unsorted)."""
    scope = coordinated_agencies(user)
    choices = choices_for(scope)
    query = parse_query(params, choices)
    levels = levels_of(query.year, scope)
    choices = Choices(choices.years, choices.provinces, choices.agency_types, levels)
    if query.level not in levels:
        query = Query(**{**query.__dict__, "level": ""})
    return query, choices, rows_queryset(scope, query)


def build_table(user: Any, params: Mapping[str, str]) -> Table:
    """One page of the table with its counts and header links."""
    query, choices, rows = resolve(user, params)
    counts = count_rows(rows, choices.levels)
    pages = max(1, -(-counts.agencies // PAGE_SIZE))
    if query.page > pages:
        query = Query(**{**query.__dict__, "page": pages})
    start = (query.page - 1) * PAGE_SIZE
    page = list(rows.order_by(*ordering(query)).values(*ROW_FIELDS)[start : start + PAGE_SIZE])
    plan_ids = [v["plan_id"] for v in page if v["plan_id"] is not None]
    progress = _progress_by_plan(ActionPlan.objects.filter(pk__in=plan_ids)) if plan_ids else {}
    table = Table(
        query=query,
        choices=choices,
        counts=counts,
        rows=[_row(v, progress.get(v["plan_id"])) for v in page],
        pages=pages,
    )
    table.headers = [_header(column, query) for column in COLUMNS]
    return table


def _header(column: Column, query: Query) -> HeaderCell:
    is_sorted = column.key == query.sort
    return HeaderCell(
        column=column,
        sorted=is_sorted,
        descending=is_sorted and query.descending,
        next_dir="desc" if is_sorted and not query.descending else "asc",
    )


def all_rows(user: Any, params: Mapping[str, str]) -> tuple[Query, Iterator[Row]]:
    """Every row of the filtered table (all pages), sorted as on screen: for the export."""
    query, _choices, rows = resolve(user, params)
    progress: dict[int, Progress] = {}
    if query.year is not None:
        plans = ActionPlan.objects.filter(based_on_year=query.year, agency__in=rows.values("pk"))
        progress = _progress_by_plan(plans)
    values = rows.order_by(*ordering(query)).values(*ROW_FIELDS)

    def generate() -> Iterator[Row]:
        for v in values.iterator(chunk_size=2000):
            yield _row(v, progress.get(v["plan_id"]) if v["plan_id"] is not None else None)

    return query, generate()
