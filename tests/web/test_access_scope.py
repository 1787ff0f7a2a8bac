"""The agency of a code and the user's level on it are read once per request, and only then."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openita.web.agencies.access import Access, agency_for, request_scope
from openita.web.agencies.models import Membership, Role


def test_within_a_request_the_agency_and_level_are_read_once(users, khambong) -> None:
    with request_scope(), CaptureQueriesContext(connection) as queries:
        first = agency_for(users["editor"], "khambong", Access.VIEW)
        again = agency_for(users["editor"], "khambong", Access.EDIT)
    assert first == again == (khambong, Access.EDIT) and first[0] is again[0]
    assert len(queries.captured_queries) == 2  # the agency, the membership


def test_outside_a_request_nothing_is_kept(users, khambong) -> None:
    """Services, tasks and the CLI see a change of role at once."""
    assert agency_for(users["editor"], "khambong", Access.VIEW)[1] == Access.EDIT
    Membership.objects.filter(user=users["editor"], agency=khambong).update(role=Role.VIEWER)
    assert agency_for(users["editor"], "khambong", Access.VIEW)[1] == Access.VIEW


def test_each_user_and_code_has_its_own_answer_in_a_request(users, khambong, other) -> None:
    with request_scope():
        assert agency_for(users["viewer"], "khambong", Access.VIEW)[1] == Access.VIEW
        assert agency_for(users["editor"], "khambong", Access.VIEW)[1] == Access.EDIT
        assert agency_for(users["outsider_admin"], "other", Access.VIEW)[0] == other
