"""A checked result file waiting for the user's confirmation, and the preview of it.

Between "check" and "confirm" the file stays on the server, in the user's session (base64,
name, sha256), never in a form: the confirm step posts only the digest of the file it
previewed, so what is saved is exactly what was checked and previewed, and a stale preview
(another file checked since, in another tab) cannot save the wrong file. One file waits per
session, tied to its agency, so it can never be confirmed into another agency. The confirm
step reads the bytes through :func:`~openita.web.assessments.services.read_upload` again
before saving (issue 6: nothing unchecked is saved).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from typing import Any

from openita.frameworks import load_framework
from openita.frameworks.model import Framework
from openita.scoring.consistency import Finding
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result
from openita.web.assessments.services import Upload

SESSION_KEY = "openita.pending_result"


@dataclass(frozen=True)
class PendingFile:
    agency_code: str
    name: str
    data: bytes
    sha256: str


def keep(session: Any, agency: Agency, name: str, data: bytes) -> PendingFile:
    """Remember a checked file (replacing any file that was waiting before)."""
    pending = PendingFile(agency.code, name, data, hashlib.sha256(data).hexdigest())
    session[SESSION_KEY] = {
        "agency": pending.agency_code,
        "name": pending.name,
        "data": base64.b64encode(data).decode("ascii"),
        "sha256": pending.sha256,
    }
    return pending


def waiting(session: Any, agency: Agency) -> PendingFile | None:
    """The file waiting for ``agency``; None when there is none or it does not check out."""
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict) or stored.get("agency") != agency.code:
        return None
    try:
        data = base64.b64decode(str(stored["data"]), validate=True)
    except (KeyError, binascii.Error, ValueError):
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest != stored.get("sha256"):
        return None
    return PendingFile(agency.code, str(stored.get("name", "result")), data, digest)


def forget(session: Any) -> None:
    session.pop(SESSION_KEY, None)


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
    framework = load_framework(year)
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
