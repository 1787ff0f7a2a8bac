"""The OIT website self-check: fetch every evidence link of an agency's OIT items and say, per
item, whether an assessor is likely to find what the item asks for.

For each link it records reachability (HTTP status, redirects), content type, size, the last
modification date, the fiscal years the page or document mentions (Buddhist era, Arabic or Thai
digits) and keyword hits for the item's criteria, then gives a verdict with reasons:
:class:`~openita.oitcheck.model.Verdict`. Reasons are data (a code and parameters,
:class:`~openita.oitcheck.model.Reason`), rendered in the reader's language by
:func:`~openita.oitcheck.reasons.describe`.

The checker is written to face the open internet: every connection is checked against the
address policy after DNS resolution (no private, loopback, link-local or metadata addresses
unless a setting allows loopback for tests, :mod:`openita.oitcheck.guard`), redirects are
followed by hand and checked hop by hop, bodies are read up to a byte limit, each link has a
deadline, and requests to one host are paced (:mod:`openita.oitcheck.fetch`). Documents are read
with bounded parsers (:mod:`openita.oitcheck.documents`).

Needs the ``oit`` extra (httpx, pypdf). docs/oitcheck.md describes the checks and the limits.
"""

from openita.oitcheck.model import CheckPolicy, ItemCheck, LinkCheck, Reason, Target, Verdict
from openita.oitcheck.run import check_items, check_items_sync

__all__ = [
    "CheckPolicy",
    "ItemCheck",
    "LinkCheck",
    "Reason",
    "Target",
    "Verdict",
    "check_items",
    "check_items_sync",
]
