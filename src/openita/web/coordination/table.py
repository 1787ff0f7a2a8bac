"""The coordinator's table: every agency in the coordinator's scope with its result of a year.

A provincial office or a ministry follows hundreds of agencies (8,317 nationally in FY2568,
docs/sources.md), so one page costs the same handful of queries whatever the number
of agencies (issue 6: p95 < 150 ms, bench/web.py); :mod:`.rows` explains how. Scores come from
the summary columns that ``save_result`` keeps on each result row; no result file is parsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openita.web.agencies.access import coordinated_agencies
from openita.web.agencies.models import Agency
from openita.web.coordination import rows as table_rows
from openita.web.coordination.query import (
    Choices,
    Query,
    choices_for,
    levels_of,
    parse_query,
    year_of,
)
from openita.web.coordination.rows import Counts, Row

PAGE_SIZE = 50
PAGE_WINDOW = 3  # page links shown either side of the current page


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


def resolve(user: Any, params: Mapping[str, str]) -> tuple[Query, Choices, QuerySet[Agency]]:
    """The query of the URL, the choices of the user's scope, and the filtered agencies."""
    scope = coordinated_agencies(user)
    choices = choices_for(scope)
    choices = replace(choices, levels=levels_of(year_of(params, choices), scope))
    query = parse_query(params, choices)
    return query, choices, table_rows.filtered_agencies(scope, query)


def build_table(user: Any, params: Mapping[str, str]) -> Table:
    """One page of the table with its counts and header links."""
    query, choices, agencies = resolve(user, params)
    counts = table_rows.count_rows(agencies, query, choices.levels)
    pages = max(1, -(-counts.agencies // PAGE_SIZE))
    if query.page > pages:
        query = query.on_page(pages)
    start = (query.page - 1) * PAGE_SIZE
    ids = table_rows.page_ids(agencies, query, start, start + PAGE_SIZE)
    return Table(
        query=query,
        choices=choices,
        counts=counts,
        rows=table_rows.page_rows(ids, query),
        pages=pages,
        headers=[_header(column, query) for column in COLUMNS],
    )


def _header(column: Column, query: Query) -> HeaderCell:
    is_sorted = column.key == query.sort
    return HeaderCell(
        column=column,
        sorted=is_sorted,
        descending=is_sorted and query.descending,
        next_dir="desc" if is_sorted and not query.descending else "asc",
    )


def all_rows(user: Any, params: Mapping[str, str]) -> tuple[Query, Iterable[Row]]:
    """Every row of the filtered table (all pages), sorted as on screen: for the export."""
    query, _choices, agencies = resolve(user, params)
    return query, table_rows.all_rows(agencies, query)
