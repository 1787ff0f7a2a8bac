"""``openita report``: files in, DOCX/PDF out; bad input exits 2 and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from openita.cli import OpenITAGroup
from openita.cli_report import register
from tests.reports.conftest import EXAMPLES, needs_pdf_tools

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    """A bare app with only the report command (the lead wires it into openita.cli)."""
    application = typer.Typer(cls=OpenITAGroup)  # the CLI's one error handler
    register(application)

    @application.callback()
    def main() -> None:
        """OpenITA (test)."""

    return application


def test_report_writes_a_docx_named_after_the_input(app: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["report", str(EXAMPLES / "khambong-2568.json"),
         "--previous", str(EXAMPLES / "khambong-2567.json"),
         "--format", "docx", "-o", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "khambong-2568.docx").stat().st_size > 10_000
    assert not list(tmp_path.glob("*.pdf"))


@needs_pdf_tools
def test_several_agencies_get_a_docx_and_a_pdf_each(app: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["report", str(EXAMPLES / "khambong-2568.json"),
         str(EXAMPLES / "khambong-2568-as-published.json"),
         "--history", str(EXAMPLES), "-j", "2", "-o", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "khambong-2568-as-published.docx", "khambong-2568-as-published.pdf",
        "khambong-2568.docx", "khambong-2568.pdf",
    ]  # fmt: skip


def test_an_unknown_format_is_bad_input(app: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", str(EXAMPLES / "khambong-2568.json"), "-f", "odt", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())


def test_a_bad_averages_file_names_its_line_and_writes_nothing(
    app: typer.Typer, tmp_path: Path
) -> None:
    averages = tmp_path / "avg.yaml"
    averages.write_text("national: 93.82\nprovince: สูง\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["report", str(EXAMPLES / "khambong-2568.json"), "--averages", str(averages),
         "-f", "docx", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "line 2" in result.output
    assert not out.exists()


def test_an_unreadable_result_file_is_bad_input(app: typer.Typer, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["report", str(broken), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "broken.json" in result.output


def test_a_template_that_tries_to_escape_the_sandbox_is_refused(
    app: typer.Typer, tmp_path: Path
) -> None:
    from docx import Document

    evil = tmp_path / "evil.docx"
    doc = Document()
    doc.add_paragraph("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    doc.save(str(evil))
    result = runner.invoke(
        app,
        ["report", str(EXAMPLES / "khambong-2568.json"), "--template", str(evil),
         "-f", "docx", "-o", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "sandbox" in result.output
