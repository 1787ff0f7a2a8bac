"""The what-if page: new scores for chosen item values, and the fewest fixes to the next level.

Both answers come from the analysis package, never from the page: the new indicator, tool
and overall scores and the level from :func:`openita.analysis.whatif.simulate` (which moves
the *published* figures, so an untouched result stays at 94.11), and the fixes from
:func:`openita.analysis.optimizer.optimise`, which adds to the values the user chose. The
target is the level just above the what-if's own, because that is the question a working
group asks next ("what would it take to reach ผ่านดีเยี่ยม?"); at the best level there is none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.forms import BoundField

from openita.analysis.contribution import scored_items
from openita.analysis.optimizer import Optimisation, Step, level_target, optimise
from openita.analysis.weaknesses import find_missing_items, find_weak_points
from openita.analysis.whatif import WhatIfError, WhatIfResult, simulate
from openita.frameworks import available_years, load_framework
from openita.frameworks.model import Framework
from openita.frameworks.schema import LevelSpec
from openita.scoring.model import AgencyResult
from openita.web.agencies.models import Agency
from openita.web.assessments.dashboard import WeakLine, weak_lines
from openita.web.assessments.forms import WhatIfForm
from openita.web.assessments.models import Result
from openita.web.assessments.services import load_result


class NotSimulable(LookupError):
    """No stored result with a framework for that year: nothing to simulate."""


@dataclass(frozen=True)
class Moved:
    """One figure before and after the what-if (an indicator, a tool or the overall)."""

    id: str
    name_th: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass
class WhatIfPage:
    agency: Agency
    row: Result
    framework: Framework
    form: WhatIfForm
    weak_points: list[WeakLine]
    base: WhatIfResult
    figures: WhatIfResult
    settings: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    next_level: LevelSpec | None = None
    fixes: Optimisation | None = None
    missing: list[str] = field(default_factory=list)
    #: The file scores at least one question or OIT item (else nothing is "at full marks").
    items_scored: bool = False

    @property
    def fiscal_year(self) -> int:
        return self.row.fiscal_year

    @property
    def inputs(self) -> list[tuple[WeakLine, BoundField]]:
        """Each weak point with its form field (the template cannot look up ``e6.1``)."""
        return [(line, self.form[line.key]) for line in self.weak_points]

    @property
    def fix_list(self) -> list[Fix]:
        if self.fixes is None:
            return []
        return [Fix(s, self.framework.title_of(s.key.partition(".")[0])) for s in self.fixes.steps]

    @property
    def fix_query(self) -> str:
        """The query string of the what-if with the optimiser's fixes applied."""
        fixes = self.fixes.settings if self.fixes is not None else {}
        return urlencode({k: f"{v:g}" for k, v in {**self.settings, **fixes}.items()})

    @property
    def overall(self) -> Moved:
        return Moved("overall", "", self.base.overall, self.figures.overall)

    @property
    def tools(self) -> list[Moved]:
        return [
            Moved(t, spec.name_th, self.base.tools[t], self.figures.tools[t])
            for t, spec in self.framework.tools.items()
            if t in self.base.tools
        ]

    @property
    def indicators(self) -> list[Moved]:
        return [
            Moved(i, spec.name_th, self.base.indicators[i], self.figures.indicators[i])
            for i, spec in self.framework.indicators.items()
            if i in self.base.indicators
        ]


@dataclass(frozen=True)
class Fix:
    """One step of the optimiser's answer, with the item's Thai title for the page."""

    step: Step
    title_th: str | None


def level_above(framework: Framework, level_id: str) -> LevelSpec | None:
    """The next better level (the framework lists levels best first)."""
    ids = [lv.id for lv in framework.levels]
    rank = ids.index(level_id)
    return framework.levels[rank - 1] if rank > 0 else None


def what_if(agency: Agency, year: int, query: Mapping[str, Any] | None) -> WhatIfPage:
    """The page for ``agency``'s ``year`` with the values in ``query`` (a GET query or None)."""
    row = Result.objects.filter(agency=agency, fiscal_year=year, published_only=False).first()
    if row is None or year not in available_years():
        raise NotSimulable(year)
    framework = load_framework(year, agency.kind)
    result = load_result(row)
    points = weak_lines(framework, find_weak_points(framework, result))
    form = WhatIfForm(framework, points, data=_with_current_scores(points, query))
    base = simulate(framework, result)
    page = WhatIfPage(
        agency=agency,
        row=row,
        framework=framework,
        form=form,
        weak_points=points,
        base=base,
        figures=base,
        missing=[m.id for m in find_missing_items(framework, result)],
        items_scored=bool(scored_items(framework, result)),
    )
    if form.is_bound:
        form.is_valid()  # errors are shown; the valid values are still simulated
        page.settings, page.errors = _usable(framework, result, form.settings())
        page.figures = simulate(framework, result, page.settings)
    _plan_next_level(page, framework, result)
    return page


def _with_current_scores(
    points: list[WeakLine], query: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The query with every weak point not in it at its current score (as the form shows it).

    A link such as ``?O7=100`` names one item; the other fields should still show where they
    stand, not come back empty.
    """
    if not query:
        return None
    given = {key: query.get(key) for key in query}
    return {**{line.key: f"{line.point.score:g}" for line in points}, **given}


def _usable(
    framework: Framework, result: AgencyResult, settings: dict[str, float]
) -> tuple[dict[str, float], list[str]]:
    """The settings the what-if can apply, and why it cannot apply the others.

    While someone types, one value the analysis refuses (an item without a score in the
    file, such as O2 in the seed) should not blank the figures of all the others, so a
    refused set is retried one setting at a time and the refused ones are left out.
    """
    try:
        simulate(framework, result, settings)
    except WhatIfError:
        pass
    else:
        return settings, []
    usable: dict[str, float] = {}
    errors: list[str] = []
    for key, value in settings.items():
        try:
            simulate(framework, result, {**usable, key: value})
        except WhatIfError as exc:
            errors.extend(exc.messages)
        else:
            usable[key] = value
    return usable, errors


def _plan_next_level(page: WhatIfPage, framework: Framework, result: AgencyResult) -> None:
    page.next_level = level_above(framework, page.figures.level_id)
    if page.next_level is not None:
        page.fixes = optimise(
            framework, result, level_target(page.next_level), settings=page.settings
        )
