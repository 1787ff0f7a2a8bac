"""``openita oit check --agency CODE``: the links stored in the web app, checked by the code the
web app's button runs, stored as a run; ``--crawl`` adds the crawl of the agency's site."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from openita.cli import app
from openita.i18n import use_language
from openita.web.oit.models import CheckOutcome, CheckRun, EvidenceLink
from tests.oitcheck.site import serve
from tests.web.conftest import khambong  # noqa: F401 — a web fixture, passed in by name

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.OPENITA_OITCHECK_ALLOW_LOOPBACK = True
    with serve() as base:
        yield base


def _link(agency, item, url):
    EvidenceLink.objects.create(agency=agency, fiscal_year=2569, item_id=item, url=url)


def test_agency_links_are_checked_stored_as_a_run_and_printed(khambong, site):  # noqa: F811
    _link(khambong, "O1", f"{site}/ita/o1.html")
    _link(khambong, "O7", f"{site}/ita/o7-wrong-year.pdf")
    result = CliRunner().invoke(app, ["oit", "check", "--year", "2569", "--agency", "khambong"])
    assert result.exit_code == 1, result.output  # O7 is flagged, most items have no link
    assert "O7" in result.output and "wrong year" in result.output
    run = CheckRun.objects.get()
    assert run.agency == khambong and run.fiscal_year == 2569
    assert run.status == CheckRun.Status.DONE and not run.crawl and run.crawl_report == {}
    assert run.items_done == run.items_total > 20
    verdicts = dict(CheckOutcome.objects.filter(run=run).values_list("item_id", "verdict"))
    assert verdicts["O1"] == "ok" and verdicts["O7"] == "wrong_year"
    assert verdicts["O2"] == "missing"


def test_crawl_suggestions_are_stored_with_the_run_and_printed(khambong, site):  # noqa: F811
    _link(khambong, "O1", f"{site}/ita/o1.html")
    result = CliRunner().invoke(
        app, ["oit", "check", "--year", "2569", "--agency", "khambong", "--crawl", "--json"]
    )
    assert result.exit_code == 1, result.output
    items = {r["item_id"]: r for r in json.loads(result.stdout)}  # the crawl's summary: stderr
    assert "robots.txt" in result.stderr
    assert items["O13"]["suggestions"][0]["url"] == f"{site}/site/docs/o13.pdf"
    run = CheckRun.objects.get()
    assert run.crawl and run.crawl_report["start"] == f"{site}/"  # the site O1's link is on
    assert run.crawl_report["pages"] > 10 and run.crawl_report["blocked"] == 2
    o13 = CheckOutcome.objects.get(run=run, item_id="O13")
    assert o13.suggestions[0]["url"] == f"{site}/site/docs/o13.pdf"
    assert o13.suggestions[0]["reasons"][0]["code"] == "suggested"
    assert CheckOutcome.objects.get(run=run, item_id="O1").suggestions == []


def test_an_unknown_agency_code_exits_2_and_stores_nothing(khambong):  # noqa: F811
    result = CliRunner().invoke(app, ["oit", "check", "--year", "2569", "--agency", "nope"])
    assert result.exit_code == 2
    assert "no agency has the code nope" in result.output
    with use_language("th"):  # the same message, worded for a Thai reader
        thai = CliRunner().invoke(app, ["oit", "check", "--year", "2569", "--agency", "nope"])
    assert thai.exit_code == 2 and "ไม่มีหน่วยงานที่มีรหัส nope" in thai.output
    assert not CheckRun.objects.exists()


def test_an_unknown_year_exits_2_and_stores_nothing(khambong):  # noqa: F811
    result = CliRunner().invoke(app, ["oit", "check", "--year", "2025", "--agency", "khambong"])
    assert result.exit_code == 2, result.output
    assert not CheckRun.objects.exists()


def test_a_running_self_check_of_the_agency_and_year_is_not_doubled(khambong):  # noqa: F811
    CheckRun.objects.create(agency=khambong, fiscal_year=2569, status=CheckRun.Status.RUNNING)
    result = CliRunner().invoke(app, ["oit", "check", "--year", "2569", "--agency", "khambong"])
    assert result.exit_code == 2
    assert "already running" in result.output
    assert CheckRun.objects.count() == 1


def test_a_database_without_tables_exits_2_saying_to_migrate(monkeypatch):
    from django.db import OperationalError

    from openita.web.agencies.models import Agency

    def no_table(*args, **kwargs):
        raise OperationalError("no such table: agencies_agency")

    monkeypatch.setattr(Agency.objects, "filter", no_table)
    result = CliRunner().invoke(app, ["oit", "check", "--year", "2569", "--agency", "khambong"])
    assert result.exit_code == 2
    assert "openita manage migrate" in result.output and "internal error" not in result.output
