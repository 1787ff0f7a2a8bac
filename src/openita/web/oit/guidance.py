"""Criteria and keywords of the OIT items as the web app shows and checks them.

The framework's data with the administrators' :class:`~openita.web.oit.models.ItemGuidance`
laid over it, resolved by :func:`openita.frameworks.guidance.guidance_of` (one rule, used by
the checklist page and the self-check task alike).
"""

from __future__ import annotations

from django.utils import timezone

from openita.frameworks.guidance import (
    Guidance,
    Override,
    guidance_of_all,
    split_keywords,
    split_lines,
)
from openita.frameworks.model import Framework
from openita.web.oit.models import ItemGuidance


def override_of(row: ItemGuidance) -> Override:
    who = ""
    if row.updated_by is not None:
        who = row.updated_by.get_full_name() or row.updated_by.get_username()
    return Override(
        criteria=split_lines(row.criteria),
        keywords=split_keywords(row.keywords),
        source=row.criteria_source.strip(),
        changed_by=who,
        changed_on=timezone.localdate(row.updated_at) if row.updated_at else None,
    )


def overrides_for(framework: Framework) -> dict[str, Override]:
    """The administrators' overrides for the framework's fiscal year and agency kind."""
    rows = ItemGuidance.objects.filter(
        fiscal_year=framework.fiscal_year, kind=framework.agency_kind
    ).select_related("updated_by")
    return {row.item_id: override_of(row) for row in rows if row.item_id in framework.oit_items}


def guidance_for(framework: Framework) -> dict[str, Guidance]:
    """Every item's criteria and keywords for the framework's year and kind."""
    return guidance_of_all(framework, overrides_for(framework))
