"""How a measure's status and its percent done agree, and when a measure is overdue.

The working group reports each measure as a status (not started, in progress, done,
cancelled) and a percent done (issue 6). Both feed the plan's progress
(:func:`openita.web.plans.services.progress` averages the percent over the measures that are
not cancelled), so they must not contradict each other:

* a measure marked **done** counts as 100 % — otherwise a finished measure left at 60 % would
  pull the plan's average down and the coordinator table would show work as unfinished;
* a measure at **100 %** is only *suggested* to be done, not forced: all steps can be carried
  out while the measure still waits for its evidence or the head of agency's sign-off;
* a measure is **overdue** when its due date (``end``) has passed and it is neither done nor
  cancelled — cancelled measures are not expected to finish;
* a **progress note** describes a day that has come (the plan page dates it today; the API and
  the plan file may date it earlier), in the Christian era: a year past 2400 is a Buddhist-era
  year written by mistake, refused with the conversion as the plan file refuses it
  (:func:`openita.analysis.plan.parse_plan`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openita.web.plans.models import Status

FINISHED = (Status.DONE, Status.CANCELLED)


@dataclass(frozen=True)
class Settled:
    """The percent done to store, and what to tell the user about it."""

    progress: int
    raised_to_full: bool  # status "done" lifted the percent to 100
    suggest_done: bool  # 100 % but not marked done


def settle(status: str, progress: int) -> Settled:
    if status == Status.DONE:
        return Settled(100, progress != 100, False)
    return Settled(progress, False, progress == 100 and status != Status.CANCELLED)


def is_overdue(end: date, status: str, today: date) -> bool:
    return end < today and status not in FINISHED


#: Years past this are Buddhist-era years written where a Christian-era date is asked for
#: (the plan file's rule, openita.analysis.plan).
LAST_CE_YEAR = 2400


def note_date_problem(day: date, today: date) -> str | None:
    """Why ``day`` cannot date a progress note (English, for the API), or None."""
    if day.year > LAST_CE_YEAR:
        return (
            f"{day} looks like a Buddhist-era date; write the Christian-era year "
            f"({day.year} -> {day.year - 543})"
        )
    if day > today:
        return f"a progress note cannot be dated after today ({today})"
    return None
