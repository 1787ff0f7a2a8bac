"""The self-check against the loopback test site: one verdict per fixture, never a crash or a
hang, and nothing fetched from an address the policy forbids."""

from __future__ import annotations

import asyncio
import ipaddress
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from openita.i18n import use_language
from openita.oitcheck import CheckPolicy, Target, Verdict, check_items_sync
from openita.oitcheck.guard import allowed, url_problem
from openita.oitcheck.reasons import describe, verdict_label
from tests.oitcheck.site import EXPECTED, MB, serve

POLICY = CheckPolicy(
    allow_loopback=True,
    max_bytes=2 * MB,
    read_timeout=1.0,
    connect_timeout=1.0,
    deadline=5.0,
    host_interval=0.0,
)


@pytest.fixture(scope="module")
def site():
    with serve() as base:
        yield base


@pytest.fixture(scope="module")
def checked(site):
    targets = [
        Target(item_id=path, urls=(site + path,), fiscal_year=year)
        for path, (_verdict, year) in EXPECTED.items()
    ]
    started = time.monotonic()
    results = check_items_sync(targets, POLICY)
    return {r.item_id: r for r in results}, time.monotonic() - started


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_fixture_gets_its_verdict(checked, path):
    results, _elapsed = checked
    expected, _year = EXPECTED[path]
    result = results[path]
    assert result.verdict == Verdict(expected), result.links[0].reasons


def test_the_whole_site_is_checked_without_hanging(checked):
    """The slow page waits 3 s and the endless one never ends: the run is bounded anyway."""
    _results, elapsed = checked
    assert elapsed < 15


def test_a_link_says_what_was_found(checked, site):
    results, _ = checked
    moved = results["/ita/moved"].links[0]
    assert moved.redirects == (site + "/ita/moved",)
    assert moved.final_url == site + "/ita/o1.html"
    assert moved.status == 200 and moved.content_type == "text/html"
    assert moved.years[0] == 2569
    wrong = results["/ita/o7-wrong-year.pdf"].links[0]
    assert wrong.years == (2566,)
    assert wrong.reasons[0].code == "other_years"
    old = results["/ita/old.html"].links[0]
    assert old.last_modified is not None and old.last_modified.year == 2020
    huge = results["/ita/huge.pdf"].links[0]
    assert huge.reasons[0].code == "too_large" and huge.size == 50 * MB
    assert results["/ita/bomb.docx"].links[0].reasons[0].code == "zip_bomb"
    assert results["/ita/to-private"].links[0].reasons[0].params["address"] == "10.1.2.3"


def test_reasons_are_worded_in_the_readers_language(checked):
    results, _ = checked
    reason = results["/ita/o7-wrong-year.pdf"].links[0].reasons[0]
    with use_language("en"):
        assert describe(reason) == "mentions 2566 but not fiscal year 2568"
        assert verdict_label(Verdict.WRONG_YEAR) == "wrong year"
    with use_language("th"):
        assert describe(reason) == "พบปี 2566 แต่ไม่พบปีงบประมาณ 2568"
        assert verdict_label(Verdict.WRONG_YEAR) == "ปีไม่ตรง"
    old = results["/ita/old.html"].links[0].reasons[0]
    with use_language("th"):
        assert "1 ก.ย. 2563" in describe(old)


def test_keywords_of_the_criteria_are_looked_for(site):
    targets = [
        Target(
            item_id="O1",
            urls=(site + "/ita/o1.html",),
            fiscal_year=2569,
            keywords=("โครงสร้าง", "อำนาจหน้าที่", "แผนผังองค์กร"),
        ),
        Target(
            item_id="O3",
            urls=(site + "/ita/o3-tis620.html",),
            fiscal_year=2569,
            keywords=("ข้อมูลการติดต่อ",),
        ),
    ]
    o1, o3 = check_items_sync(targets, POLICY)
    assert o1.links[0].keyword_hits == ("โครงสร้าง", "อำนาจหน้าที่")
    assert o1.links[0].keyword_misses == ("แผนผังองค์กร",)
    assert o1.verdict is Verdict.OK
    assert o3.links[0].keyword_hits == ("ข้อมูลการติดต่อ",)


def test_an_item_takes_its_best_link_and_keeps_the_broken_ones(site):
    target = Target(
        item_id="O7",
        urls=(site + "/ita/not-there.pdf", site + "/ita/o7.pdf"),
        fiscal_year=2568,
    )
    (result,) = check_items_sync([target], POLICY)
    assert result.verdict is Verdict.OK
    assert [link.verdict for link in result.broken_links] == [Verdict.BROKEN]


def test_an_item_without_links_is_missing():
    (result,) = check_items_sync([Target("O5", (), 2569)], POLICY)
    assert result.verdict is Verdict.MISSING and result.links == ()


def test_loopback_is_refused_unless_the_policy_allows_it(site):
    target = Target("O1", (site + "/ita/o1.html", "http://localhost:9/"), 2569)
    (result,) = check_items_sync([target], CheckPolicy())
    assert [link.verdict for link in result.links] == [Verdict.REFUSED, Verdict.REFUSED]
    assert result.links[0].reasons[0].code == "private_address"


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("127.0.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:10.0.0.1", False),
        ("224.0.0.1", False),
    ],
)
def test_only_public_addresses_are_allowed(address, ok):
    assert allowed(ipaddress.ip_address(address), allow_loopback=False) is ok


def test_loopback_allowance_never_opens_private_or_metadata_addresses():
    assert allowed(ipaddress.ip_address("127.0.0.1"), allow_loopback=True)
    assert not allowed(ipaddress.ip_address("10.0.0.1"), allow_loopback=True)
    assert not allowed(ipaddress.ip_address("169.254.169.254"), allow_loopback=True)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://example.go.th/a.pdf", "unsupported_scheme"),
        ("file:///etc/passwd", "unsupported_scheme"),
        ("javascript:alert(1)", "unsupported_scheme"),
        ("https://", "invalid_url"),
        ("http://example.go.th:99999/", "invalid_url"),
        ("https://user:secret@example.go.th/", "credentials_in_url"),
        ("https://example.go.th/ita/o1", None),
    ],
)
def test_invalid_urls_are_refused_before_any_connection(url, code):
    assert url_problem(url) == code


def test_a_run_can_be_cancelled(site):
    cancel = threading.Event()
    targets = [Target(f"S{n}", (f"{site}/ita/slow.html?{n}",), 2569) for n in range(4)]
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    assert check_items_sync(targets, POLICY, cancel=cancel) is None
    assert time.monotonic() - started < 2


def test_the_sync_entry_works_where_an_event_loop_already_runs(site):
    """The worker may be called from code that runs a loop (a browser-driving test session)."""

    async def inside() -> list:
        result = check_items_sync([Target("O1", (site + "/ita/o1.html",), 2569)], POLICY)
        assert result is not None
        return result

    # in a thread of its own, so the test runs the same whether pytest's thread has a loop
    with ThreadPoolExecutor(max_workers=1) as pool:
        (result,) = pool.submit(asyncio.run, inside()).result()
    assert result.verdict is Verdict.OK
