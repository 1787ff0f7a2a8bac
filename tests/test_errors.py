"""Messages as data, and the one error base with its exit code and HTTP status.

A problem or finding is made once and read by people of different languages: the uploader is
Thai, the auditor who reads the stored finding through the API may be English. So what is kept
is the code, the English source text (the gettext msgid) and its parameters; the CLI, the page
and the API render it for their reader. Any exception that is not an
:class:`~openita.errors.OpenITAError` is a bug: exit 1 with a logged traceback, never
"bad input, exit 2".
"""

from __future__ import annotations

import json
import logging
import pickle
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import typer
from django.urls import reverse
from typer.testing import CliRunner

from openita import cli
from openita.errors import EXIT_BAD_INPUT, EXIT_FAILED, InputError, OpenITAError, Problem
from openita.frameworks import UnknownFiscalYear
from openita.i18n import use_language
from openita.ingest import parse_result
from openita.limits import LimitExceeded
from openita.message import Message
from openita.scoring.consistency import Finding
from openita.web.assessments import services
from openita.web.assessments.models import Result

from .conftest import EXAMPLES
from .web.conftest import (  # noqa: F401 — the web tests' fixtures, passed in by name
    _fast_password_hashing,
    _media_in_tmp,
    client_as,
    khambong,
    other,
    users,
)

AS_PUBLISHED = EXAMPLES / "khambong-2568-as-published.json"
SEED = EXAMPLES / "khambong-2568.json"
THAI = re.compile("[\u0e00-\u0e7f]")


def _bad_csv() -> bytes:
    doc = json.loads(SEED.read_text(encoding="utf-8"))
    rows = ["item,value", "fiscal_year,2568", f"agency.name,{doc['agency']['name']}"]
    rows += [f"indicator.{n},{'96.85x' if n == '4' else v}" for n, v in doc["indicators"].items()]
    return ("\n".join(rows) + "\n").encode()


def _problem() -> Problem:
    with pytest.raises(InputError) as caught:
        parse_result(_bad_csv(), "khambong.csv")
    (problem,) = caught.value.problems
    return problem


def _conflict() -> Finding:
    loaded = parse_result(AS_PUBLISHED.read_bytes(), AS_PUBLISHED.name)
    (finding,) = [f for f in loaded.findings if f.code == "conflicting_values"]
    return finding


# --- one stored problem, two languages ----------------------------------------------------------


def test_a_problem_carries_its_code_english_source_text_and_params() -> None:
    problem = _problem()
    assert problem.code == "not_a_number"
    assert problem.text == "expected a number, got {value}"
    assert problem.params == {"value": "'96.85x'"}
    assert (problem.file, problem.line, problem.line_label) == ("khambong.csv", 7, "line")


def test_the_same_stored_problem_renders_in_thai_and_in_english() -> None:
    stored = json.dumps(_problem().as_data(), ensure_ascii=False)
    problem = Problem.from_data(json.loads(stored))
    assert problem == _problem()
    assert problem.render("en") == "expected a number, got '96.85x'"
    assert problem.render("th") == "ต้องเป็นตัวเลข แต่พบ '96.85x'"
    assert (
        str(problem) == "khambong.csv, line 7, field 'indicator 4': expected a number, got '96.85x'"
    )
    with use_language("th"):
        assert str(problem) == (
            "khambong.csv, บรรทัด 7, ช่องข้อมูล 'ตัวชี้วัดที่ 4': ต้องเป็นตัวเลข แต่พบ '96.85x'"
        )


def test_a_stored_finding_renders_its_nested_parts_in_the_readers_language() -> None:
    """The conflict names where each value was read ("line 12") inside its sentence: those
    nested messages follow the reader's language too, not the uploader's."""
    stored = json.loads(json.dumps(_conflict().as_data(), ensure_ascii=False))
    finding = Finding.from_data(stored)
    assert finding == _conflict()
    english, thai = finding.render("en"), finding.render("th")
    assert english.startswith("indicator 8 has two different values: 99.71 (from ")
    assert thai.startswith("ตัวชี้วัดที่ 8 ") and "บรรทัด" in thai and "line" not in thai
    assert re.findall(r"\d+\.\d+", english) == re.findall(r"\d+\.\d+", thai)


def test_str_of_a_problem_or_finding_is_in_the_current_language() -> None:
    finding = _conflict()
    with use_language("th"):
        assert finding.message == finding.render("th")
    assert finding.message == finding.render("en")


def test_a_problem_made_the_old_way_with_a_finished_text_still_works() -> None:
    """Code written before messages were data passes a finished string: shown as it is."""
    problem = Problem("plan.yaml", message="the {weird} text, kept as it is", line=3)
    assert problem.message == "the {weird} text, kept as it is"
    assert (problem.code, problem.params) == (None, {})
    with use_language("th"):
        assert str(problem) == "plan.yaml, บรรทัด 3: the {weird} text, kept as it is"
    assert Problem.from_data(problem.as_data()) == problem
    finding = Finding("warning", "legacy", "ข้อความเดิม", subject="8")
    assert Finding.from_data(finding.as_data()) == finding


def test_a_translation_with_a_broken_placeholder_falls_back_to_the_english_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import openita.message

    monkeypatch.setattr(openita.message, "translate", lambda text: "ผิด {missing}")
    assert Message("line {number}", number=3).render() == "line 3"


def test_problems_and_errors_survive_pickling_for_the_report_workers() -> None:
    error = InputError([_problem()])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems and str(again) == str(error)
    finding = _conflict()
    assert pickle.loads(pickle.dumps(finding)) == finding


# --- one base, its exit code and HTTP status ----------------------------------------------------


def test_every_user_error_shares_one_base_with_exit_code_and_http_status() -> None:
    from openita.analysis.optimizer import BadTarget
    from openita.analysis.whatif import WhatIfError
    from openita.reports.pdf import ConversionFailed, ConverterMissing

    assert issubclass(InputError, OpenITAError)
    assert (InputError.exit_code, InputError.http_status) == (EXIT_BAD_INPUT, 422)
    assert LimitExceeded("big.json", "too_large", "too large").status == 413
    assert LimitExceeded("deep.json", "too_deep", "too deep").status == 422
    assert (UnknownFiscalYear(2590, "2567").exit_code, UnknownFiscalYear.http_status) == (2, 404)
    for error in (BadTarget, WhatIfError):
        assert issubclass(error, OpenITAError) and error.exit_code == EXIT_BAD_INPUT
    for error in (ConverterMissing, ConversionFailed):
        assert issubclass(error, OpenITAError) and error.exit_code == EXIT_FAILED


# --- the CLI: one handler, a bug is not bad input -----------------------------------------------

runner = CliRunner()


def test_the_cli_reports_bad_input_with_exit_2_and_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "khambong.csv"
    path.write_bytes(_bad_csv())
    out = runner.invoke(cli.app, ["score", str(path)])
    assert out.exit_code == EXIT_BAD_INPUT
    assert f"Cannot use {path}" in out.output
    assert "line 7, field 'indicator 4': expected a number, got '96.85x'" in out.output
    assert "Traceback" not in out.output


def test_the_cli_speaks_thai_for_bad_input_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "khambong.csv"
    path.write_bytes(_bad_csv())
    with use_language("th"):
        out = runner.invoke(cli.app, ["score", str(path)])
    assert out.exit_code == EXIT_BAD_INPUT
    assert "ต้องเป็นตัวเลข แต่พบ '96.85x'" in out.output


def test_a_bug_in_a_command_is_a_crash_with_exit_1_and_a_logged_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import openita.ingest

    def broken(path: Any) -> Any:
        raise ZeroDivisionError("division by zero in the importer")

    monkeypatch.setattr(openita.ingest, "read_result", broken)
    with caplog.at_level(logging.ERROR, logger="openita.cli"):
        out = runner.invoke(cli.app, ["score", str(SEED)])
    assert out.exit_code == EXIT_FAILED
    assert "internal error" in out.output and "ZeroDivisionError" in out.output
    assert "Cannot use" not in out.output and "problem(s)" not in out.output
    (record,) = [r for r in caplog.records if r.name == "openita.cli"]
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def test_a_value_error_from_a_bug_is_not_bad_input_either(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ValueError once meant "bad --previous" in the CLI; a ValueError from a bug must not."""
    from openita import scoring

    def broken(*args: Any) -> Any:
        raise ValueError("a bug")

    monkeypatch.setattr(scoring, "compare", broken)
    out = runner.invoke(cli.app, ["score", str(SEED), "--previous", str(SEED)])
    assert out.exit_code == EXIT_FAILED
    assert "internal error" in out.output


def test_a_previous_result_that_is_not_older_is_bad_input(tmp_path: Path) -> None:
    out = runner.invoke(cli.app, ["score", str(SEED), "--previous", str(SEED)])
    assert out.exit_code == EXIT_BAD_INPUT
    assert "previous result (2568) must be older than the current one (2568)" in out.output


def test_a_command_that_exits_on_purpose_keeps_its_exit_code() -> None:
    out = runner.invoke(cli.app, ["validate", str(AS_PUBLISHED)])
    assert out.exit_code == 1  # error findings, not a crash
    assert "internal error" not in out.output


def test_the_group_lets_typer_exits_through() -> None:
    app = typer.Typer(cls=cli.OpenITAGroup)

    @app.command()
    def stop() -> None:
        raise typer.Exit(7)

    @app.command()
    def other() -> None:
        """A second command, so ``stop`` stays a subcommand."""

    assert runner.invoke(app, ["stop"]).exit_code == 7


# --- the web page and the API render the stored finding for their reader ------------------------


def _store_in_thai(agency: Any) -> Result:
    with use_language("th"):
        upload = services.read_upload(AS_PUBLISHED.read_bytes(), AS_PUBLISHED.name, agency)
        return services.save_result(agency, upload)


def _text(response: Any) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(html))


def test_the_findings_column_keeps_code_and_params_not_the_uploaders_words(khambong: Any) -> None:
    row = _store_in_thai(khambong)
    row.refresh_from_db()
    [stored] = [f for f in row.findings if f["code"] == "conflicting_values"]
    assert stored["message"]["text"].startswith("indicator {indicator} has two different values")
    assert stored["message"]["params"]["indicator"] == "8"
    kept = json.dumps(stored, ensure_ascii=False)
    assert "{file}, line {number}" in kept  # where each value was read, as data too
    assert "ตัวชี้วัด" not in kept and "บรรทัด" not in kept  # no Thai words of the uploader


def test_the_dashboard_shows_a_stored_finding_in_the_readers_language_after_switching(
    client_as: Any, khambong: Any
) -> None:
    _store_in_thai(khambong)
    client = client_as("viewer")
    url = reverse("assessments:dashboard", kwargs={"code": "khambong"})
    thai = _text(client.get(url, {"year": 2568}))
    assert _conflict().render("th") in thai
    switched = client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert switched.status_code == 302
    english = _text(client.get(url, {"year": 2568}))
    assert _conflict().render("en") in english
    assert _conflict().render("th") not in english


def test_the_api_returns_code_params_and_the_text_in_the_requests_language(
    client_as: Any, khambong: Any
) -> None:
    _store_in_thai(khambong)
    client = client_as("viewer")
    answers = {
        language: client.get(
            "/api/agencies/khambong/results/2568", HTTP_ACCEPT_LANGUAGE=language
        ).json()
        for language in ("en", "th")
    }
    en, th = (
        next(f for f in answers[lang]["findings"] if f["code"] == "conflicting_values")
        for lang in ("en", "th")
    )
    assert en["text"] == th["text"] == _conflict().text
    assert en["params"]["indicator"] == th["params"]["indicator"] == "8"
    assert en["message"] == _conflict().render("en")
    assert th["message"] == _conflict().render("th")


def test_an_api_problem_has_code_text_params_and_message(client_as: Any, khambong: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("editor")
    response = client.post(
        "/api/agencies/khambong/results",
        {"file": SimpleUploadedFile("khambong.csv", _bad_csv())},
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert response.status_code == 422
    [problem] = response.json()["problems"]
    assert problem["code"] == "not_a_number"
    assert problem["text"] == "expected a number, got {value}"
    assert problem["params"] == {"value": "'96.85x'"}
    assert problem["message"] == "ต้องเป็นตัวเลข แต่พบ '96.85x'"
    assert (problem["line"], problem["field"]) == (7, "ตัวชี้วัดที่ 4")


def test_rows_saved_before_messages_were_data_keep_their_old_text(khambong: Any) -> None:
    """Migration 0003 leaves the old sentence as the message; it is shown as it is."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("openita.web.assessments.migrations.0004_findings_as_data")
    row = _store_in_thai(khambong)
    old = {"severity": "error", "code": "conflicting_values", "message": "ตัวชี้วัดที่ 8 เก่า",
           "subject": "8", "location": None}  # fmt: skip
    Result.objects.filter(pk=row.pk).update(findings=[old])
    migration.forwards(apps, None)
    row.refresh_from_db()
    [finding] = services.stored_findings(row)
    assert (finding.code, finding.subject, finding.blocking) == ("conflicting_values", "8", False)
    assert finding.render("en") == finding.render("th") == "ตัวชี้วัดที่ 8 เก่า"
    migration.forwards(apps, None)  # a second run changes nothing
    row.refresh_from_db()
    assert [Finding.from_data(f) for f in row.findings] == [finding]


def test_a_stored_file_is_read_once_for_every_language(khambong: Any) -> None:
    """The findings are data, so the importer's reading is not kept per language."""
    row = _store_in_thai(khambong)
    with use_language("th"):
        thai = services._loaded(row)
    with use_language("en"):
        english = services._loaded(row)
    assert thai is english


def test_a_bug_behind_the_api_is_a_500_not_bad_input(
    client_as: Any, khambong: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("a bug, not the caller's input")

    monkeypatch.setattr(services, "read_upload", broken)
    client = client_as("editor")
    client.raise_request_exception = False
    response = client.post(
        "/api/agencies/khambong/results", {"file": SimpleUploadedFile("k.json", SEED.read_bytes())}
    )
    assert response.status_code == 500
