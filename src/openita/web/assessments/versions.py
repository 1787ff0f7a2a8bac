"""The versions of an agency's result for a fiscal year: list, read, compare, restore.

Every save adds a version (:func:`openita.web.assessments.services.save_result`); the latest
version is the current result. Restoring never deletes or rewrites anything: the older
version's document is checked again with today's importer (nothing unchecked is saved) and
saved as a new version that says which one it copies. Every lookup is by agency *and* year,
so a version number never reaches another agency's results (tests/web/test_isolation.py).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from openita.analysis.versions import Side, VersionDiff, compare_versions
from openita.errors import InputError, Problem
from openita.frameworks import Framework
from openita.ingest.published import parse_published
from openita.web.agencies.models import Agency
from openita.web.assessments import services
from openita.web.assessments.models import Result, ResultVersion, VersionKind


class NoSuchVersion(LookupError):
    """The agency has no such version of that year's result."""


def versions_of(agency: Agency, year: int) -> list[ResultVersion]:
    """Newest first, without their files (the list page shows the summary columns)."""
    rows = ResultVersion.objects.filter(agency=agency, fiscal_year=year).defer("source")
    return list(rows.select_related("created_by").order_by("-number"))


def current_version(agency: Agency, year: int) -> ResultVersion | None:
    rows = ResultVersion.objects.filter(agency=agency, fiscal_year=year).defer("source")
    return rows.select_related("created_by").order_by("-number").first()


def get_version(agency: Agency, year: int, number: int) -> ResultVersion:
    found = (
        ResultVersion.objects.filter(agency=agency, fiscal_year=year, number=number)
        .select_related("created_by")
        .first()
    )
    if found is None:
        raise NoSuchVersion(number)
    return found


def _side(version: ResultVersion) -> tuple[Side, Framework | None]:
    """A version read back and scored (published figures only: read, not scored)."""
    from openita.scoring import score

    data, name = bytes(version.source), version.source_name
    if version.published_only:
        return Side(version.number, parse_published(data, name)), None
    loaded = services.read_stored(data, name, version.agency.kind)
    scores = score(loaded.framework, loaded.result)
    return Side(version.number, loaded.result, scores), loaded.framework


def compare(agency: Agency, year: int, old: int, new: int) -> VersionDiff:
    """Figure by figure, version ``old`` → version ``new``."""
    first, framework = _side(get_version(agency, year, old))
    second, newer = _side(get_version(agency, year, new))
    return compare_versions(newer or framework, first, second)


class AlreadyCurrent(ValueError):
    """The version asked to be restored is the current one: nothing to do."""


def restore(agency: Agency, year: int, number: int, user: Any = None) -> Result:
    """Save a copy of version ``number`` as the next (current) version.

    Raises :class:`NoSuchVersion`, :class:`AlreadyCurrent`, or :class:`InputError` when the
    old document no longer passes today's checks (the problems name the version).
    """
    version = get_version(agency, year, number)
    latest = current_version(agency, year)
    if latest is not None and latest.number == version.number:
        raise AlreadyCurrent(number)
    try:
        upload = services.read_upload(bytes(version.source), version.source_name, agency)
    except InputError as exc:
        note = _("version %(number)s cannot be restored as it is") % {"number": number}
        raise InputError([Problem(version.source_name, note), *exc.problems]) from None
    origin = services.Origin(VersionKind.RESTORE, based_on=version.number)
    return services.save_result(agency, upload, user, origin)


def _who(version: ResultVersion) -> str:
    user = version.created_by
    if user is None:
        return _("the system") if version.created_by_id is None else "—"
    return str(user.get_full_name() or user.get_username())


def describe(version: ResultVersion) -> str:
    """ "ฉบับที่ 3 อัปโหลดโดย สมชาย เมื่อ 2 ธ.ค. 2569 จากไฟล์ ผล-2568.xlsx": which version,
    where from, who and when (a Buddhist-era date, :mod:`openita.thaidate`)."""
    from django.utils import timezone

    from openita import thaidate

    when = thaidate.thai_date(timezone.localtime(version.created_at).date(), abbreviated=True)
    values = {
        "number": version.number,
        "who": _who(version),
        "when": when,
        "name": version.source_name,
        "based": version.based_on,
    }
    texts = {
        VersionKind.UPLOAD: _(
            "Version %(number)s, uploaded by %(who)s on %(when)s from the file %(name)s"
        ),
        VersionKind.API: _(
            "Version %(number)s, uploaded through the API by %(who)s on %(when)s "
            "from the file %(name)s"
        ),
        VersionKind.FORM: _("Version %(number)s, typed in the form by %(who)s on %(when)s"),
        VersionKind.FORM_MERGE: _(
            "Version %(number)s, typed in the form by %(who)s on %(when)s, keeping the "
            "questions and OIT items of version %(based)s"
        ),
        VersionKind.PASTE: _("Version %(number)s, a table pasted by %(who)s on %(when)s"),
        VersionKind.RESTORE: _(
            "Version %(number)s: version %(based)s restored by %(who)s on %(when)s"
        ),
    }
    return texts.get(VersionKind(version.kind), texts[VersionKind.UPLOAD]) % values
