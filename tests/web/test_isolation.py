"""No one sees or changes another agency's data: every URL × every role (issue 6, 0 leaks).

The policy table below names, for every URL of the site, the HTTP method that matters and the
access it needs (:class:`openita.web.agencies.access.Access`). A test fails when a URL exists
that the table does not name, so a new page cannot skip this check. For every agency URL and
every role the response must be exactly what the role's access to เทศบาลตำบลคำบง allows:

* anonymous → redirect to the log-in page;
* no access to the agency → 404 (its existence is not revealed);
* some access, but less than needed → 403, and nothing changed (no audit event);
* enough access → neither 403 nor 404 nor a server error.

Assessors have no level on the ladder: every page answers them 404, except the OIT workspace
of the agency and year assigned to them. Rules say so with ``assessor``: ``"read"`` (the
checklist and its evidence: the assigned assessor reads), ``"sees"`` (the assessor is answered
403: the agency's own change in the workspace), ``"review"`` (writing reviews and
deciding contests: only the assigned assessor and the site administrator; everyone else who
sees the agency gets 403).

URLs that take an object id are also called with the id of the *other* agency's object under
khambong's code (and khambong's object under the other agency's code): always 404, even for
the site administrator, so an id never reaches across agencies. Pages that list agencies must
show exactly the agencies the role may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openita.web.agencies.access import Access
from openita.web.agencies.models import Agency, Membership, Unit
from openita.web.audit.models import AuditEvent
from openita.web.oit.models import (
    CheckRun,
    Contest,
    DocumentEvidence,
    EvidenceFile,
    EvidenceLink,
    ItemReview,
)
from openita.web.plans import services as plan_services
from openita.web.plans.models import ActionPlan, Comment, Evidence, Measure, Section

from .conftest import ROLES, make_khambong, make_other, make_users

#: Each role's access to khambong (the agency every URL is called for).
ACCESS_TO_KHAMBONG = {
    "anonymous": Access.NONE,
    "site_admin": Access.MANAGE,
    "coordinator": Access.VIEW,
    "coordinator_elsewhere": Access.NONE,
    "agency_admin": Access.MANAGE,
    "editor": Access.EDIT,
    "viewer": Access.VIEW,
    "outsider_admin": Access.NONE,
    "assessor": Access.NONE,
    "assessor_elsewhere": Access.NONE,
}
#: Who may write reviews of khambong's OIT of 2568.
REVIEWS_KHAMBONG = {"site_admin", "assessor"}
#: Roles that may see the other agency (เชียงใหม่).
SEES_OTHER = {"site_admin", "coordinator_elsewhere", "outsider_admin"}


@dataclass
class World:
    """The objects of one agency that URLs point at."""

    agency: Agency
    plan: ActionPlan
    section: Section
    measure: Measure
    evidence: Evidence
    comment: Comment
    unit: Unit
    membership: Membership
    oit_link: EvidenceLink
    oit_run: CheckRun
    oit_file: EvidenceFile
    oit_document: DocumentEvidence
    oit_contest: Contest


def _world(agency: Agency, member: Any) -> World:
    plan = plan_services.create_draft(agency, 2568)
    section = plan.sections.order_by("position").first()
    measure = Measure.objects.filter(section=section).order_by("position").first()
    assert section is not None and measure is not None
    return World(
        agency=agency,
        plan=plan,
        section=section,
        measure=measure,
        evidence=Evidence.objects.create(
            measure=measure,
            title="รายงานผลการดำเนินงาน",
            url="https://example.go.th/oit",
            file=ContentFile(b"%PDF-1.4\n", name="report.pdf"),
        ),
        comment=Comment.objects.create(measure=measure, text="ตรวจแล้ว"),
        unit=Unit.objects.create(agency=agency, name="สำนักปลัด"),
        membership=Membership.objects.get(user=member, agency=agency),
        oit_link=EvidenceLink.objects.create(
            agency=agency, fiscal_year=2568, item_id="O1", url="https://example.go.th/o1"
        ),
        oit_run=CheckRun.objects.create(agency=agency, fiscal_year=2568),
        oit_file=EvidenceFile.objects.create(
            agency=agency,
            fiscal_year=2568,
            item_id="O7",
            title="รายงานประจำปี",
            file=ContentFile(b"%PDF-1.4\n", name="o7.pdf"),
        ),
        oit_document=DocumentEvidence.objects.create(
            agency=agency, fiscal_year=2568, item_id="O27", kind="report", document_year=2567
        ),
        oit_contest=Contest.objects.create(
            agency=agency,
            fiscal_year=2568,
            item_id="O2",
            review=ItemReview.objects.create(
                agency=agency, fiscal_year=2568, item_id="O2", verdict="fail", score=0
            ),
            explanation="มีเอกสารแล้ว",
        ),
    )


Kwargs = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    method: str
    needs: Access | None  # None: not an agency page
    kwargs: Kwargs = field(default=lambda w: {})
    #: True when the URL takes an object id that must belong to the agency of ``code``.
    has_object: bool = False
    query: str = ""
    #: "read": the assigned assessor may read it; "review": only reviewers may (docstring).
    assessor: str = ""


def code(w: World) -> dict[str, Any]:
    return {"code": w.agency.code}


def year(w: World) -> dict[str, Any]:
    return {"code": w.agency.code, "year": 2568}


def measure(w: World) -> dict[str, Any]:
    return {"code": w.agency.code, "pk": w.measure.pk}


def section(w: World) -> dict[str, Any]:
    return {"code": w.agency.code, "section_pk": w.section.pk}


def evidence(w: World) -> dict[str, Any]:
    return {"code": w.agency.code, "pk": w.evidence.pk}


def unit(w: World) -> dict[str, Any]:
    return {"code": w.agency.code, "pk": w.unit.pk}


def membership(w: World) -> dict[str, Any]:
    return {"code": w.agency.code, "pk": w.membership.pk}


def oit_link(w: World) -> dict[str, Any]:
    return {**year(w), "pk": w.oit_link.pk}


def oit_run(w: World) -> dict[str, Any]:
    return {**year(w), "pk": w.oit_run.pk}


def oit_file(w: World) -> dict[str, Any]:
    return {**year(w), "pk": w.oit_file.pk}


def oit_document(w: World) -> dict[str, Any]:
    return {**year(w), "pk": w.oit_document.pk}


def oit_contest(w: World) -> dict[str, Any]:
    return {**year(w), "pk": w.oit_contest.pk}


GET, POST = "GET", "POST"
V, E, M = Access.VIEW, Access.EDIT, Access.MANAGE

POLICY: dict[str, Rule] = {
    # pages that are not one agency's
    "home": Rule(GET, None),
    "agencies:list": Rule(GET, None),
    "coordination:table": Rule(GET, None),
    "coordination:export": Rule(GET, None),  # coordinators only: tests/web/test_coordination.py
    "login": Rule(GET, None),
    "logout": Rule(POST, None),
    "password_change": Rule(GET, None),
    # the password-reset flow: public, reveals nothing (tests/web/test_password_reset.py)
    "password_reset": Rule(GET, None),
    "password_reset_done": Rule(GET, None),
    "password_reset_confirm": Rule(GET, None, lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": Rule(GET, None),
    "set_language": Rule(POST, None),
    "api:tokens": Rule(GET, None),
    "format_guide": Rule(GET, None),  # public: no data, like the login page
    # a user's own token: another user's id is 404 (tests/web/test_api_auth.py)
    "api:token_revoke": Rule(POST, None),
    # one agency's pages
    "assessments:dashboard": Rule(GET, V, code),
    "assessments:whatif": Rule(GET, V, year, query="?O7=100"),
    "assessments:upload": Rule(POST, E, code),
    "assessments:upload_confirm": Rule(POST, E, code),
    "assessments:paste": Rule(POST, E, code),
    "assessments:template": Rule(GET, E, lambda w: {**code(w), "fmt": "csv"}),
    "assessments:enter": Rule(POST, E, code),
    "assessments:report": Rule(GET, V, lambda w: {**year(w), "fmt": "docx"}),
    # a version is named by agency, year and number: never by an id (tests/web/test_versions.py)
    "assessments:versions": Rule(GET, V, year),
    "assessments:versions_compare": Rule(GET, V, year),
    "assessments:version_file": Rule(GET, V, lambda w: {**year(w), "number": 1}),
    "assessments:version_restore": Rule(POST, E, lambda w: {**year(w), "number": 1}),
    "agencies:units": Rule(GET, M, code),
    "agencies:members": Rule(GET, M, code),
    "agencies:unit_add": Rule(POST, M, code),
    "agencies:unit_rename": Rule(POST, M, unit, has_object=True),
    "agencies:unit_move": Rule(POST, M, unit, has_object=True),
    "agencies:unit_delete": Rule(POST, M, unit, has_object=True),
    "agencies:member_add": Rule(POST, M, code),
    "agencies:member_role": Rule(POST, M, membership, has_object=True),
    "agencies:member_remove": Rule(POST, M, membership, has_object=True),
    "audit:agency_log": Rule(GET, M, code),
    "plans:detail": Rule(GET, V, code),
    "plans:export": Rule(GET, V, code),
    "plans:progress_report": Rule(GET, V, lambda w: {**code(w), "fmt": "docx"}),
    "plans:draft": Rule(POST, E, code),
    "plans:import": Rule(POST, E, code),
    "plans:measure_add": Rule(POST, E, section, has_object=True),
    "plans:measure_detail": Rule(GET, V, measure, has_object=True),
    "plans:measure_edit": Rule(POST, E, measure, has_object=True),
    "plans:measure_progress": Rule(POST, E, measure, has_object=True),
    "plans:measure_delete": Rule(POST, E, measure, has_object=True),
    "plans:evidence_add": Rule(POST, E, measure, has_object=True),
    "plans:comment_add": Rule(POST, E, measure, has_object=True),
    "plans:evidence_file": Rule(GET, V, evidence, has_object=True),
    "plans:evidence_delete": Rule(POST, E, evidence, has_object=True),
    # the OIT workspace (tests/web/test_oit.py)
    "oit:checklist": Rule(GET, V, year, assessor="read"),
    "oit:link_add": Rule(POST, E, lambda w: {**year(w), "item": "O1"}),
    "oit:item_state": Rule(POST, E, lambda w: {**year(w), "item": "O1"}),
    "oit:link_delete": Rule(POST, E, oit_link, has_object=True),
    "oit:check_start": Rule(POST, E, year),
    "oit:check_cancel": Rule(POST, E, oit_run, has_object=True),
    "oit:file_add": Rule(POST, E, lambda w: {**year(w), "item": "O7"}),
    "oit:file": Rule(GET, V, oit_file, has_object=True, assessor="read"),
    "oit:file_delete": Rule(POST, E, oit_file, has_object=True),
    "oit:document_attach": Rule(POST, E, lambda w: {**year(w), "item": "O27"}),
    "oit:document_detach": Rule(POST, E, oit_document, has_object=True),
    "oit:item_history": Rule(GET, V, lambda w: {**year(w), "item": "O7"}, assessor="read"),
    # the assessors' review and the clarification round (tests/web/test_oit_review.py)
    "oit_review:mine": Rule(GET, None),  # the user's own assignments only
    "oit:review": Rule(GET, V, year, assessor="review"),
    "oit:review_save": Rule(POST, V, lambda w: {**year(w), "item": "O1"}, assessor="review"),
    # the assessor sees the workspace, but contesting is the agency's: 403
    "oit:contest": Rule(POST, E, lambda w: {**year(w), "item": "O2"}, assessor="sees"),
    "oit:contest_decide": Rule(POST, V, oit_contest, has_object=True, assessor="review"),
    # the public disclosure page: no login, only what the agency published
    "oit_public:page": Rule(GET, None, year),
    "oit_public:feed": Rule(GET, None, year),
    "oit_public:embed": Rule(GET, None, year),
    "oit_public:file": Rule(GET, None, oit_file),
    "oit_public:document": Rule(GET, None, lambda w: {**code(w), "year": 2567, "kind": "report"}),
}

NOT_CHECKED_HERE = ("admin:", "api-v1:")  # Django admin (staff only); API: tests/web/test_api*


def _names(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= _names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return {n for n in names if not n.startswith(NOT_CHECKED_HERE)}


def test_every_url_of_the_site_is_in_the_policy_table():
    names = _names(get_resolver().url_patterns)
    assert names - set(POLICY) == set(), "add these URLs to POLICY"
    assert set(POLICY) - names == set(), "these POLICY rows name no URL"


@pytest.fixture(scope="module")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, media_root: Any) -> None:
    """The evidence files of the shared objects live in one directory for the module."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def shared(django_db_setup: None, django_db_blocker: Any, media_root: Any) -> Any:
    """Both agencies, every role and every object, made once for the ~400 requests below.

    Each test still runs in a transaction that is rolled back, so a request that is allowed
    to change something leaves the next test the same data.
    """
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        khambong, other = make_khambong(), make_other()
        users = make_users(khambong, other)
        worlds = (
            _world(khambong, users["agency_admin"]),
            _world(other, users["outsider_admin"]),
        )
    yield users, worlds
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def worlds(shared: Any, db: None) -> tuple[World, World]:
    return shared[1]


@pytest.fixture
def client_as(shared: Any, db: None) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        client = Client()
        user = shared[0][role]
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


AGENCY_RULES = sorted(name for name, rule in POLICY.items() if rule.needs is not None)
OBJECT_RULES = sorted(name for name, rule in POLICY.items() if rule.has_object)


def _call(client: Any, rule: Rule, url: str) -> Any:
    if rule.method == GET:
        return client.get(url + rule.query)
    return client.post(url, {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", AGENCY_RULES)
def test_an_agency_page_answers_each_role_by_its_access(name, role, worlds, client_as):
    rule = POLICY[name]
    assert rule.needs is not None
    url = reverse(name, kwargs=rule.kwargs(worlds[0]))
    events = AuditEvent.objects.count()
    response = _call(client_as(role), rule, url)
    has = ACCESS_TO_KHAMBONG[role]
    sees = has >= Access.VIEW or (role == "assessor" and rule.assessor != "")
    allowed = role in REVIEWS_KHAMBONG if rule.assessor == "review" else has >= rule.needs
    allowed = allowed or (role == "assessor" and rule.assessor == "read")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif not sees:
        assert response.status_code == 404
    elif not allowed:
        assert response.status_code == 403
    else:
        assert response.status_code not in (403, 404) and response.status_code < 500
    if role == "anonymous" or not allowed:
        assert AuditEvent.objects.count() == events, "a refused request changed data"
    if rule.method == GET and response.status_code == 200 and role not in SEES_OTHER:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert worlds[1].agency.name.encode() not in body


@pytest.mark.parametrize("role", ["site_admin", "agency_admin", "outsider_admin", "assessor"])
@pytest.mark.parametrize("name", OBJECT_RULES)
def test_an_object_id_never_reaches_across_agencies(name, role, worlds, client_as):
    rule = POLICY[name]
    if rule.assessor == "review" and role not in REVIEWS_KHAMBONG:
        return  # refused with 403 before any id is read (the matrix above checks that)
    mine, theirs = worlds
    crossed = [
        {**rule.kwargs(theirs), "code": mine.agency.code},
        {**rule.kwargs(mine), "code": theirs.agency.code},
    ]
    client = client_as(role)
    for kwargs in crossed:
        events = AuditEvent.objects.count()
        response = _call(client, rule, reverse(name, kwargs=kwargs))
        assert response.status_code == 404, kwargs
        assert AuditEvent.objects.count() == events


LISTING_PAGES = ["agencies:list", "coordination:table"]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
@pytest.mark.parametrize("name", LISTING_PAGES)
def test_a_listing_shows_exactly_the_agencies_the_role_may_see(name, role, worlds, client_as):
    response = client_as(role).get(reverse(name))
    if response.status_code == 403:  # not a coordinator
        assert name == "coordination:table"
        assert role not in ("site_admin", "coordinator", "coordinator_elsewhere")
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert (worlds[0].agency.name in body) == (ACCESS_TO_KHAMBONG[role] >= Access.VIEW)
    assert (worlds[1].agency.name in body) == (role in SEES_OTHER)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_the_xlsx_export_holds_exactly_the_agencies_the_role_coordinates(role, worlds, client_as):
    import io

    from openpyxl import load_workbook

    response = client_as(role).get(reverse("coordination:export"))
    if role not in ("site_admin", "coordinator", "coordinator_elsewhere"):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert (worlds[0].agency.name in cells) == (ACCESS_TO_KHAMBONG[role] >= Access.VIEW)
    assert (worlds[1].agency.name in cells) == (role in SEES_OTHER)


def test_uploaded_files_have_no_public_address(worlds, client_as):
    """Evidence is read only through plans:evidence_file, which checks access."""
    name = worlds[0].evidence.file.name
    assert client_as("anonymous").get(f"/media/{name}").status_code == 404
    assert client_as("outsider_admin").get(f"/media/{name}").status_code == 404


ASSESSOR_RULES = sorted(name for name, rule in POLICY.items() if rule.assessor)


@pytest.mark.parametrize("name", ASSESSOR_RULES)
def test_an_assessor_sees_no_other_year_of_the_assigned_agency(name, worlds, client_as):
    rule = POLICY[name]
    kwargs = {**rule.kwargs(worlds[0]), "year": 2567}
    events = AuditEvent.objects.count()
    response = _call(client_as("assessor"), rule, reverse(name, kwargs=kwargs))
    assert response.status_code == 404
    assert AuditEvent.objects.count() == events


def test_my_assessments_lists_only_the_users_own_assignments(worlds, client_as):
    mine = client_as("assessor").get(reverse("oit_review:mine")).content.decode()
    assert worlds[0].agency.name in mine and worlds[1].agency.name not in mine
    editor = client_as("editor").get(reverse("oit_review:mine")).content.decode()
    assert worlds[0].agency.name not in editor and worlds[1].agency.name not in editor
