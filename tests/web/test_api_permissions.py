"""Every API operation × every role × both agencies: the API leaks nothing the pages would not.

The expected answer comes from a table written here, not from the access module it checks::

    role                   khambong (อุดรธานี)   other (เชียงใหม่)
    anonymous              401                   401
    site_admin             manage                manage
    coordinator            view                  —
    coordinator_elsewhere  —                     view
    agency_admin           manage                —
    editor                 edit                  —
    viewer                 view                  —
    outsider_admin         —                     manage
    assessor               OIT 2568 only         —
    assessor_elsewhere     —                     OIT 2568 only

"—" must answer 404 (the agency's existence is not revealed), "view" must answer 403 to every
change, and the table below lists each operation once: a new endpoint without a row here fails
``test_the_table_covers_every_operation_of_the_openapi_schema``.

The OIT review operations (``oit``) follow :func:`openita.web.agencies.access.oit_agency_for`:
``"read"`` opens to the assigned assessor too; ``"review"`` only to the assigned assessor and
the site administrator (everyone else who sees the agency gets 403).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openita.web.agencies.access import Access
from openita.web.agencies.models import Agency
from openita.web.api.models import ApiToken
from openita.web.assessments import reporting, services
from openita.web.oit.models import Contest, ItemReview
from openita.web.plans import progress_report
from openita.web.plans import services as plans
from openita.web.plans.models import ActionPlan, Measure
from tests.web.conftest import ROLES, SEED_2568

ACCESS: dict[str, dict[str, Access]] = {
    "khambong": {
        "site_admin": Access.MANAGE,
        "coordinator": Access.VIEW,
        "agency_admin": Access.MANAGE,
        "editor": Access.EDIT,
        "viewer": Access.VIEW,
    },
    "other": {
        "site_admin": Access.MANAGE,
        "coordinator_elsewhere": Access.VIEW,
        "outsider_admin": Access.MANAGE,
    },
}


def _seed_file(code: str) -> SimpleUploadedFile:
    doc = json.loads(SEED_2568.read_bytes())
    doc["agency"]["code"] = code
    return SimpleUploadedFile(f"{code}-2568.json", json.dumps(doc, ensure_ascii=False).encode())


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    needed: Access
    ok: tuple[int, ...] = (200,)
    json: dict[str, Any] | None = None
    multipart: bool = False
    oit: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path


OPERATIONS = [
    Operation("get", "/api/agencies/{code}", Access.VIEW),
    Operation("get", "/api/agencies/{code}/results", Access.VIEW),
    Operation("post", "/api/agencies/{code}/results", Access.EDIT, (201,), multipart=True),
    Operation("get", "/api/agencies/{code}/results/{year}", Access.VIEW),
    Operation("get", "/api/agencies/{code}/results/{year}/analysis", Access.VIEW),
    # What-if changes nothing: viewing is enough, as for the dashboard's what-if page.
    Operation(
        "post",
        "/api/agencies/{code}/results/{year}/whatif",
        Access.VIEW,
        json={"set": {"O7": 100}},
    ),
    Operation("get", "/api/agencies/{code}/results/{year}/versions", Access.VIEW),
    Operation("get", "/api/agencies/{code}/results/{year}/versions/compare", Access.VIEW),
    # version 1 is an older version in every world (the fixture saves version 2)
    Operation(
        "post", "/api/agencies/{code}/results/{year}/versions/{number}/restore", Access.EDIT, (201,)
    ),
    Operation("get", "/api/agencies/{code}/results/{year}/report.docx", Access.VIEW),
    Operation("get", "/api/agencies/{code}/results/{year}/report.pdf", Access.VIEW),
    Operation("get", "/api/agencies/{code}/plans", Access.VIEW),
    Operation(
        "post", "/api/agencies/{code}/plans", Access.EDIT, (200, 201), json={"result_year": 2568}
    ),
    Operation("get", "/api/agencies/{code}/plans/{fiscal_year}", Access.VIEW),
    Operation("get", "/api/agencies/{code}/plans/{fiscal_year}/progress-report.docx", Access.VIEW),
    Operation("get", "/api/agencies/{code}/plans/{fiscal_year}/progress-report.pdf", Access.VIEW),
    Operation("get", "/api/agencies/{code}/measures/{measure_id}", Access.VIEW),
    Operation(
        "patch",
        "/api/agencies/{code}/measures/{measure_id}",
        Access.EDIT,
        json={"status": "in_progress", "progress": 40},
    ),
    Operation("get", "/api/agencies/{code}/measures/{measure_id}/notes", Access.VIEW),
    Operation(
        "post",
        "/api/agencies/{code}/measures/{measure_id}/notes",
        Access.EDIT,
        (201,),
        json={"status": "in_progress", "progress": 30},
    ),
]
OPERATIONS += [
    Operation("get", "/api/agencies/{code}/oit/{year}/reviews", Access.VIEW, oit="read"),
    Operation(
        "post",
        "/api/agencies/{code}/oit/{year}/reviews",
        Access.VIEW,
        (201,),
        json={"item": "O1", "verdict": "pass"},
        oit="review",
    ),
]
OPERATIONS += [
    Operation("get", "/api/agencies/{code}/oit/{year}/contests", Access.VIEW, oit="read"),
    # The world has a reviewed O7 and no clarification window: an editor passes the access
    # check and is refused by the rules (422, the window is not open), everyone else 403/404.
    Operation(
        "post",
        "/api/agencies/{code}/oit/{year}/contests",
        Access.EDIT,
        (422,),
        json={"item": "O7", "explanation": "เผยแพร่แล้ว"},
        oit="edit",
    ),
    # The first one allowed decides the world's pending contest; the next is told it is decided.
    Operation(
        "post",
        "/api/agencies/{code}/oit/{year}/contests/{contest_id}/decision",
        Access.VIEW,
        (200, 422),
        json={"decision": "reject", "answer": "หลักฐานยังไม่ครบ"},
        oit="review",
    ),
]
LIST_AGENCIES = ("get", "/api/agencies")
#: The assessor assigned to each agency's OIT of 2568 (tests/web/conftest.py).
ASSESSOR_OF = {"khambong": "assessor", "other": "assessor_elsewhere"}


def expected_status(op: Operation, role: str, code: str) -> tuple[int, ...]:
    if role == "anonymous":
        return (401,)
    level = ACCESS[code].get(role, Access.NONE)
    assessor = op.oit != "" and ASSESSOR_OF[code] == role
    if level < Access.VIEW and not assessor:
        return (404,)
    if op.oit == "review":
        return op.ok if role == "site_admin" or assessor else (403,)
    if op.oit == "edit":  # the agency's editors only: an assessor is no member
        return op.ok if level >= Access.EDIT else (403,)
    if level < op.needed and not assessor:
        return (403,)
    return op.ok


@pytest.fixture
def world(users: dict[str, Any], khambong: Agency, other: Agency) -> dict[str, Any]:
    """Both agencies with a drafted plan and a second version of 2568; a Bearer header per
    role (none for anonymous)."""
    measures, contests = {}, {}
    for agency in (khambong, other):
        again = json.loads(SEED_2568.read_bytes())
        again["agency"]["name"] = agency.name
        data = json.dumps(again, ensure_ascii=False).encode()
        services.save_result(agency, services.read_upload(data, "again.json", agency))
        plan = plans.create_draft(agency, 2568)
        measures[agency.code] = Measure.objects.filter(section__plan=plan).order_by("pk")[0].pk
        reviewed = ItemReview.objects.create(
            agency=agency, fiscal_year=2568, item_id="O7", verdict="fail", score=0, comment="ไม่พบ"
        )
        contests[agency.code] = Contest.objects.create(
            agency=agency, fiscal_year=2568, item_id="O7", review=reviewed, explanation="มีแล้ว"
        ).pk
    headers = {
        role: {"Authorization": f"Bearer {ApiToken.issue(user, 'tests')[1]}"}
        for role, user in users.items()
        if user is not None
    }
    headers["anonymous"] = {}
    return {"measures": measures, "contests": contests, "headers": headers}


@pytest.fixture
def fake_reports(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, str]]:
    """Reports take seconds to render; access is decided before rendering, so record instead."""
    calls: list[tuple[str, int, str]] = []

    def render(agency: Agency, year: int, fmt: str, digits: str) -> reporting.ReportFile:
        calls.append((agency.code, year, fmt))
        return reporting.ReportFile(f"r.{fmt}", b"%report", reporting.CONTENT_TYPES[fmt])

    def render_progress(plan: ActionPlan, fmt: str, *options: Any) -> reporting.ReportFile:
        return render(plan.agency, plan.fiscal_year, fmt, options[-1])

    monkeypatch.setattr(reporting, "render", render)
    monkeypatch.setattr(progress_report, "render", render_progress)
    return calls


def call(client: Client, op: Operation, url: str, headers: dict[str, str], code: str) -> Any:
    send: Callable[..., Any] = getattr(client, op.method)
    if op.multipart:
        return send(url, {"file": _seed_file(code)}, headers=headers)
    if op.json is not None:
        return send(url, json.dumps(op.json), content_type="application/json", headers=headers)
    return send(url, headers=headers)


@pytest.mark.parametrize("code", ["khambong", "other"])
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op.method} {op.path}")
def test_every_role_gets_exactly_its_access_on_every_operation(
    op: Operation, code: str, world: dict[str, Any], fake_reports: list[Any]
) -> None:
    """One operation on one agency, for all eight roles in turn; every wrong answer listed."""
    leaks = []
    for role in ROLES:
        url = op.path.format(
            code=code,
            year=2568,
            fiscal_year=2569,
            measure_id=world["measures"][code],
            contest_id=world["contests"][code],
            number=1,
        )
        response = call(Client(), op, url, world["headers"][role], code)
        wanted = expected_status(op, role, code)
        if response.status_code not in wanted:
            leaks.append(f"{role}: {response.status_code}, wanted {wanted}")
        elif response.status_code >= 400:
            assert set(response.json()) == {"detail", "problems"}
    assert leaks == []


@pytest.mark.parametrize("op", [op for op in OPERATIONS if "{measure_id}" in op.path])
def test_a_measure_of_another_agency_is_not_found_through_your_own_agency(
    op: Operation, world: dict[str, Any]
) -> None:
    """The id is real, the agency in the URL is one the caller may change: still 404."""
    foreign = world["measures"]["other"]
    before = Measure.objects.values("status", "progress").get(pk=foreign)
    for role in ("site_admin", "agency_admin", "editor"):
        url = op.path.format(code="khambong", measure_id=foreign)
        response = call(Client(), op, url, world["headers"][role], "khambong")
        assert response.status_code == 404, role
    assert Measure.objects.values("status", "progress").get(pk=foreign) == before


def test_a_contest_of_another_agency_is_not_found_through_your_own_agency(
    world: dict[str, Any],
) -> None:
    """khambong's assessor may decide khambong's contests, not the other agency's by its id."""
    op = next(op for op in OPERATIONS if "{contest_id}" in op.path)
    url = op.path.format(code="khambong", year=2568, contest_id=world["contests"]["other"])
    for role in ("site_admin", "assessor"):
        response = call(Client(), op, url, world["headers"][role], "khambong")
        assert response.status_code == 404, role
    assert Contest.objects.get(pk=world["contests"]["other"]).decision == "pending"


def test_the_agency_list_shows_each_role_only_its_agencies(world: dict[str, Any]) -> None:
    for role in ROLES:
        response = Client().get("/api/agencies", headers=world["headers"][role])
        if role == "anonymous":
            assert response.status_code == 401
            continue
        codes = {item["code"] for item in response.json()["items"]}
        assert codes == {code for code, table in ACCESS.items() if role in table}, role


def test_the_table_covers_every_operation_of_the_openapi_schema(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    in_schema = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert in_schema == {op.key for op in OPERATIONS} | {LIST_AGENCIES}
