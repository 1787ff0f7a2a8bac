"""Problems in user-supplied files, reported in plain language with file, line and field.

Every importer and loader collects :class:`Problem` values and raises one
:class:`InputError` holding all of them, so a user fixes a file in one pass instead of one
error per run. Nothing is written when an :class:`InputError` is raised.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    message: str
    line: int | None = None
    field: str | None = None
    line_label: str = "line"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {self.line_label} {self.line}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class InputError(Exception):
    """One or more problems that stop an input from being used."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
