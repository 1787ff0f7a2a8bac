"""Problems in user-supplied files, reported in plain language with file, line and field.

Every importer and loader collects :class:`Problem` values and raises one
:class:`InputError` holding all of them, so a user fixes a file in one pass instead of one
error per run. Nothing is written when an :class:`InputError` is raised.

A problem's ``message`` is made in the language of the moment it is found
(:mod:`openita.i18n`); ``line_label`` stays the key ``"line"`` or ``"row"`` (the web page and
the API choose their own words for it), and :meth:`Problem.__str__` says it in the current
language.
"""

from __future__ import annotations

from dataclasses import dataclass

from openita.i18n import _


def place(line_label: str, number: int) -> str:
    """``"line 3"`` (text files) or ``"row 3"`` (spreadsheets), in the current language."""
    if line_label == "row":
        return _("row {number}").format(number=number)
    return _("line {number}").format(number=number)


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    message: str
    line: int | None = None
    field: str | None = None
    line_label: str = "line"
    """``"line"`` or ``"row"``: a key, not a word of any language."""
    code: str | None = None
    """The limit a refused file broke (:mod:`openita.limits`), e.g. ``"too_large"``."""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {place(self.line_label, self.line)}"
        if self.field:
            where += ", " + _("field {field}").format(field=repr(self.field))
        return f"{where}: {self.message}"


class InputError(Exception):
    """One or more problems that stop an input from being used."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
