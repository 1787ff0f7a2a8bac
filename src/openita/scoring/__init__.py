"""Pure ITA scoring: values in, published figures out (see docs/scoring.md).

Names are loaded on first use (PEP 562) so that importing a light submodule such as
``openita.scoring.rounding`` does not pull in the framework schema (pydantic, YAML): the CLI's
start-up time depends on it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openita.scoring.comparison import Comparison, compare
    from openita.scoring.engine import IncompleteResult, change, score
    from openita.scoring.levels import level_for
    from openita.scoring.model import Agency, AgencyResult, Change, Reported, Scores
    from openita.scoring.rounding import format_score, round_half_up

_HOMES = {
    "Agency": "model", "AgencyResult": "model", "Change": "model", "Reported": "model",
    "Scores": "model", "Comparison": "comparison", "compare": "comparison",
    "IncompleteResult": "engine", "change": "engine", "score": "engine",
    "level_for": "levels", "format_score": "rounding", "round_half_up": "rounding",
}  # fmt: skip

__all__ = [
    "Agency", "AgencyResult", "Change", "Comparison", "IncompleteResult", "Reported", "Scores",
    "change", "compare", "format_score", "level_for", "round_half_up", "score",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'openita.scoring' has no attribute {name!r}")
    return getattr(import_module(f"openita.scoring.{home}"), name)
