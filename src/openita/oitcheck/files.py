"""An uploaded file judged like a fetched link: the same readers, year rule and keywords.

An agency may upload evidence instead of linking it (OIT workspace, docs/oit.md). The
self-check reads such a file with :func:`openita.oitcheck.documents.text_of` and judges it with
:func:`openita.oitcheck.verdict.judge`, so a PDF for the wrong year gets the same verdict
whether it is on the agency's website or uploaded. Nothing is fetched: the file's status is
"200", its type comes from its content and name, and it has no server date (the upload date
says nothing about the period the document covers, so the *outdated* rule never applies).
"""

from __future__ import annotations

import mimetypes

from openita.oitcheck.documents import Unreadable, text_of
from openita.oitcheck.fetch import Fetched
from openita.oitcheck.model import CheckPolicy, LinkCheck, Target, Verdict
from openita.oitcheck.verdict import answered, judge


def check_file(
    target: Target, name: str, body: bytes, policy: CheckPolicy | None = None
) -> LinkCheck:
    """The verdict on one uploaded file of ``target``'s item; ``name`` is shown as its link.

    ``body`` is read up to ``policy.max_bytes`` as a fetched body would be: a larger file is
    *unreadable* (too large), never parsed.
    """
    policy = policy or CheckPolicy()
    truncated = len(body) > policy.max_bytes
    fetched = Fetched(
        url=name,
        final_url=name,
        status=200,
        redirects=(),
        content_type=mimetypes.guess_type(name)[0],
        charset=None,
        declared_size=len(body),
        body=body[: policy.max_bytes],
        truncated=truncated,
        last_modified=None,
    )
    try:
        text = text_of(fetched, policy.max_pages)
    except Unreadable as unreadable:
        return answered(fetched, Verdict.UNREADABLE, (unreadable.reason,))
    return judge(target, fetched, text)
