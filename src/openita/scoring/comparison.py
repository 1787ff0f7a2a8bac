"""Year-on-year comparison of two scored results (per indicator, tool and overall)."""

from __future__ import annotations

from dataclasses import dataclass

from openita.errors import OpenITAError
from openita.message import Message
from openita.scoring.engine import change
from openita.scoring.model import Change, Scores


@dataclass(frozen=True)
class Comparison:
    previous_year: int
    current_year: int
    overall: Change
    tools: dict[str, Change]
    indicators: dict[str, Change]
    previous_level: str
    current_level: str

    def as_dict(self) -> dict[str, object]:
        def one(c: Change) -> dict[str, object]:
            return {
                "previous": c.previous,
                "current": c.current,
                "points": c.points,
                "percent": c.percent,
                "direction": c.direction,
            }

        return {
            "previous_year": self.previous_year,
            "current_year": self.current_year,
            "previous_level": self.previous_level,
            "current_level": self.current_level,
            "overall": one(self.overall),
            "tools": {k: one(v) for k, v in self.tools.items()},
            "indicators": {k: one(v) for k, v in self.indicators.items()},
        }


class NotOlder(OpenITAError, ValueError):
    """The "previous" result is not older than the current one: bad input (exit 2, 422)."""

    code = "previous_not_older"


def compare(previous: Scores, current: Scores) -> Comparison:
    """Changes for everything both years share (indicator ids are matched by number)."""
    if previous.fiscal_year >= current.fiscal_year:
        raise NotOlder(
            Message(
                "previous result ({previous}) must be older than the current one ({current})",
                previous=previous.fiscal_year,
                current=current.fiscal_year,
            )
        )
    return Comparison(
        previous_year=previous.fiscal_year,
        current_year=current.fiscal_year,
        overall=change(previous.overall, current.overall),
        tools={
            t: change(previous.tools[t], v) for t, v in current.tools.items() if t in previous.tools
        },
        indicators={
            i: change(previous.indicators[i], v)
            for i, v in current.indicators.items()
            if i in previous.indicators
        },
        previous_level=previous.level,
        current_level=current.level,
    )
