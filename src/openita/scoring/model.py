"""Plain values the scoring engine works on: an agency's reported result and its scores.

These are frozen dataclasses with no behaviour beyond convenience look-ups. Importers build
:class:`AgencyResult`; :func:`openita.scoring.engine.score` turns it into :class:`Scores`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

Direction = Literal["เพิ่มขึ้น", "ลดลง", "คงที่"]


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    type: str | None = None
    province: str | None = None
    district: str | None = None
    code: str | None = None
    kind: str = "local_government"
    """The agency kind whose framework scores it (openita.frameworks.kinds; docs/formats.md)."""


@dataclass(frozen=True, slots=True)
class Reported:
    """One value as it was read, with where it was read from (for consistency checks)."""

    kind: Literal["indicator", "question", "overall", "tool"]
    id: str
    value: float
    source: str


def _frozen(mapping: dict[str, float] | None = None) -> MappingProxyType[str, float]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class AgencyResult:
    """An agency's result for one fiscal year, as reported (ITAS page, export or form).

    ``questions`` holds IIT/EIT question scores and OIT item scores by id (``i1``, ``e7``,
    ``O12``). EIT questions answered in parts go in ``question_parts``
    (``{"e1": {1: 99.51, 2: 100.0}}``). ``indicators`` are the reported indicator scores; any
    missing one is derived from questions when all of its questions are present.
    ``reported`` keeps every value read, including conflicting duplicates.
    """

    fiscal_year: int
    agency: Agency
    indicators: MappingProxyType[str, float] = field(default_factory=_frozen)
    questions: MappingProxyType[str, float] = field(default_factory=_frozen)
    question_parts: MappingProxyType[str, MappingProxyType[int, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    official_overall: float | None = None
    official_level: str | None = None
    official_tools: MappingProxyType[str, float] = field(default_factory=_frozen)
    reported: tuple[Reported, ...] = ()
    source: str = "<memory>"

    @classmethod
    def build(
        cls,
        fiscal_year: int,
        agency: Agency | str,
        indicators: dict[str, float] | None = None,
        questions: dict[str, float] | None = None,
        question_parts: dict[str, dict[int, float]] | None = None,
        official_overall: float | None = None,
        official_level: str | None = None,
        official_tools: dict[str, float] | None = None,
        reported: tuple[Reported, ...] = (),
        source: str = "<memory>",
    ) -> AgencyResult:
        """Convenience constructor from plain dicts (used by importers and tests)."""
        return cls(
            fiscal_year=fiscal_year,
            agency=Agency(agency) if isinstance(agency, str) else agency,
            indicators=_frozen(indicators),
            questions=_frozen(questions),
            question_parts=MappingProxyType(
                {q: MappingProxyType(dict(p)) for q, p in (question_parts or {}).items()}
            ),
            official_overall=official_overall,
            official_level=official_level,
            official_tools=_frozen(official_tools),
            reported=reported,
            source=source,
        )


class IndicatorOrigin(StrEnum):
    REPORTED = "reported"
    QUESTIONS = "questions"


@dataclass(frozen=True, slots=True)
class Change:
    """Year-on-year change: points, percent of last year's score, and its Thai direction."""

    previous: float
    current: float
    points: float
    percent: float | None
    direction: Direction


@dataclass(frozen=True)
class Scores:
    """The numbers an agency sees: every score rounded as published (see docs/scoring.md).

    ``overall`` is the official overall when the result carries one, else the computed one;
    ``computed_overall`` is always the engine's own figure from the indicators, unrounded.
    """

    fiscal_year: int
    indicators: dict[str, float]
    indicator_origin: dict[str, IndicatorOrigin]
    tools: dict[str, float]
    eit_parts: dict[int, float]
    overall: float
    computed_overall: float
    overall_is_official: bool
    level_id: str
    level: str
    level_en: str
    computed_level_id: str

    def as_dict(self) -> dict[str, object]:
        return {
            "fiscal_year": self.fiscal_year,
            "overall": self.overall,
            "overall_is_official": self.overall_is_official,
            "computed_overall": round(self.computed_overall, 4),
            "level": self.level,
            "level_en": self.level_en,
            "level_id": self.level_id,
            "tools": dict(self.tools),
            "eit_parts": {str(k): v for k, v in self.eit_parts.items()},
            "indicators": dict(self.indicators),
            "indicator_origin": {k: v.value for k, v in self.indicator_origin.items()},
        }
