"""What an OIT item's evidence must contain, and the words the self-check looks for.

The one place that answers "criteria for this item": the framework file's ``criteria`` and
``keywords`` (:class:`~openita.frameworks.schema.OitItemSpec`), replaced field by field by an
administrator's override where one exists (the web app's ``ItemGuidance``, passed in here as
plain :class:`Override` values so this module stays free of Django). The checklist page and
the website self-check both read :func:`guidance_of`; neither re-derives it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from openita.frameworks.model import Framework

GuidanceOrigin = Literal["framework", "override", "unknown"]


@dataclass(frozen=True)
class Override:
    """An administrator's criteria and keywords for one item; an empty field keeps the
    framework's value."""

    criteria: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    source: str = ""
    """Where the administrator's wording comes from (e.g. the NACC manual and its page)."""
    changed_by: str = ""
    changed_on: date | None = None


@dataclass(frozen=True)
class Guidance:
    item_id: str
    criteria: tuple[str, ...]
    criteria_source: str
    """``unknown`` when neither the framework nor an administrator gives criteria."""
    criteria_origin: GuidanceOrigin
    keywords: tuple[str, ...]
    """Never empty for an item with a title: the title itself when nothing else is known."""
    keywords_source: str
    override: Override | None = None
    """The administrator's override in effect, if any (who and when, for the page)."""

    @property
    def criteria_known(self) -> bool:
        return bool(self.criteria)


def split_lines(text: str) -> tuple[str, ...]:
    """An administrator's text as points: one per non-empty line, bullets and numbering
    stripped, duplicates dropped (first kept)."""
    points: list[str] = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("-•*·").strip()
        if line and line not in points:
            points.append(line)
    return tuple(points)


def split_keywords(text: str) -> tuple[str, ...]:
    """Keywords typed one per line or separated by commas."""
    words: list[str] = []
    for line in text.replace("،", ",").splitlines():
        for part in line.split(","):
            word = part.strip()
            if word and word not in words:
                words.append(word)
    return tuple(words)


def guidance_of(framework: Framework, item_id: str, override: Override | None = None) -> Guidance:
    """Criteria and keywords of ``item_id`` in ``framework``, with ``override`` applied.

    Raises :class:`KeyError` for an item the framework does not have.
    """
    item = framework.oit_items[item_id]
    if override is not None and override.criteria:
        criteria = override.criteria
        criteria_source = override.source or "administrator"
        origin: GuidanceOrigin = "override"
    elif item.criteria:
        criteria = tuple(item.criteria)
        criteria_source = item.criteria_source
        origin = "framework"
    else:
        criteria, criteria_source, origin = (), "unknown", "unknown"
    if override is not None and override.keywords:
        keywords = override.keywords
        keywords_source = override.source or "administrator"
    elif item.keywords:
        keywords = tuple(item.keywords)
        keywords_source = item.keywords_source or ""
    elif item.title_th:
        keywords = (item.title_th,)
        keywords_source = "the item's title"
    else:
        keywords, keywords_source = (), "unknown"
    used = override if override is not None and (override.criteria or override.keywords) else None
    return Guidance(item_id, criteria, criteria_source, origin, keywords, keywords_source, used)


def guidance_of_all(
    framework: Framework, overrides: Mapping[str, Override] | None = None
) -> dict[str, Guidance]:
    """:func:`guidance_of` for every item of ``framework`` (overrides keyed by item id)."""
    found = overrides or {}
    return {item: guidance_of(framework, item, found.get(item)) for item in framework.oit_items}
