"""Pure ITA scoring: values in, published figures out (see docs/scoring.md)."""

from openita.scoring.comparison import Comparison, compare
from openita.scoring.engine import IncompleteResult, change, score
from openita.scoring.levels import level_for
from openita.scoring.model import Agency, AgencyResult, Change, Reported, Scores
from openita.scoring.rounding import format_score, round_half_up

__all__ = [
    "Agency",
    "AgencyResult",
    "Change",
    "Comparison",
    "IncompleteResult",
    "Reported",
    "Scores",
    "change",
    "compare",
    "format_score",
    "level_for",
    "round_half_up",
    "score",
]
