"""What changed between two versions of one agency's result for one fiscal year.

Two versions of the same year are compared figure by figure: the overall score and level as
the engine scores them (the official overall when the file gives one, docs/scoring.md), each
tool, each indicator, each IIT/EIT question (an EIT question answered in parts: each part)
and each OIT item as reported, and the official figures as published by NACC. A figure is
*changed* (old → new), *added* (only in the newer version), *removed* (only in the older) or
the same. Pure: the web app reads and scores both files and passes the values in.

A version of published figures only (a year without a framework file) has no scores: its
overall, level, tools and indicators are the published ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from openita.frameworks import Framework
from openita.scoring.model import AgencyResult, Scores

Section = Literal["overall", "tool", "indicator", "question", "oit", "official"]
Status = Literal["changed", "added", "removed", "same"]
SECTIONS: tuple[Section, ...] = ("overall", "tool", "indicator", "question", "oit", "official")
Value = float | str | None


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One figure in both versions (None: the version has no such figure)."""

    section: Section
    id: str
    label: str
    old: Value
    new: Value
    part: int | None = None

    @property
    def status(self) -> Status:
        if self.old is None and self.new is None:
            return "same"
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if isinstance(self.old, float) and isinstance(self.new, float):
            return "same" if round(self.old, 4) == round(self.new, 4) else "changed"
        return "same" if self.old == self.new else "changed"

    @property
    def numeric(self) -> bool:
        return isinstance(self.old, float) or isinstance(self.new, float)

    @property
    def points(self) -> float | None:
        """new − old for two numbers, else None."""
        if isinstance(self.old, float) and isinstance(self.new, float):
            return round(self.new - self.old, 4)
        return None


@dataclass(frozen=True)
class VersionDiff:
    old_number: int
    new_number: int
    lines: tuple[DiffLine, ...]

    @property
    def changes(self) -> list[DiffLine]:
        return [line for line in self.lines if line.status != "same"]

    def section(self, name: Section, changed_only: bool = True) -> list[DiffLine]:
        return [
            line
            for line in self.lines
            if line.section == name and (not changed_only or line.status != "same")
        ]

    def counts(self) -> dict[Status, int]:
        counted: dict[Status, int] = {"changed": 0, "added": 0, "removed": 0, "same": 0}
        for line in self.lines:
            counted[line.status] += 1
        return counted


@dataclass(frozen=True)
class Side:
    """One version as compared: its number, what it reports and (if scorable) its scores."""

    number: int
    result: AgencyResult
    scores: Scores | None = None


def _figure(value: float | None) -> float | None:
    return None if value is None else float(value)


def _headline(side: Side) -> tuple[Value, Value, Mapping[str, float], Mapping[str, float]]:
    if side.scores is None:
        r = side.result
        return r.official_overall, r.official_level, r.official_tools, r.indicators
    s = side.scores
    return s.overall, s.level, s.tools, s.indicators


def _ordered(known: Iterable[str], *present: Iterable[str]) -> list[str]:
    """The framework's order first, then ids only the files have (sorted naturally)."""
    order = list(known)
    extra = sorted({i for ids in present for i in ids} - set(order), key=_natural)
    return [i for i in order if any(i in ids for ids in present)] + extra


def _natural(ident: str) -> tuple[str, int, str]:
    """``i2`` before ``i10``: letters, then the number, then anything after it."""
    match = re.match(r"([^\d]*)(\d*)(.*)", ident)
    assert match is not None  # the pattern matches any text
    return match[1], int(match[2] or 0), match[3]


def _questions(result: AgencyResult) -> dict[tuple[str, int | None], float]:
    flat: dict[tuple[str, int | None], float] = {
        (qid, None): float(v) for qid, v in result.questions.items()
    }
    for qid, parts in result.question_parts.items():
        for part, value in parts.items():
            flat[(qid, int(part))] = float(value)
    return flat


def compare_versions(framework: Framework | None, old: Side, new: Side) -> VersionDiff:
    """Every figure of two versions of one year, in the order ITAS shows them."""
    lines: list[DiffLine] = []
    old_overall, old_level, old_tools, old_indicators = _headline(old)
    new_overall, new_level, new_tools, new_indicators = _headline(new)
    lines.append(DiffLine("overall", "overall", "คะแนนรวม", _num(old_overall), _num(new_overall)))
    lines.append(DiffLine("overall", "level", "ระดับผลการประเมิน", old_level or None,
                          new_level or None))  # fmt: skip

    tools = framework.tools if framework else {}
    for tool in _ordered(tools, old_tools, new_tools):
        label = f"{tool} {tools[tool].name_th}" if tool in tools else tool
        lines.append(DiffLine("tool", tool, label, _figure(old_tools.get(tool)),
                              _figure(new_tools.get(tool))))  # fmt: skip

    indicators = framework.indicators if framework else {}
    for ind in _ordered(indicators, old_indicators, new_indicators):
        name = indicators[ind].name_th if ind in indicators else ""
        label = f"ตัวชี้วัดที่ {ind} {name}".strip()
        lines.append(DiffLine("indicator", ind, label, _figure(old_indicators.get(ind)),
                              _figure(new_indicators.get(ind))))  # fmt: skip

    old_q, new_q = _questions(old.result), _questions(new.result)
    known = [*framework.questions, *framework.oit_items] if framework else []
    keys = set(old_q) | set(new_q)
    for qid in _ordered(known, [k[0] for k in keys]):
        oit = bool(framework and qid in framework.oit_items) or qid.startswith(("O", "MOIT"))
        title = framework.title_of(qid) if framework else None
        for key in sorted((k for k in keys if k[0] == qid), key=lambda k: k[1] or 0):
            part = key[1]
            label = f"ข้อ {qid}" + (f" ส่วนที่ {part}" if part is not None else "")
            if title:
                label += f" {title}"
            section: Section = "oit" if oit else "question"
            lines.append(DiffLine(section, qid, label, old_q.get(key), new_q.get(key), part))

    o, n = old.result, new.result
    lines.append(DiffLine("official", "overall", "คะแนนรวมที่ประกาศ",
                          _figure(o.official_overall), _figure(n.official_overall)))  # fmt: skip
    lines.append(DiffLine("official", "level", "ระดับที่ประกาศ", o.official_level or None,
                          n.official_level or None))  # fmt: skip
    for tool in _ordered(tools, o.official_tools, n.official_tools):
        lines.append(DiffLine("official", tool, f"{tool} ที่ประกาศ",
                              _figure(o.official_tools.get(tool)),
                              _figure(n.official_tools.get(tool))))  # fmt: skip
    return VersionDiff(old.number, new.number, tuple(lines))


def _num(value: Value) -> Value:
    return float(value) if isinstance(value, int | float) else value
