"""Reasons in the reader's language: a :class:`~openita.oitcheck.model.Reason` is a code and
parameters; this is the one place that words them (English msgids, Thai in openita.po)."""

from __future__ import annotations

from datetime import date

from openita.i18n import _
from openita.limits import size_text
from openita.oitcheck.model import Reason, Verdict
from openita.thaidate import thai_date


def verdict_label(verdict: Verdict) -> str:
    labels = {
        Verdict.OK: _("ready"),
        Verdict.PENDING: _("not ready: PDF pending"),
        Verdict.NO_YEAR: _("year not stated"),
        Verdict.OUTDATED: _("outdated"),
        Verdict.WRONG_YEAR: _("wrong year"),
        Verdict.UNREADABLE: _("cannot be read"),
        Verdict.BROKEN: _("broken link"),
        Verdict.UNREACHABLE: _("site not reachable"),
        Verdict.REFUSED: _("link refused"),
        Verdict.MISSING: _("no link"),
    }
    return labels[verdict]


def describe(reason: Reason) -> str:
    p = dict(reason.params)
    if "size" in p and isinstance(p["size"], int):
        p["size"] = size_text(p["size"])
    if "date" in p and isinstance(p["date"], str):
        p["date"] = thai_date(date.fromisoformat(p["date"]), abbreviated=True)
    texts = {
        "invalid_url": _("{url} is not a valid web address"),
        "unsupported_scheme": _("{url} is not an http or https address"),
        "credentials_in_url": _("{url} carries a user name or password; publish a public link"),
        "private_address": _(
            "the address resolves to {address}, a private or local network address"
        ),
        "connect_failed": _("the site did not answer ({error})"),
        "timeout": _("no complete answer within {seconds} seconds"),
        "http_error": _("the server answered with error {status}"),
        "redirect_loop": _("the link redirects in a loop (back to {url})"),
        "too_many_redirects": _("more than {limit} redirects"),
        "too_large": _("the document is larger than the self-check reads ({size})"),
        "unsupported_type": _("{content_type} is not a page or document the self-check reads"),
        "damaged_document": _("the {kind} file cannot be read ({error})"),
        "zip_bomb": _("the {kind} file unpacks to {size}, too large to be a real document"),
        "year_found": _("mentions fiscal year {year}"),
        "other_years": _("mentions {years} but not fiscal year {year}"),
        "no_year": _("mentions no Buddhist-era year; the assessor cannot tell it covers {year}"),
        "outdated": _("last changed on {date}, before fiscal year {year} began"),
        "keywords_missing": _("does not contain: {keywords}"),
        "no_links": _("no link was given for this item"),
        "file_missing": _("the uploaded file is missing from storage; upload it again"),
        "document_ready": _("the OpenITA document of fiscal year {year} is attached and public"),
        "document_gone": _(
            "the OpenITA document of fiscal year {year} cannot be made any more "
            "(its result or plan was removed)"
        ),
        "document_pending": _(
            "the OpenITA document of fiscal year {year} is attached and public, but its PDF "
            "is still being prepared; check again in a few minutes"
        ),
        "document_not_public": _(
            "the OpenITA document of fiscal year {year} is attached, but its link opens only "
            "once the item is shown on the public page"
        ),
        "suggested": _("mentions {keywords} and fiscal year {year}"),
        "matches_other_items": _("also matches {count} other items (perhaps an index page)"),
        "other_host": _("{url} is on another site; the crawl stays on the agency's own"),
        "robots_disallowed": _("{url} is closed to us by the site's robots.txt"),
        "robots_unavailable": _(
            "the site's robots.txt ({url}) did not answer; the site was not crawled"
        ),
        "crawl_deadline": _("the crawl stopped after {seconds} seconds"),
        "page_limit": _("the crawl stopped after {limit} pages"),
        "all_linked": _("every item has a link; the site was not searched"),
        "no_site": _("no website to crawl: give a start page or add a link on the agency's site"),
    }
    text = texts.get(reason.code)
    if text is None:
        return reason.code
    return text.format(**p)
