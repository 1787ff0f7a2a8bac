"""Published averages to compare an agency with (``openita report --averages FILE``).

A small YAML mapping, label → overall average, e.g.::

    national: 93.82        # NACC, FY2568 (Matichon, 18 Aug 2025; docs/sources.md)
    province: 95.10
    agency_type: 96.02
    "ค่าเฉลี่ยอำเภอบ้านผือ": 95.40

The three known keys get their Thai labels; any other key is used as the label itself. Values
are checked (a number from 0 to 100) and errors name the line, like every input file.
"""

from __future__ import annotations

from pathlib import Path

from openita.errors import InputError, Problem
from openita.message import Message
from openita.reports.model import PeerAverage
from openita.yamldoc import load_yaml

LABELS = {
    "national": "ค่าเฉลี่ยระดับประเทศ",
    "province": "ค่าเฉลี่ยของจังหวัด",
    "agency_type": "ค่าเฉลี่ยของหน่วยงานประเภทเดียวกัน",
}


def parse_peers(text: str, file: str) -> list[PeerAverage]:
    doc = load_yaml(text, file)
    if not isinstance(doc.data, dict) or not doc.data:
        message = Message("expected a mapping of label: average score")
        raise InputError([Problem(file, message, line=1)])
    problems: list[Problem] = []
    peers: list[PeerAverage] = []
    for key, value in doc.data.items():
        label = LABELS.get(str(key), str(key)).strip()
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(
                doc.problem((key,), Message("{value} is not a number", value=repr(value)))
            )
        elif not 0 <= value <= 100:
            problems.append(doc.problem((key,), Message("{value} is outside 0–100", value=value)))
        elif not label:
            problems.append(doc.problem((key,), Message("the label is empty")))
        else:
            peers.append(PeerAverage(label, float(value)))
    if problems:
        raise InputError(problems)
    return peers


def load_peers(path: Path) -> list[PeerAverage]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = Message("cannot read the file: {reason}", reason=exc)
        raise InputError([Problem(str(path), message)]) from None
    return parse_peers(text, str(path))
