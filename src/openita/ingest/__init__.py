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
#: A pasted table (:mod:`openita.ingest.paste`): read too, though not offered as a file type.
PASTE_SUFFIX = ".txt"


def parse_result(data: bytes, file: str) -> LoadedResult:
    """Parse the bytes of a result file; ``file`` names it (its extension picks the reader)."""
    suffix = Path(file).suffix.lower()
    if suffix == ".json":
        return build_result(file, read_json(data, file))
    if suffix == ".csv":
        return build_result(file, read_csv(data, file))
    if suffix == ".xlsx":
        return build_result(file, read_xlsx(data, file), line_label="row")
    if suffix == PASTE_SUFFIX:
        from openita.ingest.paste import read_paste

        return build_result(file, read_paste(data, file))
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


def read_result(path: Path | str) -> LoadedResult:
    path = Path(path)
    kind = limits.result_kind(path.name)
    if kind is not None:
        limits.check_file(path, kind)
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = _("cannot read the file: {reason}").format(reason=exc.strerror)
        raise InputError([Problem(str(path), message)]) from None
    return parse_result(data, str(path))


def usable_result(data: bytes, file: str) -> LoadedResult | AgencyResult:
    """A file checked to be stored: its :class:`LoadedResult`, or the published figures of a
    year without framework; every problem of the file, blocking findings included, raises
    one :class:`InputError`."""
    from openita.ingest.published import has_framework, parse_published

    if not has_framework(data, file):
        # a complete file of a year without a framework file is scored with the nearest
        # year's rules (framework_fallback finding, docs/frameworks.md); anything else is
        # kept as published figures
        try:
            borrowed = parse_result(data, file)
        except InputError:
            return parse_published(data, file)
        return parse_published(data, file) if borrowed.blocking else borrowed
    loaded = parse_result(data, file)
    if loaded.blocking:
        raise InputError([as_problem(file, f) for f in loaded.blocking])
    return loaded


__all__ = ["InputError", "LoadedResult", "parse_result", "read_result", "usable_result"]
