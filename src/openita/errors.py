"""The errors OpenITA reports to people, and the problems in user-supplied files.

:class:`OpenITAError` is the one base of every error meant for a user (not a bug): it knows
the CLI's exit code and the API's HTTP status, so the CLI handles it in one place
(:mod:`openita.cli`'s command group) and the API in one place (its exception handler in
:mod:`openita.web.api.endpoints`). Any other exception is a bug: the CLI logs its traceback
and exits 1, never "bad input, exit 2".

Every importer and loader collects :class:`Problem` values and raises one
:class:`InputError` holding all of them, so a user fixes a file in one pass instead of one
error per run. Nothing is written when an :class:`InputError` is raised.

A problem keeps its message as data (:class:`openita.message.Message`: the English source
text and its parameters, plus a stable ``code``) and renders it when read:
:attr:`Problem.message` and ``str(problem)`` are in the current language, so the same stored
problem reads in Thai on a Thai page and in English in the API of an English client.
``line_label`` stays the key ``"line"`` or ``"row"`` (the web page and the API choose their own
words for it). A problem made the old way, with a finished ``message`` string, still works: it
is a message without code or parameters, shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from openita.i18n import _
from openita.message import (
    Message,
    Text,
    Worded,
    render,
    text_data,
    text_from_data,
)

EXIT_FAILED = 1
"""The CLI's exit code for work that was tried and failed (and for a bug)."""
EXIT_BAD_INPUT = 2
"""The CLI's exit code for input it cannot use; nothing was written."""


def place(line_label: str, number: int) -> Message:
    """``"line 3"`` (text files) or ``"row 3"`` (spreadsheets), in the reader's language."""
    if line_label == "row":
        return Message("row {number}", number=number)
    return Message("line {number}", number=number)


def located(file: str, line_label: str, number: int) -> Message:
    """``"khambong.csv, line 3"`` (or ``row 3``), in the reader's language."""
    if line_label == "row":
        return Message("{file}, row {number}", file=file, number=number)
    return Message("{file}, line {number}", file=file, number=number)


class Problem(Worded):
    """One thing wrong in an input: file, line or row, field, and a message as data."""

    __slots__ = ("code", "field_data", "file", "line", "line_label", "message_data")

    file: str
    message_data: Text
    line: int | None
    field_data: Text | None
    line_label: str
    """``"line"`` or ``"row"``: a key, not a word of any language."""
    code: str | None
    """A stable name of the problem (``"not_a_number"``, the limit ``"too_large"``, ...)."""

    def __init__(
        self,
        file: str,
        message: Text,
        line: int | None = None,
        field: Text | None = None,
        line_label: str = "line",
        code: str | None = None,
    ) -> None:
        for name, value in (("file", file), ("message_data", message), ("line", line),
                            ("field_data", field), ("line_label", line_label),
                            ("code", code)):  # fmt: skip
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Problem is immutable")

    @property
    def field(self) -> str | None:
        """The field named in the current language ("ตัวชี้วัดที่ 4" on a Thai page)."""
        return render(self.field_data)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {place(self.line_label, self.line)}"
        if self.field_data:
            where += ", " + _("field {field}").format(field=repr(self.field))
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"Problem({self.file!r}, {self.message_data!r}, line={self.line!r}, "
            f"field={self.field_data!r}, line_label={self.line_label!r}, code={self.code!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (Problem, self._key())

    def _key(self) -> tuple[object, ...]:
        return (self.file, self.message_data, self.line, self.field_data, self.line_label,
                self.code)  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def as_dict(self) -> dict[str, Any]:
        """The problem for a reader (API, ``--json``): code, text, params and the message in the
        current language."""
        return {
            "file": self.file,
            "line": self.line,
            "line_label": self.line_label,
            "field": self.field,
            "code": self.code,
            **self.worded(),
        }

    def as_data(self) -> dict[str, Any]:
        """The problem as JSON to store; :meth:`from_data` reads it back in any language."""
        return {
            "file": self.file,
            "line": self.line,
            "line_label": self.line_label,
            "field": text_data(self.field_data),
            "code": self.code,
            "message": text_data(self.message_data),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Problem:
        return cls(
            str(data["file"]),
            text_from_data(data.get("message")) or "",
            line=data.get("line"),
            field=text_from_data(data.get("field")),
            line_label=str(data.get("line_label") or "line"),
            code=data.get("code"),
        )


class OpenITAError(Exception):
    """An error meant for the user, not a bug: it says what is wrong in the reader's language.

    Subclasses set :attr:`exit_code` (CLI) and :attr:`http_status` (API); the message is data
    (:class:`~openita.message.Message`) rendered when shown. :attr:`problems` lists what the
    CLI prints and the API returns one by one (none by default).
    """

    exit_code: ClassVar[int] = EXIT_BAD_INPUT
    http_status: ClassVar[int] = 422
    code: str | None = None

    def __init__(self, message: Text, *, code: str | None = None) -> None:
        self.message_data = message
        if code is not None:
            self.code = code
        super().__init__(message)

    @property
    def status(self) -> int:
        """The HTTP status of this error (a subclass may choose by instance)."""
        return self.http_status

    @property
    def problems(self) -> list[Problem]:
        return []

    @property
    def message(self) -> str:
        return render(self.message_data) or ""

    def __str__(self) -> str:
        return self.message


class InputError(OpenITAError):
    """One or more problems that stop an input from being used: exit 2, HTTP 422."""

    exit_code = EXIT_BAD_INPUT
    http_status = 422

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self._problems = problems
        super().__init__(Message("{count} problem(s) in the input", count=len(problems)))

    @property
    def problems(self) -> list[Problem]:
        return self._problems

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self)._rebuild, (self._problems, self.__dict__))

    @classmethod
    def _rebuild(cls, problems: list[Problem], state: dict[str, Any]) -> InputError:
        error = cls.__new__(cls)
        InputError.__init__(error, problems)
        error.__dict__.update(state)
        return error

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self._problems)
