"""Read agency results from JSON, CSV or XLSX into checked values (docs/formats.md).

``read_result(path)`` is the one entry point: it picks the reader by file extension, checks
everything (first the limits of :mod:`openita.limits`, before anything is parsed), and
either returns a :class:`LoadedResult` (with findings) or raises
:class:`~openita.errors.InputError` naming file, line/row and field. Nothing is written.

``usable_result(data, file)`` is the stricter check of anything that will be stored (the web
upload page and the API): a file of a year without framework is read as published figures,
and blocking findings are input problems too. Both share every rule (docs/formats.md).
"""

from __future__ import annotations

from pathlib import Path

from openita import limits
from openita.errors import InputError, Problem
from openita.i18n import _
from openita.ingest.entries import LoadedResult, as_problem, build_result
from openita.ingest.jsonfile import read_json
from openita.ingest.table import read_csv, read_xlsx
from openita.scoring.model import AgencyResult

SUFFIXES = (".json", ".csv", ".xlsx")


def parse_result(data: bytes, file: str, agency_kind: str | None = None) -> LoadedResult:
    """Parse the bytes of a result file; ``file`` names it (its extension picks the reader).

    ``agency_kind``: the kind the caller knows the agency to be; it wins over the file's
    ``agency_kind`` (with a warning when they differ), see docs/formats.md.
    """
    suffix = Path(file).suffix.lower()
    if suffix == ".json":
        return build_result(file, read_json(data, file), agency_kind=agency_kind)
    if suffix == ".csv":
        return build_result(file, read_csv(data, file), agency_kind=agency_kind)
    if suffix == ".xlsx":
        return build_result(file, read_xlsx(data, file), "row", agency_kind)
    raise InputError(
        [
            Problem(
                file,
                _("unknown file type {suffix}; use {suffixes}").format(
                    suffix=repr(suffix or "(none)"), suffixes=", ".join(SUFFIXES)
                ),
            )
        ]
    )


def read_result(path: Path | str, agency_kind: str | None = None) -> LoadedResult:
    path = Path(path)
    kind = limits.result_kind(path.name)
    if kind is not None:
        limits.check_file(path, kind)
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = _("cannot read the file: {reason}").format(reason=exc.strerror)
        raise InputError([Problem(str(path), message)]) from None
    return parse_result(data, str(path), agency_kind)


def usable_result(
    data: bytes, file: str, agency_kind: str | None = None
) -> LoadedResult | AgencyResult:
    """A file checked to be stored: its :class:`LoadedResult`, or the published figures of a
    year without framework; every problem of the file, blocking findings included, raises
    one :class:`InputError`."""
    from openita.ingest.published import keeps_published, parse_published

    if keeps_published(data, file):
        # a complete file of a year without a framework file is scored with the nearest
        # year's rules (framework_fallback finding, docs/frameworks.md), of a year without
        # questions (2563–2566) with its own; anything else is kept as published figures
        try:
            borrowed = parse_result(data, file, agency_kind)
        except InputError:
            return parse_published(data, file)
        return parse_published(data, file) if borrowed.blocking else borrowed
    loaded = parse_result(data, file, agency_kind)
    if loaded.blocking:
        raise InputError([as_problem(file, f) for f in loaded.blocking])
    return loaded


__all__ = ["InputError", "LoadedResult", "parse_result", "read_result", "usable_result"]
