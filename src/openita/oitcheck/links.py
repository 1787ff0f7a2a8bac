"""The evidence links of an agency's OIT items, from a CSV file, as self-check targets.

The file has a header row and one link per row: ``item,url`` (Thai headers ``ข้อ,ลิงก์`` are
read too); an item may have several rows. Item ids are read as a clerk writes them: ``O12``,
``o12``, ``ข้อ O12``. Every item of the framework becomes a target, so an item without a link
is reported as missing instead of being forgotten.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

from openita import limits
from openita.errors import InputError, Problem
from openita.frameworks.guidance import Override, guidance_of_all
from openita.frameworks.model import Framework
from openita.message import Message
from openita.oitcheck.model import Target

_ITEM = re.compile(r"^(?:ข้อ\s*)?[oO]\s*(\d{1,3})$")
_HEADERS = {
    "item": "item",
    "ข้อ": "item",
    "id": "item",
    "url": "url",
    "link": "url",
    "ลิงก์": "url",
    "ลิงค์": "url",
}


def item_id(text: str) -> str | None:
    match = _ITEM.match(text.strip())
    return f"O{int(match.group(1))}" if match else None


def parse_links(text: str, file: str) -> dict[str, list[str]]:
    """Item id → links, in file order; all problems of the file in one :class:`InputError`."""
    limits.check_size(len(text.encode("utf-8")), "links.csv", file)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if len(rows) > limits.MAX_ROWS:
        raise limits.too_many_rows(file, "line")
    if not rows:
        raise InputError([Problem(file, Message("the file is empty"), code="empty")])
    header = [_HEADERS.get(cell.strip().lower(), "") for cell in rows[0]]
    if "item" not in header or "url" not in header:
        message = Message("the first line must name the columns item and url (or ข้อ and ลิงก์)")
        raise InputError([Problem(file, message, line=1, code="no_header")])
    at_item, at_url = header.index("item"), header.index("url")
    links: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        limits.check_row(row, number, file)
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        raw_item, url = cells[at_item].strip(), cells[at_url].strip()
        found = item_id(raw_item)
        if found is None:
            message = Message("{value!r} is not an OIT item id such as O12", value=raw_item)
            problems.append(Problem(file, message, line=number, field="item", code="not_an_item"))
            continue
        if not url:
            message = Message("the link is empty")
            problems.append(Problem(file, message, line=number, field="url", code="empty_link"))
            continue
        if url not in links.setdefault(found, []):
            links[found].append(url)
    if problems:
        raise InputError(problems)
    return links


def targets(
    framework: Framework,
    links: dict[str, list[str]],
    file: str = "<links>",
    overrides: Mapping[str, Override] | None = None,
) -> list[Target]:
    """One target per OIT item of the framework, with the fiscal year its evidence covers and
    the keywords of :func:`openita.frameworks.guidance.guidance_of` (framework data, replaced
    by an administrator's ``overrides`` keyed by item id)."""
    unknown = sorted(set(links) - set(framework.oit_items), key=lambda i: int(i[1:]))
    if unknown:
        message = Message(
            "{items} are not OIT items of fiscal year {year}",
            items=", ".join(unknown),
            year=framework.fiscal_year,
        )
        raise InputError([Problem(file, message, field="item", code="unknown_item")])
    guidance = guidance_of_all(framework, overrides)
    result = []
    for item in sorted(framework.oit_items.values(), key=lambda i: int(i.id[1:])):
        year = framework.fiscal_year - (1 if item.period == "previous" else 0)
        title = item.title_th or ""
        result.append(
            Target(
                item_id=item.id,
                urls=tuple(links.get(item.id, ())),
                fiscal_year=year,
                title=title,
                keywords=guidance[item.id].keywords,
            )
        )
    return result
