"""A checked result file waiting for the user's confirmation, and the preview of it.

Between "check" and "confirm" the file stays on the server as a file of its own in
``PENDING_UPLOADS_DIR`` (a private directory of the data directory: 0700, each file 0600),
never in a form and never in the session: the session keeps only the file's random id, its
name, agency, sha256 and expiry time. The confirm step posts only the digest of the file it
previewed, so what is saved is exactly what was checked and previewed, and a stale preview
(another file checked since, in another tab) cannot save the wrong file. One file waits per
session, tied to its agency, so it can never be confirmed into another agency. The confirm
step reads the bytes through :func:`~openita.web.assessments.services.read_upload` again
before saving (issue 6: nothing unchecked is saved).

A waiting file expires after :data:`PENDING_TTL_SECONDS`; expired files are removed whenever a
file is kept or looked up, and by ``openita manage clean_uploads`` (docs/production.md).
Confirming an expired file says so (:class:`PendingExpired`) instead of saving anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from openita.frameworks import load_framework
from openita.frameworks.model import Framework
from openita.scoring.consistency import Finding
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result
from openita.web.assessments.services import Upload

SESSION_KEY = "openita.pending_result"
#: How long a checked file waits for its confirmation.
PENDING_TTL_SECONDS = 60 * 60
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_SUFFIX = ".upload"


class PendingExpired(Exception):
    """The file waited longer than :data:`PENDING_TTL_SECONDS` and was removed."""


@dataclass(frozen=True)
class PendingFile:
    agency_code: str
    name: str
    data: bytes
    sha256: str


def directory() -> Path:
    """The private directory of waiting files, made 0700 on first use."""
    path = Path(settings.PENDING_UPLOADS_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _path(ident: str) -> Path | None:
    return directory() / f"{ident}{_SUFFIX}" if _ID.match(ident) else None


def clean(now: float | None = None) -> int:
    """Remove every waiting file older than the expiry; returns how many were removed."""
    limit = (time.time() if now is None else now) - PENDING_TTL_SECONDS
    removed = 0
    for path in directory().glob(f"*{_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
    return removed


def _remove(stored: object) -> None:
    if isinstance(stored, dict) and (path := _path(str(stored.get("id", "")))) is not None:
        path.unlink(missing_ok=True)


def keep(session: Any, agency: Agency, name: str, data: bytes) -> PendingFile:
    """Remember a checked file (replacing any file that was waiting before)."""
    clean()
    _remove(session.get(SESSION_KEY))
    pending = PendingFile(agency.code, name, data, hashlib.sha256(data).hexdigest())
    ident = secrets.token_urlsafe(24)
    path = _path(ident)
    assert path is not None  # token_urlsafe gives the characters _ID accepts
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    session[SESSION_KEY] = {
        "id": ident,
        "agency": pending.agency_code,
        "name": pending.name,
        "sha256": pending.sha256,
        "expires": time.time() + PENDING_TTL_SECONDS,
    }
    return pending


def waiting(session: Any, agency: Agency) -> PendingFile | None:
    """The file waiting for ``agency``; None when there is none or it does not check out.

    Raises :class:`PendingExpired` (and forgets the file) when it waited too long.
    """
    clean()
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict) or stored.get("agency") != agency.code:
        return None
    path = _path(str(stored.get("id", "")))
    if path is None:
        return None
    expires = stored.get("expires")
    if not isinstance(expires, int | float) or expires < time.time() or not path.exists():
        forget(session)
        raise PendingExpired
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest != stored.get("sha256"):
        return None
    return PendingFile(agency.code, str(stored.get("name", "result")), data, digest)


def forget(session: Any) -> None:
    _remove(session.pop(SESSION_KEY, None))


@dataclass(frozen=True)
class Line:
    id: str
    name_th: str
    value: float | None
    tool: str = ""


@dataclass
class Preview:
    """What the user checks before saving: the figures, the findings and what is replaced."""

    pending: PendingFile
    upload: Upload
    replaces: Result | None
    framework: Framework | None
    overall: float | None
    level: str
    level_id: str = ""
    tools: list[Line] = field(default_factory=list)
    indicators: list[Line] = field(default_factory=list)

    @property
    def fiscal_year(self) -> int:
        return self.upload.result.fiscal_year

    @property
    def findings(self) -> list[Finding]:
        return self.upload.findings

    @property
    def warnings(self) -> list[str]:
        return self.upload.warnings


def preview(agency: Agency, pending: PendingFile, upload: Upload) -> Preview:
    """The preview of a checked file for ``agency``: scored figures, or published ones only."""
    year = upload.result.fiscal_year
    replaces = (
        Result.objects.filter(agency=agency, fiscal_year=year)
        .only("fiscal_year", "overall", "level", "source_name", "uploaded_at")
        .first()
    )
    scores = upload.scores
    if scores is None:
        result = upload.result
        return Preview(
            pending,
            upload,
            replaces,
            None,
            result.official_overall,
            result.official_level or "",
            tools=[Line(t, "", v) for t, v in result.official_tools.items()],
            indicators=[Line(i, "", v) for i, v in result.indicators.items()],
        )
    framework = load_framework(year, upload.result.agency.kind)
    return Preview(
        pending,
        upload,
        replaces,
        framework,
        scores.overall,
        scores.level,
        level_id=scores.level_id,
        tools=[Line(t, spec.name_th, scores.tools.get(t)) for t, spec in framework.tools.items()],
        indicators=[
            Line(i, spec.name_th, scores.indicators.get(i), spec.tool)
            for i, spec in framework.indicators.items()
        ],
    )
