"""The core packages' messages in Thai: the catalogue, and the language each message is made in.

A clerk uploading a result file on the (Thai) web page reads the problems of the file in Thai
(issue 6: Thai is the default language). The core translates with gettext from
``src/openita/locale/th/LC_MESSAGES/openita.po``; its compiled ``.mo`` is committed, so these
tests also guard that it was recompiled after the last edit (``make messages``).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import string
import subprocess
import sys
import threading
from pathlib import Path

import polib
import pytest

from openita.errors import InputError, Problem
from openita.frameworks import Framework
from openita.i18n import (
    _,
    current_language,
    language_code,
    language_from_environment,
    use_language,
)
from openita.ingest import parse_result
from openita.scoring.consistency import check, resolve_conflicts
from openita.scoring.model import Agency, AgencyResult, Reported

from .conftest import EXAMPLES, SEED_2568

SRC = Path(__file__).resolve().parents[1] / "src" / "openita"
PO = SRC / "locale" / "th" / "LC_MESSAGES" / "openita.po"
MO = PO.with_suffix(".mo")
THAI = re.compile(r"[\u0E00-\u0E7F]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
AS_PUBLISHED = EXAMPLES / "khambong-2568-as-published.json"
#: The calls whose first argument ``make messages`` collects (translated now, or held as data).
MARKERS = ("_", "N_", "Message")


def _po() -> polib.POFile:
    return polib.pofile(str(PO))


def _core_sources() -> list[Path]:
    """Every module of the core packages: all of ``openita`` but the Django app."""
    return [p for p in sorted(SRC.rglob("*.py")) if "web" not in p.relative_to(SRC).parts]


def _fields(text: str) -> list[str]:
    """The ``str.format`` fields of ``text`` (``{{`` is a brace, not a field)."""
    return sorted(
        f"{name}!{conversion or ''}:{spec or ''}"
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def _translations(entries: polib.POFile | polib.MOFile) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in entries if e.msgid and e.msgstr}


# --- the catalogue ----------------------------------------------------------------------------


def test_every_core_message_has_a_thai_translation_that_is_not_fuzzy() -> None:
    po = _po()
    assert len(po) > 80, "the catalogue misses the core messages"
    assert [e.msgid for e in po if not e.obsolete and not e.translated()] == []
    assert [e.msgid for e in po if "fuzzy" in e.flags] == []
    assert [e.msgid for e in po if e.obsolete] == []
    assert not po.metadata_is_fuzzy
    assert [e.msgstr for e in po if not THAI.search(e.msgstr)] == []


def test_every_thai_translation_keeps_exactly_the_placeholders_of_its_english_text() -> None:
    changed = [(e.msgid, e.msgstr) for e in _po() if _fields(e.msgid) != _fields(e.msgstr)]
    assert changed == []


def test_placeholders_are_named_so_a_thai_sentence_may_reorder_them() -> None:
    names = [(e.msgid, f.split("!")[0]) for e in _po() for f in _fields(e.msgid)]
    assert [msgid for msgid, name in names if not name.isidentifier()] == []


def test_the_committed_mo_file_is_the_po_file_compiled(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: scripts/system-deps.sh installs gettext"
    fresh = tmp_path / "openita.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(PO)], check=True)
    committed = _translations(polib.mofile(str(MO)))
    assert committed == _translations(polib.mofile(str(fresh)))
    assert committed == _translations(_po())


def test_every_text_the_core_marks_for_translation_is_in_the_catalogue(tmp_path: Path) -> None:
    """A message marked after the last ``make messages`` would stay English on a Thai page;
    an entry whose text left the code is dead weight for translators."""
    xgettext = shutil.which("xgettext")
    assert xgettext, "xgettext is missing: scripts/system-deps.sh installs gettext"
    pot = tmp_path / "openita.pot"
    subprocess.run(
        [xgettext, "--language=Python", "--from-code=UTF-8", "-o", str(pot)]
        + [f"--keyword={name}" for name in MARKERS]
        + [str(p) for p in _core_sources()],
        check=True,
        capture_output=True,
    )
    marked = {e.msgid for e in polib.pofile(str(pot)) if e.msgid}
    assert len(marked) > 80, "xgettext found too few texts"
    catalogue = {e.msgid for e in _po() if not e.obsolete}
    assert sorted(marked - catalogue) == []
    assert sorted(catalogue - marked) == []


def test_every_translated_text_is_a_plain_string_that_xgettext_can_read() -> None:
    """``_(f"...")``, ``Message(name)`` would be looked up at run time but never collected.

    ``openita/message.py`` is the one place that builds a message from a stored msgid."""
    unreadable = []
    for path in _core_sources():
        if path.name == "message.py" and path.parent == SRC:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
            ):
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    unreadable.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert unreadable == []


# --- choosing the language --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "language"),
    [("th", "th"), ("th-th", "th"), ("th_TH.UTF-8", "th"), ("TH", "th"),
     ("en", "en"), ("en-us", "en"), ("fr", "en"), ("C", "en"), ("", "en"), (None, "en")],
)  # fmt: skip
def test_django_and_posix_language_names_choose_thai_or_else_english(
    code: str | None, language: str
) -> None:
    assert language_code(code) == language


def test_an_unknown_language_gives_the_english_messages() -> None:
    with use_language("fr"):
        assert current_language() == "en"
        assert _("line {number}") == "line {number}"


def test_messages_are_english_unless_a_caller_chooses_thai() -> None:
    assert current_language() == "en"
    with use_language("th"):
        assert _("line {number}").format(number=3) == "บรรทัด 3"
        with use_language("en"):
            assert _("line {number}").format(number=3) == "line 3"
        assert current_language() == "th"
    assert current_language() == "en"


def test_another_thread_does_not_inherit_the_thai_of_a_request() -> None:
    """Two web requests at once, one Thai and one English, must not mix their languages."""
    seen: list[str] = []
    with use_language("th"):
        worker = threading.Thread(target=lambda: seen.append(current_language()))
        worker.start()
        worker.join()
    assert seen == ["en"]


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"OPENITA_LANGUAGE": "th"}, "th"),
        ({"OPENITA_LANGUAGE": "en", "LANG": "th_TH.UTF-8"}, "en"),
        ({"LANG": "th_TH.UTF-8"}, "th"),
        ({"LC_MESSAGES": "th_TH.UTF-8", "LANG": "en_US.UTF-8"}, "th"),
        ({"LC_ALL": "C", "LANG": "th_TH.UTF-8"}, "en"),
        ({"LANGUAGE": "th:en", "LC_ALL": "en_US.UTF-8"}, "th"),
        ({"LANGUAGE": "en:th", "LANG": "th_TH.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_cli_speaks_thai_when_openita_language_or_the_locale_asks_for_it(
    environ: dict[str, str], language: str
) -> None:
    """OPENITA_LANGUAGE first, then the variables in gettext's own order."""
    assert language_from_environment(environ) == language


def test_the_openita_command_under_a_thai_locale_reports_the_conflict_in_thai() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"OPENITA_LANGUAGE", "LANGUAGE"}}
    env.update(LC_ALL="", LC_MESSAGES="", LANG="th_TH.UTF-8")
    ran = subprocess.run(
        [sys.executable, "-m", "openita.cli", "validate", str(AS_PUBLISHED)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 1, ran.stderr
    assert "ตัวชี้วัดที่ 8 " in ran.stdout
    assert "conflicting_values" in ran.stdout  # codes stay as they are, for scripts


# --- messages made in Thai --------------------------------------------------------------------


def _seed_with_indicator_8_twice(official_overall: float) -> AgencyResult:
    """The seed's 2568 result with indicator 8 read as 99.71 (summary) and 99.81 (comparison)."""
    return AgencyResult.build(
        fiscal_year=2568,
        agency=Agency("เทศบาลตำบลคำบง"),
        indicators=SEED_2568,
        official_overall=official_overall,
        reported=(
            Reported("indicator", "8", 99.71, "summary table"),
            Reported("indicator", "8", 99.81, "comparison table"),
        ),
    )


def test_the_indicator_8_conflict_is_thai_and_carries_the_numbers_of_the_english_one(
    fw2568: Framework,
) -> None:
    result = _seed_with_indicator_8_twice(94.11)
    _resolved, (finding,) = resolve_conflicts(fw2568, result)
    english = finding.message
    with use_language("th"):
        thai = finding.message
    assert thai.startswith("ตัวชี้วัดที่ 8 ")
    assert (finding.code, finding.subject, finding.severity) == ("conflicting_values", "8", "error")
    assert sorted(NUMBER.findall(thai)) == sorted(NUMBER.findall(english))
    assert "99.71" in thai and "99.81" in thai and "94.11" in thai


def test_a_reproduction_check_in_thai_gives_the_same_figures(fw2568: Framework) -> None:
    result = AgencyResult.build(2568, Agency("เทศบาลตำบลคำบง"), indicators=SEED_2568,
                                official_overall=95.0)  # fmt: skip
    (finding,) = check(fw2568, result)
    assert finding.code == "official_overall_mismatch"
    english, thai = finding.render("en"), finding.render("th")
    assert THAI.search(thai) and not THAI.search(english)
    assert sorted(NUMBER.findall(thai)) == sorted(NUMBER.findall(english))


def _bad_csv(bad_value: str) -> bytes:
    rows = ["item,value", "fiscal_year,2568", "agency.name,เทศบาลตำบลคำบง"]
    rows += [f"indicator.{n},{bad_value if n == '4' else v}" for n, v in SEED_2568.items()]
    return ("\n".join(rows) + "\n").encode()


def test_a_bad_csv_gives_a_thai_problem_that_names_its_line_and_field_in_thai() -> None:
    with pytest.raises(InputError) as caught:
        parse_result(_bad_csv("96.85x"), "khambong.csv")
    (problem,) = caught.value.problems
    assert (problem.line, problem.line_label, problem.code) == (7, "line", "not_a_number")
    with use_language("th"):
        # The field is named as a clerk reads it ("ตัวชี้วัดที่ 4"), not as the file spells it.
        assert problem.field == "ตัวชี้วัดที่ 4"
        assert problem.message == "ต้องเป็นตัวเลข แต่พบ '96.85x'"
        assert str(problem) == f"khambong.csv, บรรทัด 7, ช่องข้อมูล 'ตัวชี้วัดที่ 4': {problem.message}"
    assert (
        str(problem) == "khambong.csv, line 7, field 'indicator 4': expected a number, got '96.85x'"
    )


def test_a_spreadsheet_problem_says_row_in_either_language() -> None:
    problem = Problem("khambong.xlsx", "…", line=3, field="value", line_label="row")
    assert str(problem) == "khambong.xlsx, row 3, field 'value': …"
    with use_language("th"):
        assert str(problem) == "khambong.xlsx, แถว 3, ช่องข้อมูล 'value': …"


def test_an_out_of_range_score_keeps_its_line_as_a_number_not_only_as_words() -> None:
    """A Thai location cannot be parsed back for its line, so the finding carries it."""
    loaded = parse_result(_bad_csv("120"), "khambong.csv")
    (finding,) = loaded.blocking
    assert (finding.code, finding.line, finding.line_label) == ("out_of_range", 7, "line")
    with use_language("th"):
        assert finding.location == "khambong.csv, บรรทัด 7"
        assert finding.message == "ตัวชี้วัดที่ 4 = 120 อยู่นอกช่วง 0–100"
