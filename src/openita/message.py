"""Messages as data: an English source text with named placeholders, and its parameters.

A problem in a file or a consistency finding is made once (when a file is read) and read many
times, by readers of different languages: a Thai clerk uploads, an English-speaking auditor
reads the same stored finding through the API. So the core does not keep a finished sentence;
it keeps a :class:`Message` — the gettext msgid (the English text, ``{named}`` placeholders)
and the values of its placeholders — and the edge (CLI, Django template, API) renders it in
the reader's language with :meth:`Message.render`. ``str(message)`` renders in the current
language (:func:`openita.i18n.current_language`), so code that prints keeps working.

A parameter may itself be a :class:`Message` ("indicator 4", "khambong.csv, line 7"): it is
rendered in the same language as the sentence around it. A tuple of parameters is rendered as
its elements joined by ``"; "``.

:meth:`Message.as_data` gives the JSON form that is stored (``{"text": …, "params": {…}}``)
and :meth:`Message.from_data` reads it back. A plain ``str`` where a message is expected is a
finished text made the old way (already in one language): it is shown as it is, never
formatted (:data:`Text`).

``xgettext`` collects the first argument of every ``Message(...)`` and ``N_(...)`` call
(``make messages``), so the text must be a string literal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias, Union

from openita.i18n import _ as translate
from openita.i18n import use_language

Param: TypeAlias = Union[str, int, float, bool, "Message", tuple["Param", ...], None]
Text: TypeAlias = Union[str, "Message"]
"""A message as data, or a finished text (made in one language, shown as it is)."""


def N_(text: str) -> str:
    """Mark ``text`` for ``make messages`` without translating it (a msgid kept for later)."""
    return text


class Message:
    """An English source text (a gettext msgid) and the values of its ``{named}`` fields."""

    __slots__ = ("params", "text")

    text: str
    params: Mapping[str, Param]

    def __init__(self, text: str, /, **params: object) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "params", {k: _param(v) for k, v in params.items()})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.text == other.text and self.params == other.params

    def __hash__(self) -> int:
        return hash((self.text, tuple(sorted(self.params.items(), key=lambda kv: kv[0]))))

    def __repr__(self) -> str:
        params = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Message({self.text!r}{params})"

    def __str__(self) -> str:
        return self.render()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.text, dict(self.params)))

    def render(self, language: str | None = None) -> str:
        """The message in ``language`` (default: the current language).

        A translation whose fields do not match the English text (a translator's slip) falls
        back to the English text, so a reader sees the figures rather than an error page.
        """
        if language is not None:
            with use_language(language):
                return self.render()
        values = {name: render_param(value) for name, value in self.params.items()}
        translated = translate(self.text)  # the one lookup of a msgid held as data
        try:
            return translated.format_map(values)
        except (KeyError, IndexError, ValueError):
            return self.text.format_map(values)

    def rendered_params(self) -> dict[str, str | int | float | bool | None]:
        """The parameters with nested messages rendered in the current language (for the API)."""
        return {name: render_param(value) for name, value in self.params.items()}

    def as_data(self) -> dict[str, Any]:
        """The JSON form: ``{"text": msgid, "params": {...}}``, nested messages as the same."""
        return {"text": self.text, "params": {k: _param_data(v) for k, v in self.params.items()}}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Message:
        params = data.get("params") or {}
        return cls(str(data["text"]), **{str(k): _param_from_data(v) for k, v in params.items()})


def _param(value: object) -> Param:
    """A value kept as a parameter: JSON scalars and messages as they are, the rest as text
    (an exception, a date, a path: what ``str.format`` would have printed)."""
    if value is None or isinstance(value, str | int | float | bool | Message):
        return value
    if isinstance(value, tuple | list):
        return tuple(_param(v) for v in value)
    return str(value)


def _rebuild(text: str, params: dict[str, Param]) -> Message:
    return Message(text, **params)


def render_param(value: Param) -> str | int | float | bool | None:
    """A parameter ready for ``str.format``: messages rendered, tuples joined by ``"; "``."""
    if isinstance(value, Message):
        return value.render()
    if isinstance(value, tuple):
        return "; ".join(str(render_param(v)) for v in value)
    return value


def render(text: Text | None, language: str | None = None) -> str | None:
    """A message rendered in ``language`` (default: current); a finished text as it is."""
    if text is None or isinstance(text, str):
        return text
    return text.render(language)


def source_text(text: Text) -> str:
    """The English source text (msgid) of a message, or a finished text itself."""
    return text.text if isinstance(text, Message) else text


def source_params(text: Text) -> dict[str, str | int | float | bool | None]:
    """A message's parameters, nested messages rendered in the current language ({} for text)."""
    return text.rendered_params() if isinstance(text, Message) else {}


class Worded:
    """What a :class:`~openita.errors.Problem` and a consistency ``Finding`` share: a message
    as data (``message_data``), read in the reader's language when it is read."""

    __slots__ = ()
    message_data: Text

    @property
    def message(self) -> str:
        """The message in the current language."""
        return render(self.message_data) or ""

    @property
    def text(self) -> str:
        """The English source text (gettext msgid, ``{named}`` placeholders)."""
        return source_text(self.message_data)

    @property
    def params(self) -> dict[str, str | int | float | bool | None]:
        """The placeholders' values, nested messages rendered in the current language."""
        return source_params(self.message_data)

    def render(self, language: str | None = None) -> str:
        return render(self.message_data, language) or ""

    def worded(self) -> dict[str, Any]:
        """``text``, ``params`` and ``message``: how a reader (API, ``--json``) gets it."""
        return {"text": self.text, "params": self.params, "message": self.message}


def text_data(text: Text | None) -> Any:
    """JSON form of a message (a mapping) or of a finished text (the string itself)."""
    return text.as_data() if isinstance(text, Message) else text


def text_from_data(data: Any) -> Text | None:
    """Inverse of :func:`text_data`."""
    if data is None or isinstance(data, str):
        return data
    if isinstance(data, Mapping) and "text" in data:
        return Message.from_data(data)
    return str(data)


def _param_data(value: Param) -> Any:
    if isinstance(value, Message):
        return value.as_data()
    if isinstance(value, tuple):
        return [_param_data(v) for v in value]
    return value


def _param_from_data(data: Any) -> Param:
    if isinstance(data, Mapping):
        return Message.from_data(data)
    if isinstance(data, list):
        return tuple(_param_from_data(v) for v in data)
    if data is None or isinstance(data, str | int | float | bool):
        return data
    return str(data)
