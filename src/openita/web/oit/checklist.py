"""The OIT checklist of an agency's fiscal year, read from the framework and the stored rows.

Items come from the framework of the year (:func:`openita.frameworks.loader.load_framework`,
with its fallback for years not yet published), grouped by indicator and sub-indicator; each
carries its links, its state and the latest self-check outcome. The projected OIT score is
:func:`openita.analysis.oit_projection.project_oit` on the items marked ready.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openita.analysis.oit_projection import OitProjection, project_oit
from openita.frameworks.loader import load_framework
from openita.frameworks.model import Framework
from openita.oitcheck.model import Reason, Verdict
from openita.oitcheck.reasons import describe, verdict_label
from openita.web.agencies.models import Agency
from openita.web.oit.models import CheckOutcome, CheckRun, EvidenceLink, ItemState


@dataclass(frozen=True)
class Found:
    """A page or document the crawl found that may be an item's evidence, worded."""

    url: str
    label: str
    reasons: list[str]


def _worded(reasons: list[dict[str, Any]]) -> list[str]:
    return [describe(Reason(r["code"], r.get("params", {}))) for r in reasons]


@dataclass
class Item:
    id: str
    title: str
    period_year: int
    """The fiscal year the evidence must cover (the year before for previous-year items)."""
    links: list[EvidenceLink] = field(default_factory=list)
    state: ItemState | None = None
    outcome: CheckOutcome | None = None

    @property
    def ready(self) -> bool:
        return bool(self.state and self.state.ready)

    @property
    def public(self) -> bool:
        return bool(self.state and self.state.public)

    @property
    def verdict(self) -> str | None:
        return self.outcome.verdict if self.outcome else None

    @property
    def verdict_text(self) -> str:
        return verdict_label(Verdict(self.outcome.verdict)) if self.outcome else ""

    @property
    def reasons(self) -> list[str]:
        if self.outcome is None:
            return []
        texts: list[str] = []
        for link in self.outcome.links:
            texts.extend(_worded(link["reasons"]))
        return texts

    @property
    def suggestions(self) -> list[Found]:
        """What the last run's crawl found for this item, while it has no link."""
        if self.outcome is None or self.links:
            return []
        return [
            Found(s["url"], str(s.get("label") or "")[:200], _worded(s.get("reasons", [])))
            for s in self.outcome.suggestions
        ]


@dataclass
class Group:
    id: str
    name: str
    items: list[Item]


@dataclass
class Checklist:
    agency: Agency
    framework: Framework
    groups: list[tuple[str, str, list[Group]]]
    """(indicator id, indicator name, sub-indicator groups)."""
    projection: OitProjection
    last_run: CheckRun | None

    @property
    def crawl_notes(self) -> list[str]:
        """Why the last run's crawl stopped early or was not made, worded."""
        if self.last_run is None:
            return []
        return _worded(self.last_run.crawl_report.get("notes", []))

    @property
    def items(self) -> list[Item]:
        return [item for _i, _n, groups in self.groups for g in groups for item in g.items]


def _number(item_id: str) -> int:
    return int(item_id[1:]) if item_id[1:].isdigit() else 0


def checklist(agency: Agency, fiscal_year: int, base: Any = None) -> Checklist:
    """The checklist; ``base`` is the year's stored result (an AgencyResult) if there is one."""
    framework = load_framework(fiscal_year)
    links: dict[str, list[EvidenceLink]] = {}
    for link in EvidenceLink.objects.filter(agency=agency, fiscal_year=fiscal_year):
        links.setdefault(link.item_id, []).append(link)
    states = {
        s.item_id: s for s in ItemState.objects.filter(agency=agency, fiscal_year=fiscal_year)
    }
    last_run = CheckRun.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    finished = CheckRun.objects.filter(
        agency=agency, fiscal_year=fiscal_year, status=CheckRun.Status.DONE
    ).first()
    outcomes = {o.item_id: o for o in finished.outcomes.all()} if finished is not None else {}
    groups: list[tuple[str, str, list[Group]]] = []
    for indicator in framework.indicators_of_tool.get("OIT", ()):
        subs: list[Group] = []
        for sub_id in framework.subs_of_indicator.get(indicator, ()):
            items = [
                Item(
                    id=item_id,
                    title=framework.oit_items[item_id].title_th or "",
                    period_year=fiscal_year
                    - (1 if framework.oit_items[item_id].period == "previous" else 0),
                    links=links.get(item_id, []),
                    state=states.get(item_id),
                    outcome=outcomes.get(item_id),
                )
                for item_id in sorted(framework.items_of_sub.get(sub_id, ()), key=_number)
            ]
            subs.append(Group(sub_id, framework.sub_indicators[sub_id].name_th, items))
        groups.append((indicator, framework.indicators[indicator].name_th, subs))
    ready = {item_id for item_id, state in states.items() if state.ready}
    return Checklist(
        agency=agency,
        framework=framework,
        groups=groups,
        projection=project_oit(framework, ready, base),
        last_run=last_run,
    )


def is_item(framework: Framework, item_id: str) -> bool:
    return item_id in framework.oit_items
