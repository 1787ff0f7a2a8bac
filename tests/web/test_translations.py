"""The Thai and English interface (issue 6: "Thai is the default UI language, English available
(Django i18n, .po files)").

UI strings are English msgids in the code and templates; ``locale/th`` gives every one of them
in Thai. The compiled ``.mo`` files are committed (the app does not need gettext at run time),
so these tests also guard that they were recompiled after the last edit of the ``.po`` files.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.test import Client

WEB = Path(__file__).resolve().parents[2] / "src" / "openita" / "web"
LOCALE = WEB / "locale"
#: The translation functions of django.utils.translation the web code calls (often as ``_``).
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "gettext_noop"}
LANGUAGES = ("th", "en")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdr]|%[sd]|\{[a-z_]*\}")


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _translations(entries: list[polib.POEntry] | polib.MOFile) -> dict[tuple[str | None, str], str]:
    found = {}
    for entry in entries:
        if not entry.msgid:  # the header
            continue
        text = entry.msgstr or "|".join(v for _, v in sorted(entry.msgstr_plural.items()))
        if text:
            found[_key(entry)] = text
    return found


def test_every_interface_text_has_a_thai_translation_that_is_not_fuzzy() -> None:
    po = _po("th")
    assert len(po) > 100, "makemessages has not collected the interface texts"
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    assert not po.metadata_is_fuzzy


def test_the_thai_texts_are_thai() -> None:
    thai = re.compile(r"[\u0E00-\u0E7F]")
    # Names that stay as they are in Thai writing too (e.g. "API", "OIT", "YAML") are allowed
    # only inside a Thai sentence: a translation with no Thai letter at all was not translated.
    not_thai = [
        english
        for entry in _po("th")
        if entry.translated()
        for english, text in _pairs(entry)
        if not thai.search(text)
    ]
    assert not_thai == []


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(English, Thai) texts of an entry; Thai has one plural form, answering the plural."""
    if entry.msgid_plural:
        return [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
    return [(entry.msgid, entry.msgstr)]


def test_every_thai_translation_keeps_the_placeholders_of_its_english_text() -> None:
    changed = [
        (english, thai)
        for entry in _po("th")
        if entry.translated()
        for english, thai in _pairs(entry)
        if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(thai))
    ]
    assert changed == []


def _gettext_literals(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        first = node.args[0]
        if name in GETTEXT and isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield node.lineno, first.value


#: A translation call in the Python-like text Django makes of a template (``templatize``).
TEMPLATE_CALL = re.compile(r"""\b(n?gettext)\(u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")


def _template_texts(path: Path) -> Iterator[tuple[int, str]]:
    """Texts of {% translate %} and {% blocktranslate %}, read the way makemessages reads them."""
    from django.utils.translation.template import templatize

    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for number, line in enumerate(code.splitlines(), start=1):
        for match in TEMPLATE_CALL.finditer(line):
            yield number, ast.literal_eval(match.group(2))


def test_every_text_the_code_and_templates_translate_is_in_the_thai_catalogue() -> None:
    """A text added after the last makemessages run, or one makemessages cannot see (a text
    inside an f-string), shows in English on the Thai pages."""
    catalogue = {e.msgid for e in _po("th") if not e.obsolete}
    sources = [p for p in sorted(WEB.rglob("*.py")) if "migrations" not in p.parts]
    templates = sorted(WEB.rglob("templates/**/*.html"))
    found = [(p, line, text) for p in sources for line, text in _gettext_literals(p)]
    found += [(p, line, text) for p in templates for line, text in _template_texts(p)]
    assert len({text for _, _, text in found}) > 300, "the scan found too few texts"
    missing = [
        f"{path.relative_to(WEB)}:{line}: {text!r}"
        for path, line, text in found
        if text not in catalogue
    ]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_mo_file_holds_exactly_the_po_files_translations(language: str) -> None:
    po = _po(language)
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    # polib compiles the .po in memory the way msgfmt does (translated, not fuzzy, not obsolete).
    expected = polib.mofile(po.to_binary())
    assert _translations(compiled) == _translations(expected)
    assert _translations(compiled) == _translations(po.translated_entries())


def test_the_admins_script_catalogue_is_compiled_and_fully_translated() -> None:
    """``djangojs.po``: the admin scripts' texts Django's Thai catalogue lacks."""
    folder = LOCALE / "th" / "LC_MESSAGES"
    po = polib.pofile(str(folder / "djangojs.po"))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    compiled = polib.mofile(str(folder / "djangojs.mo"))
    assert _translations(compiled) == _translations(po.translated_entries())


def test_the_login_page_is_thai_by_default_and_english_after_choosing_english(db: None) -> None:
    client = Client()
    thai = client.get("/accounts/login/").content.decode()
    assert "ชื่อผู้ใช้" in thai
    assert 'lang="th"' in thai

    english = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True
    ).content.decode()
    assert "User name" in english
    assert "ชื่อผู้ใช้" not in english
    assert 'lang="en"' in english
