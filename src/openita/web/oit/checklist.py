"""The OIT checklist of an agency's fiscal year, read from the framework and the stored rows.

Items come from the framework of the year (:func:`openita.frameworks.loader.load_framework`,
with its fallback for years not yet published), grouped by indicator and sub-indicator; each
carries its links, its state and the latest self-check outcome. The projected OIT score is
:func:`openita.analysis.oit_projection.project_oit` on the items marked ready.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from openita.analysis.oit_projection import OitProjection, project_oit
from openita.frameworks.guidance import Guidance
from openita.frameworks.loader import load_framework
from openita.frameworks.model import Framework
from openita.oitcheck.model import Reason, Verdict
from openita.oitcheck.reasons import describe, verdict_label
from openita.web.agencies.models import Agency
from openita.web.oit import documents
from openita.web.oit.guidance import guidance_for
from openita.web.oit.models import (
    CheckOutcome,
    CheckRun,
    DocumentEvidence,
    EvidenceFile,
    EvidenceLink,
    ItemState,
)


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
    files: list[EvidenceFile] = field(default_factory=list)
    document: DocumentEvidence | None = None
    """The OpenITA document attached to the item, if any."""
    offer: documents.Offer | None = None
    """The OpenITA document the item may take (:mod:`openita.web.oit.documents`)."""
    state: ItemState | None = None
    outcome: CheckOutcome | None = None
    checked_at: datetime | None = None
    """When the run of :attr:`outcome` finished."""
    guidance: Guidance | None = None
    """What the evidence must contain (:func:`openita.web.oit.guidance.guidance_for`)."""

    @property
    def has_evidence(self) -> bool:
        return bool(self.links or self.files or self.document)

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
        return reasons_of(self.outcome) if self.outcome is not None else []

    @property
    def suggestions(self) -> list[Found]:
        """What the last run's crawl found for this item, while it has no evidence."""
        if self.outcome is None or self.has_evidence:
            return []
        return [
            Found(s["url"], str(s.get("label") or "")[:200], _worded(s.get("reasons", [])))
            for s in self.outcome.suggestions
        ]


def reasons_of(outcome: CheckOutcome) -> list[str]:
    """Every reason of the outcome's links, worded in the reader's language."""
    texts: list[str] = []
    for link in outcome.links:
        texts.extend(describe(Reason(r["code"], r.get("params", {}))) for r in link["reasons"])
    return texts


@dataclass(frozen=True)
class Checked:
    """One run's outcome for one item, as its history page shows it."""

    when: datetime | None
    verdict: str
    verdict_text: str
    links: list[tuple[str, str, list[str]]]
    """(what was checked: the link or file name, its verdict text, its reasons)."""
    requested_by: str

    @classmethod
    def of(cls, outcome: CheckOutcome) -> Checked:
        links = [
            (
                str(link.get("url", "")),
                verdict_label(Verdict(link["verdict"])),
                [describe(Reason(r["code"], r.get("params", {}))) for r in link["reasons"]],
            )
            for link in outcome.links
        ]
        user = outcome.run.requested_by
        return cls(
            when=outcome.run.finished_at or outcome.run.requested_at,
            verdict=outcome.verdict,
            verdict_text=verdict_label(Verdict(outcome.verdict)),
            links=links,
            requested_by=(user.get_full_name() or user.get_username()) if user else "",
        )


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

    @cached_property
    def criteria_known(self) -> bool:
        """Whether any item of the year has NACC's detailed criteria: without any, the page
        says so once instead of under each of its items."""
        return any(item.guidance is not None and item.guidance.criteria for item in self.items)


def _number(item_id: str) -> int:
    return int(item_id[1:]) if item_id[1:].isdigit() else 0


def checklist(agency: Agency, fiscal_year: int, base: Any = None) -> Checklist:
    """The checklist; ``base`` is the year's stored result (an AgencyResult) if there is one."""
    framework = load_framework(fiscal_year, agency.kind)
    links: dict[str, list[EvidenceLink]] = {}
    for link in EvidenceLink.objects.filter(agency=agency, fiscal_year=fiscal_year):
        links.setdefault(link.item_id, []).append(link)
    files: dict[str, list[EvidenceFile]] = {}
    for upload in EvidenceFile.objects.filter(agency=agency, fiscal_year=fiscal_year):
        files.setdefault(upload.item_id, []).append(upload)
    rows = DocumentEvidence.objects.filter(agency=agency, fiscal_year=fiscal_year)
    attached = {row.item_id: row for row in rows}
    states = {
        s.item_id: s for s in ItemState.objects.filter(agency=agency, fiscal_year=fiscal_year)
    }
    last_run = CheckRun.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    finished = CheckRun.objects.filter(
        agency=agency, fiscal_year=fiscal_year, status=CheckRun.Status.DONE
    ).first()
    outcomes = {o.item_id: o for o in finished.outcomes.all()} if finished is not None else {}
    guidance = guidance_for(framework)
    groups: list[tuple[str, str, list[Group]]] = []
    for indicator in framework.indicators_of_tool.get("OIT", ()):
        subs: list[Group] = []
        for sub_id in framework.subs_of_indicator.get(indicator, ()):
            items = []
            for item_id in sorted(framework.items_of_sub.get(sub_id, ()), key=_number):
                title = framework.oit_items[item_id].title_th or ""
                period_year = period_of(framework, item_id)
                items.append(
                    Item(
                        id=item_id,
                        title=title,
                        period_year=period_year,
                        links=links.get(item_id, []),
                        files=files.get(item_id, []),
                        document=attached.get(item_id),
                        offer=documents.offer(agency, title, period_year),
                        state=states.get(item_id),
                        outcome=outcomes.get(item_id),
                        checked_at=finished.finished_at if finished is not None else None,
                        guidance=guidance.get(item_id),
                    )
                )
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


def period_of(framework: Framework, item_id: str) -> int:
    """The fiscal year an item's evidence must cover: the year before for previous-year items."""
    previous = framework.oit_items[item_id].period == "previous"
    return framework.fiscal_year - (1 if previous else 0)
