"""The language of the messages the core packages make (import problems, consistency findings).

The web app is Thai by default (issue 6), and a clerk who uploads a result file must read what
is wrong with it in Thai too. The core stays free of Django: it translates with the standard
library's :mod:`gettext`, from the catalogue ``locale/<language>/LC_MESSAGES/openita.mo``
(English source strings are the messages themselves, so English needs no catalogue).

The language is a :class:`contextvars.ContextVar`, not a process-wide setting: the web app
serves a Thai and an English request at the same time (each request runs in its own context,
set by ``openita.web.core_language``), and the CLI picks one language for its whole run
(:func:`language_from_environment`). Problems and findings keep their messages as data
(:class:`openita.message.Message`: the msgid and its parameters) and are rendered in the
language current when they are *read*, so one stored finding serves a Thai and an English
reader. Placeholders are named and filled with :meth:`str.format` after translation, so a Thai
sentence may put them in another order::

    Message("indicator {indicator} has two different values: {values}", indicator=..., ...)

docs/translations.md says how to add a message and its Thai translation.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "openita"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"
"""The language of the msgids: chosen whenever no catalogue answers."""

#: Where the CLI looks for the user's language, in the order GNU gettext reads them.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_language: ContextVar[str] = ContextVar("openita_language", default=SOURCE_LANGUAGE)


@cache
def available_languages() -> frozenset[str]:
    """English plus every language that has a compiled catalogue in ``locale/``."""
    found = {SOURCE_LANGUAGE}
    if LOCALE_DIR.is_dir():
        found |= {
            d.name for d in LOCALE_DIR.iterdir() if (d / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        }
    return frozenset(found)


def language_code(code: str | None) -> str:
    """``"th"``, ``"th-TH"``, ``"th_TH.UTF-8"`` -> ``"th"``; anything without a catalogue -> en.

    Django says ``th`` or ``en-us``, a POSIX locale ``th_TH.UTF-8``: only the primary language
    subtag chooses the catalogue (Thai has one written standard).
    """
    primary = (code or "").strip().lower().replace("_", "-").split(".")[0].split("-")[0]
    return primary if primary in available_languages() else SOURCE_LANGUAGE


def current_language() -> str:
    """The language messages are made in now (``"en"`` unless a caller chose another)."""
    return _language.get()


@contextmanager
def use_language(code: str | None) -> Iterator[str]:
    """Make messages in ``code`` inside the block; an unknown language means English."""
    token = _language.set(language_code(code))
    try:
        yield _language.get()
    finally:
        _language.reset(token)


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language``, read once; English answers with the msgid."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """``message`` in the current language (the English ``message`` when not translated)."""
    return _catalogue(_language.get()).gettext(message)


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The CLI's language: ``OPENITA_LANGUAGE``, else the user's locale (Thai or English).

    ``OPENITA_LANGUAGE=th`` chooses Thai whatever the locale says. Otherwise the first set
    variable of ``LANGUAGE`` (a colon-separated list: its first entry), ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` decides, as for any gettext program; a locale that does not
    start with ``th`` (including ``C`` and ``POSIX``) keeps the English messages.
    """
    env = os.environ if environ is None else environ
    chosen = env.get("OPENITA_LANGUAGE", "").strip()
    if chosen:
        return language_code(chosen)
    for name in LOCALE_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return language_code(value.split(":")[0])
    return SOURCE_LANGUAGE
