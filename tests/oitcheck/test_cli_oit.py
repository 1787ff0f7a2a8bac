"""``openita oit check`` against the loopback test site."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from openita.cli import app
from tests.oitcheck.site import serve


def test_check_prints_a_verdict_per_item_and_exits_1_when_some_are_flagged(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENITA_OITCHECK_ALLOW_LOOPBACK", "1")
    with serve() as base:
        links = tmp_path / "links.csv"
        links.write_text(
            f"item,url\nO1,{base}/ita/o1.html\nO7,{base}/ita/o7-wrong-year.pdf\n"
            f"O12,{base}/ita/not-there.pdf\n",
            encoding="utf-8",
        )
        result = CliRunner().invoke(
            app, ["oit", "check", "--year", "2569", "--links", str(links), "--json"]
        )
    assert result.exit_code == 1, result.output
    verdicts = {r["item_id"]: r["verdict"] for r in json.loads(result.output)}
    assert verdicts["O1"] == "ok"
    assert verdicts["O7"] == "wrong_year"  # the annual report must cover 2568; it says 2566
    assert verdicts["O12"] == "broken"
    assert verdicts["O2"] == "missing"


def test_loopback_is_refused_without_the_setting(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENITA_OITCHECK_ALLOW_LOOPBACK", raising=False)
    links = tmp_path / "links.csv"
    links.write_text("item,url\nO1,http://127.0.0.1:9/o1\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["oit", "check", "--year", "2568", "--links", str(links), "--json"]
    )
    assert result.exit_code == 1
    (o1,) = [r for r in json.loads(result.output) if r["item_id"] == "O1"]
    assert o1["verdict"] == "refused"


def test_a_bad_links_file_exits_2_naming_line_and_field(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text("item,url\nX1,https://a.go.th\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["oit", "check", "--year", "2568", "--links", str(links)])
    assert result.exit_code == 2
    assert "line 2" in result.output and "item" in result.output


def test_links_or_agency_is_required_and_not_both(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text("item,url\n", encoding="utf-8")
    for args in ([], ["--links", str(links), "--agency", "khambong"]):
        result = CliRunner().invoke(app, ["oit", "check", "--year", "2569", *args])
        assert result.exit_code == 2
        assert "give either --links FILE or --agency CODE" in result.output


def test_a_links_file_with_crawl_needs_no_database_and_proposes_documents(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENITA_OITCHECK_ALLOW_LOOPBACK", "1")
    with serve() as base:
        links = tmp_path / "links.csv"
        links.write_text(f"item,url\nO1,{base}/ita/o1.html\n", encoding="utf-8")
        result = CliRunner().invoke(
            app,
            ["oit", "check", "--year", "2569", "--links", str(links), "--crawl"],
            env={"COLUMNS": "300"},
        )
    assert result.exit_code == 1, result.output
    assert "found on the site" in result.output
    assert "/site/docs/o13.pdf" in result.output
    assert "closed to us by robots.txt" in result.output
