"""The crawl of the agency's site against the loopback test site: robots.txt obeyed (the
server's request log shows what was asked), other hosts not followed, loops visited once, the
page limit held, and documents proposed for the items without link."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from openita.frameworks.guidance import guidance_of
from openita.frameworks.loader import load_framework
from openita.i18n import use_language
from openita.oitcheck import CheckPolicy, Reason, Target, check_items_sync
from openita.oitcheck.crawl import same_site_key, score, site_root
from openita.oitcheck.links import targets
from openita.oitcheck.model import CrawlReport
from openita.oitcheck.reasons import describe
from tests.oitcheck.site import MB, serve

POLICY = CheckPolicy(
    allow_loopback=True,
    max_bytes=2 * MB,
    read_timeout=1.0,
    connect_timeout=1.0,
    deadline=5.0,
    host_interval=0.0,
)
FRAMEWORK = load_framework(2569)


def _crawl(policy: CheckPolicy = POLICY, links: dict[str, list[str]] | None = None):
    reports: list[CrawlReport] = []
    with serve() as base:
        wanted = targets(FRAMEWORK, {k: [base + u for u in v] for k, v in (links or {}).items()})
        started = time.monotonic()
        results = check_items_sync(wanted, policy, crawl_from=base + "/", on_crawl=reports.append)
        elapsed = time.monotonic() - started
        requests = list(base.requests)
    assert results is not None
    return {r.item_id: r for r in results}, reports[0], requests, elapsed, base


@pytest.fixture(scope="module")
def crawled():
    return _crawl(links={"O2": ["/ita/o2-thai-digits.html"]})


def test_robots_txt_is_read_first_and_what_it_forbids_is_never_fetched(crawled):
    _results, report, requests, _elapsed, _base = crawled
    crawl_requests = [r for r in requests if r != "/ita/o2-thai-digits.html"]
    assert crawl_requests[0] == "/robots.txt"
    assert "/site/plan" in requests  # a redirect into the forbidden folder: not followed
    assert "/site/private/o25-plan.pdf" not in requests
    assert "/site/no-crawl.html" not in requests
    assert report.blocked == 2


def test_links_and_redirects_to_another_host_are_not_followed(crawled):
    _results, report, requests, _elapsed, _base = crawled
    assert "/site/away" in requests  # the redirect itself is on the site
    assert "/site/elsewhere.html" not in requests  # where it leads is not
    assert report.elsewhere == 1  # the link and the redirect lead to the same page


def test_every_page_is_fetched_once_loops_and_fragments_included(crawled):
    _results, _report, requests, _elapsed, _base = crawled
    assert {"/", "/site/loop-1.html", "/site/loop-2.html", "/site/ita.html"} <= set(requests)
    assert max(Counter(requests).values()) == 1, Counter(requests).most_common(3)
    assert "/ita/logo.png" not in requests  # images are never evidence: not fetched


def test_the_depth_limit_holds(crawled):
    _results, report, requests, _elapsed, _base = crawled
    many = [r for r in requests if r.startswith("/site/many/")]
    # home (0) → many/0 (1) → 1..3 (2) → 4..12 (3); depth 3 is the default limit
    assert sorted(many) == sorted(f"/site/many/{n}.html" for n in range(13))
    assert report.pages == len(requests) - 2  # robots.txt and O2's own link not counted
    assert not report.notes


def test_the_crawl_is_bounded_in_time_with_huge_and_endless_pages_on_the_site(crawled):
    _results, _report, requests, elapsed, _base = crawled
    assert "/ita/huge.pdf" in requests and "/ita/endless.html" in requests
    assert elapsed < 15


def test_documents_are_proposed_for_items_without_link_best_first(crawled):
    results, _report, _requests, _elapsed, base = crawled
    o13 = results["O13"].suggestions
    assert o13 and o13[0].url == base + "/site/docs/o13.pdf"  # the document, not the index
    assert o13[0].reasons[0] == Reason(
        "suggested",
        # the item's keywords (framework data), all found; the year is the previous one
        {"keywords": ", ".join(guidance_of(FRAMEWORK, "O13").keywords), "year": 2568},
    )
    assert o13[0].label == "O13 รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"
    assert [s.score for s in o13] == sorted((s.score for s in o13), reverse=True)
    assert results["O1"].suggestions[0].url == base + "/ita/o1.html"
    # The PDF's own text is garbled Thai; the link to it names it, and the PDF says 2568.
    assert results["O7"].suggestions[0].url == base + "/ita/o7.pdf"
    o25 = results["O25"].suggestions
    assert o25[0].url == base + "/ita/o10.docx" and o25[0].score == 1.0
    # The ITA index page names the plan too, and O1: ranked below the document itself.
    assert o25[1].url == base + "/site/ita.html" and o25[1].score < o25[0].score
    # the index also holds other items' keywords (O1's and the shorter derived ones)
    assert o25[1].reasons[1].code == "matches_other_items"
    assert int(o25[1].reasons[1].params["count"]) >= 1
    o25 = [s.url for s in o25]
    assert not any("/site/private/" in url for url in o25)
    assert results["O25"].verdict == "missing"  # a suggestion is not evidence
    assert all(len(r.suggestions) <= POLICY.crawl_suggestions for r in results.values())


def test_an_item_with_a_link_gets_no_suggestions(crawled):
    results, *_ = crawled
    assert results["O2"].verdict == "ok" and results["O2"].suggestions == ()


def test_the_page_limit_holds_on_an_endless_site():
    policy = CheckPolicy(**{**POLICY.__dict__, "crawl_pages": 10, "crawl_depth": 50})
    _results, report, requests, _elapsed, _base = _crawl(policy)
    assert report.pages == 10
    assert len(requests) == 11  # and robots.txt
    assert report.notes == (Reason("page_limit", {"limit": 10}),)


def test_rules_for_other_user_agents_do_not_apply_to_us_and_ours_are_matched_by_name():
    policy = CheckPolicy(**{**POLICY.__dict__, "user_agent": "SomeBot/2"})
    _results, report, requests, _elapsed, _base = _crawl(policy)
    assert requests == ["/robots.txt"]  # "User-agent: *" keeps everyone else out
    assert report.pages == 0 and report.blocked == 1


def test_a_site_whose_robots_txt_does_not_answer_is_not_crawled():
    with serve() as base:
        closed = "http://127.0.0.1:9/"
        reports: list[CrawlReport] = []
        check_items_sync(targets(FRAMEWORK, {}), POLICY, crawl_from=closed, on_crawl=reports.append)
        assert base.requests == []
    assert reports[0].pages == 0
    assert reports[0].notes == (Reason("robots_unavailable", {"url": closed + "robots.txt"}),)


def test_a_site_is_not_searched_when_every_item_has_a_link():
    with serve() as base:
        links = dict.fromkeys(FRAMEWORK.oit_items, (f"{base}/ita/o1.html",))
        wanted = [
            Target(t.item_id, links[t.item_id], t.fiscal_year, keywords=t.keywords)
            for t in targets(FRAMEWORK, {})
        ]
        reports: list[CrawlReport] = []
        check_items_sync(wanted, POLICY, crawl_from=base + "/", on_crawl=reports.append)
        assert set(base.requests) == {"/ita/o1.html"}
    assert reports[0].notes == (Reason("all_linked"),) and reports[0].pages == 0


def test_a_crawl_can_be_cancelled():
    policy = CheckPolicy(
        **{**POLICY.__dict__, "crawl_pages": 10_000, "crawl_depth": 50, "host_interval": 0.2}
    )
    cancel = threading.Event()
    with serve() as base:
        threading.Timer(0.5, cancel.set).start()
        started = time.monotonic()
        result = check_items_sync(
            targets(FRAMEWORK, {}), policy, cancel=cancel, crawl_from=base + "/"
        )
        elapsed = time.monotonic() - started
        time.sleep(0.5)
        after = len(base.requests)
        time.sleep(0.5)
        assert len(base.requests) == after  # nothing fetched once cancelled
    assert result is None and elapsed < 3


def test_site_root_and_same_site():
    assert site_root(["https://www.a.go.th/ita/o1", "https://www.a.go.th/x", "http://b.th/"]) == (
        "https://www.a.go.th/"
    )
    assert site_root(["mailto:a@b", "not a url"]) is None
    assert same_site_key("https://www.a.go.th/x") == same_site_key("http://a.go.th:80/y")
    assert same_site_key("https://a.go.th:8443/") != same_site_key("https://a.go.th/")
    assert same_site_key("https://b.go.th/") != same_site_key("https://a.go.th/")


def test_score_prefers_documents_and_specific_pages():
    assert score(1, 1, "pdf", 1) > score(1, 1, "html", 1) > score(1, 1, "html", 3)
    assert score(1, 2, "pdf", 1) < score(2, 2, "pdf", 1)


def test_crawl_reasons_read_in_both_languages_from_the_same_data():
    reason = Reason("robots_disallowed", {"url": "https://a.go.th/private/"})
    with use_language("th"):
        thai = describe(reason)
    with use_language("en"):
        english = describe(reason)
    assert "https://a.go.th/private/" in thai and "https://a.go.th/private/" in english
    assert thai != english and "robots.txt" in english


def test_page_links_are_absolute_with_clean_labels_and_long_addresses_are_not_followed():
    from openita.oitcheck.crawl import _normal
    from openita.oitcheck.documents import page_links
    from openita.oitcheck.fetch import Fetched

    body = (
        '<html><head><base href="https://a.go.th/ita/"></head><body>'
        '<a href="o1.pdf">O1\x01  โครงสร้าง\n</a><a href="#top">top</a>'
        '<iframe src="/frame.html" title="กรอบ"></iframe><img src="logo.png"></body></html>'
    ).encode()
    fetched = Fetched(
        url="https://a.go.th/",
        final_url="https://a.go.th/",
        status=200,
        redirects=(),
        content_type="text/html",
        charset="utf-8",
        declared_size=None,
        body=body,
        truncated=False,
        last_modified=None,
    )
    assert page_links(fetched, 10) == [
        ("https://a.go.th/ita/o1.pdf", "O1 โครงสร้าง"),
        ("https://a.go.th/ita/#top", "top"),
        ("https://a.go.th/frame.html", "กรอบ"),
    ]
    assert page_links(fetched, 1) == [("https://a.go.th/ita/o1.pdf", "O1 โครงสร้าง")]
    assert _normal("https://a.go.th/ita/#top") == "https://a.go.th/ita/"
    assert _normal("https://a.go.th/" + "x" * 1000) is None
    assert _normal("https://a.go.th/logo.PNG") is None
    assert _normal("javascript:alert(1)") is None
