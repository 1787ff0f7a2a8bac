"""Older years for the history charts, including years that have no framework file.

The report shows the overall score of every year given (issue 5: "e.g. 2564–2568"), but OpenITA
has frameworks only from FY2563 (docs/frameworks.md), and a file of an earlier year would be
scored with borrowed rules. For the charts only the *published* figures are needed, so such a
file is read with the same format readers (same file formats, same line-numbered errors) and
kept as published: fiscal year, agency, indicators and the official overall, level and tool
scores (:mod:`openita.ingest.published`, with the importer's own checks). Nothing is recomputed and
nothing of it reaches the tables or the analysis.
"""

from __future__ import annotations

from pathlib import Path

from openita.ingest import parse_result, read_result
from openita.ingest.published import has_framework, parse_published
from openita.scoring.model import AgencyResult

__all__ = ["has_framework", "parse_history", "parse_published", "published_result", "read_history"]


def published_result(path: Path) -> AgencyResult:
    """The published figures of a result file whose fiscal year has no framework."""
    return parse_published(path.read_bytes(), str(path))


def read_history(path: Path) -> AgencyResult:
    """A history file: read normally, or as published figures when its year has no framework."""
    try:
        data = path.read_bytes()
    except OSError:
        return read_result(path).result  # names the file and the reason
    return parse_history(data, str(path))


def parse_history(data: bytes, file: str) -> AgencyResult:
    """:func:`read_history` for the bytes of a file."""
    if not has_framework(data, file):
        return parse_published(data, file)
    return parse_result(data, file).result
