"""The rows of the coordinator table, read so that 8,317 agencies cost a few narrow queries.

A result row also stores its uploaded file (a JSON of one or two kilobytes, see
assessments/models.py). On SQLite the file sits inside the row, so any query that reads the
summary columns of every agency drags every file through the page cache: 40–70 ms for
8,317 agencies, measured by bench/web.py. The table therefore never reads those columns for
more than one page of agencies:

* **filters** (no upload, no plan, level) are ``EXISTS`` tests that the unique
  (agency, fiscal year) index answers;
* **counts** group the year's results by level through the ``result_year_summary_idx`` index
  (assessments migration 0002), which holds the summary columns, so the rows are not read;
* **the page** is found first as a list of at most 50 agency ids — sorting on the agency's
  own columns, or for a score on the results through the same index (agencies without a
  value follow, by name, as ``NULLS LAST`` would put them) — and only those 50 agencies are
  then joined to their results and plan;
* **plan progress** for the page is one more query (:func:`plans.services.with_progress`).

The export reads all rows in one joined query instead (:func:`joined` + :func:`ordering`):
the order is the same, by construction of the tie-breakers (name in Thai dictionary order, then
id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
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

from openita.frameworks import load_framework
from openita.frameworks.loader import UnknownFiscalYear
from openita.scoring.engine import change
from openita.scoring.model import Change
from openita.scoring.rounding import format_score
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result
from openita.web.coordination.query import Query, Upload
from openita.web.plans.models import ActionPlan, Measure, Status
from openita.web.plans.services import Progress, progress_of, with_progress

#: What a column sorts on: a field, an annotation, a CASE over levels, or a subquery.
Sortable = F | Expression | Subquery
TEXT_FIELDS = {
    "name": "sort_name",  # Thai dictionary order (openita.collation)
    "type": "agency_type",
    "province": "province",
    "district": "district",
    "ministry": "ministry",
}
#: Columns read from the year's result: sorted on the results, not on the agencies.
RESULT_SORTS = frozenset({"overall", "iit", "eit", "oit", "level", "change"})
MISSING = "–"


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

    @cached_property
    def change(self) -> Change | None:
        """The engine's year-on-year change (points between the published figures)."""
        if self.overall is None or self.previous is None:
            return None
        return change(self.previous, self.overall)

    # Scores as published, with two decimals (format_score is much cheaper than floatformat).
    @property
    def overall_text(self) -> str:
        return _score(self.overall)

    @property
    def iit_text(self) -> str:
        return _score(self.iit)

    @property
    def eit_text(self) -> str:
        return _score(self.eit)

    @property
    def oit_text(self) -> str:
        return _score(self.oit)

    @property
    def change_direction(self) -> str:
        """``up``, ``down`` or empty: a CSS class (the sign says it in text too)."""
        moved = self.change
        if moved is None or moved.points == 0:
            return ""
        return "up" if moved.points > 0 else "down"

    @property
    def change_text(self) -> str:
        moved = self.change
        if moved is None:
            return MISSING
        return f"+{format_score(moved.points)}" if moved.points > 0 else format_score(moved.points)


def _score(value: float | None) -> str:
    return MISSING if value is None else format_score(value)


@dataclass(frozen=True)
class Counts:
    agencies: int
    uploaded: int
    with_plan: int
    levels: list[tuple[str, int]]

    @property
    def not_uploaded(self) -> int:
        return self.agencies - self.uploaded


# ---------------------------------------------------------------------------------------------
# Filtering and counting


def _year(query: Query) -> int:
    return query.year or 0  # no year with results: nothing matches, every agency is missing


def _result_of_year(query: Query) -> QuerySet[Result]:
    return Result.objects.filter(agency=OuterRef("pk"), fiscal_year=_year(query))


def _plan_of_year(query: Query) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(agency=OuterRef("pk"), based_on_year=_year(query))


def filtered_agencies(scope: QuerySet[Agency], query: Query) -> QuerySet[Agency]:
    """The agencies of the scope that pass the filters (no result columns read)."""
    agencies = scope
    if query.province:
        agencies = agencies.filter(province=query.province)
    if query.agency_type:
        agencies = agencies.filter(agency_type=query.agency_type)
    if query.q:
        agencies = agencies.filter(
            Q(name__icontains=query.q) | Q(code__icontains=query.q) | Q(district__icontains=query.q)
        )
    if query.level:
        agencies = agencies.filter(Exists(_result_of_year(query).filter(level=query.level)))
    if query.status == Upload.NO_UPLOAD:
        agencies = agencies.filter(~Exists(_result_of_year(query)))
    elif query.status == Upload.NO_PLAN:
        agencies = agencies.filter(~Exists(_plan_of_year(query)))
    return agencies


def results_of(agencies: QuerySet[Agency], query: Query) -> QuerySet[Result]:
    return Result.objects.filter(fiscal_year=_year(query), agency__in=agencies.values("pk"))


def count_rows(agencies: QuerySet[Agency], query: Query, levels: list[str]) -> Counts:
    """Agencies, uploads, plans and agencies per level among the filtered agencies."""
    per_level = dict(
        results_of(agencies, query)
        .order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    uploaded = sum(per_level.values())
    with_plan = ActionPlan.objects.filter(
        based_on_year=_year(query), agency__in=agencies.values("pk")
    ).count()
    ordered = [(label, per_level.pop(label, 0)) for label in levels]
    ordered += sorted(per_level.items())  # labels the framework does not name (older files)
    return Counts(
        agencies=agencies.count(),
        uploaded=uploaded,
        with_plan=with_plan,
        levels=[(label, n) for label, n in ordered if label],
    )


# ---------------------------------------------------------------------------------------------
# Sorting


def _level_rank(year: int | None, level_id: str = "level_id") -> Sortable | None:
    """Rank of a level in the year's framework (0 = best), or None for a year without one.

    A level needs every tool above a threshold too (docs/sources.md, "Levels"), so an agency rated
    ผ่าน with 94 ranks below one rated ผ่านดี with 86: levels do not sort like scores.
    """
    if year is None:
        return None
    try:
        levels = load_framework(year).levels
    except UnknownFiscalYear:
        return None
    whens = [When(**{level_id: lv.id}, then=Value(rank)) for rank, lv in enumerate(levels)]
    return Case(*whens, default=None, output_field=IntegerField())


def _direction(query: Query, expression: Sortable) -> OrderBy:
    """Missing values last either way. Levels go by rank, so "ascending" puts the worst first,
    as ascending scores do."""
    descending = not query.descending if query.sort == "level" else query.descending
    if descending:
        return expression.desc(nulls_last=True)
    return expression.asc(nulls_last=True)


def _present(annotation: str) -> Sortable:
    """False before True: "ascending" puts agencies without an upload (or plan) first."""
    missing = When(**{f"{annotation}__isnull": True}, then=Value(False))
    return Case(missing, default=Value(True), output_field=BooleanField())


def _progress_mean(**plan: Any) -> Subquery:
    """Mean percent done of a plan's measures (as progress_of: cancelled ones left out);
    ``plan`` filters the measures by their plan (``section__plan=…``)."""
    measures = (
        Measure.objects.filter(**plan)
        .exclude(status=Status.CANCELLED)
        .order_by()
        .values("section__plan")
        .annotate(mean=Avg("progress"))
        .values("mean")
    )
    return Subquery(measures[:1])


def _agency_key(query: Query) -> Sortable:
    """Sort key of a column the agency rows answer without reading result columns."""
    if query.sort in TEXT_FIELDS:
        return F(TEXT_FIELDS[query.sort])
    if query.sort == "uploaded":
        return Exists(_result_of_year(query))
    if query.sort == "plan":
        return Exists(_plan_of_year(query))
    if query.sort == "progress":
        return _progress_mean(
            section__plan__agency=OuterRef("pk"), section__plan__based_on_year=_year(query)
        )
    raise ValueError(f"not an agency column: {query.sort}")


def _result_key(query: Query) -> Sortable | None:
    """Sort key of a result column, on the year's Result rows (None: sort by name only)."""
    if query.sort == "level":
        rank = _level_rank(query.year)
        return F("level") if rank is None else rank
    if query.sort == "change":
        previous = Result.objects.filter(
            agency=OuterRef("agency"), fiscal_year=_year(query) - 1
        ).values("overall")[:1]
        return F("overall") - Subquery(previous)
    return F(query.sort)


def _ranked(agencies: QuerySet[Agency], query: Query) -> QuerySet[Result]:
    """The year's results of the agencies with a value in the sort column, as ``sort_key``."""
    ranked = results_of(agencies, query).annotate(sort_key=_result_key(query))
    return ranked.filter(sort_key__isnull=False)


def page_ids(agencies: QuerySet[Agency], query: Query, start: int, stop: int) -> list[int]:
    """Ids of the agencies on rows ``start``..``stop`` of the sorted table.

    A score is sorted on the result rows through the summary index; the agencies without one
    follow by name, as ``NULLS LAST`` and the name tie-breaker order them in the export.
    """
    if query.sort not in RESULT_SORTS:
        by_agency = agencies.order_by(_direction(query, _agency_key(query)), "sort_name", "pk")
        return list(by_agency.values_list("pk", flat=True)[start:stop])
    ranked = _ranked(agencies, query)
    have_value = ranked.count()
    ids: list[int] = []
    if start < have_value:
        by_value = ranked.order_by(
            _direction(query, F("sort_key")), "agency__sort_name", "agency_id"
        )
        ids += by_value.values_list("agency_id", flat=True)[start : min(stop, have_value)]
    if stop > have_value:
        rest = agencies.exclude(pk__in=ranked.values("agency_id")).order_by("sort_name", "pk")
        ids += rest.values_list("pk", flat=True)[max(0, start - have_value) : stop - have_value]
    return ids


# ---------------------------------------------------------------------------------------------
# Joined rows


def joined(agencies: QuerySet[Agency], query: Query) -> QuerySet[Any]:
    """Each agency with its result of the year, its result of the year before, and its plan
    (LEFT JOINs on unique keys: one row per agency)."""
    year = _year(query)
    return agencies.annotate(
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


def _joined_key(query: Query) -> Sortable:
    """The same sort keys as page_ids, on the joined rows (for the export)."""
    if query.sort in TEXT_FIELDS:
        return F(TEXT_FIELDS[query.sort])
    if query.sort == "level":
        rank = _level_rank(query.year)
        return F("level") if rank is None else rank
    if query.sort == "change":
        return F("overall") - F("previous")
    if query.sort == "uploaded":
        return _present("result_id")
    if query.sort == "plan":
        return _present("plan_id")
    if query.sort == "progress":
        return _progress_mean(section__plan=OuterRef("plan_id"))
    return F(query.sort)


def ordering(query: Query) -> list[OrderBy | str]:
    """ORDER BY of the joined rows: the column (missing last), then name and id."""
    return [_direction(query, _joined_key(query)), "sort_name", "pk"]


ROW_FIELDS = (
    "pk", "code", "name", "agency_type", "province", "district", "ministry", "overall", "level",
    "level_id", "iit", "eit", "oit", "previous", "result_id", "plan_id",
)  # fmt: skip


def page_rows(ids: list[int], query: Query) -> list[Row]:
    """The rows of these agencies, in the order of ``ids``, with their plans' progress."""
    if not ids:
        return []
    values = {
        v["pk"]: v for v in joined(Agency.objects.filter(pk__in=ids), query).values(*ROW_FIELDS)
    }
    plan_ids = [v["plan_id"] for v in values.values() if v["plan_id"] is not None]
    progress = progress_by_plan(ActionPlan.objects.filter(pk__in=plan_ids)) if plan_ids else {}
    return [row_of(values[pk], progress) for pk in ids if pk in values]


def progress_by_plan(plans: QuerySet[ActionPlan]) -> dict[int, Progress]:
    return {plan.pk: progress_of(plan) for plan in with_progress(plans.order_by())}


def row_of(values: dict[str, Any], progress: dict[int, Progress]) -> Row:
    plan_id = values["plan_id"]
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
        has_plan=plan_id is not None,
        progress=progress.get(plan_id) if plan_id is not None else None,
    )


def all_rows(agencies: QuerySet[Agency], query: Query) -> Iterable[Row]:
    """Every filtered agency's row in table order, streamed (for the export)."""
    progress = progress_by_plan(
        ActionPlan.objects.filter(based_on_year=_year(query), agency__in=agencies.values("pk"))
    )
    values = joined(agencies, query).order_by(*ordering(query)).values(*ROW_FIELDS)
    for v in values.iterator(chunk_size=2000):
        yield row_of(v, progress)
