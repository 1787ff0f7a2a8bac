"""The agency list, and an agency admin's units and members pages.

Changes are POSTs that need MANAGE (agency admin or site administrator): an editor gets 403,
a user of another agency 404, and neither changes anything. An agency keeps at least one admin
and nobody changes their own role (openita.web.agencies.forms).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from openita.web.agencies.models import Agency, Membership, Role, Unit
from openita.web.assessments.models import Result


def _url(name: str, agency: Agency, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"code": agency.code}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"agencies:{name}", kwargs=kwargs)


def _english(client: Any, url: str) -> str:
    """The page in English (messages are checked by their words; Thai is the default)."""
    return client.get(url, headers={"Accept-Language": "en"}).content.decode()


def _unit_names(agency: Agency) -> list[str]:
    return list(agency.units.order_by("position", "name").values_list("name", flat=True))


# --- the agency list ----------------------------------------------------------------------------


def test_the_list_shows_each_agency_with_its_latest_score_and_level(client_as, khambong):
    body = client_as("viewer").get(reverse("agencies:list")).content.decode()
    latest = Result.objects.filter(agency=khambong).order_by("-fiscal_year").first()
    assert latest is not None
    assert khambong.name in body
    assert f"{latest.overall:.2f}" in body and latest.level in body
    assert str(latest.fiscal_year) in body


def test_the_list_says_when_an_agency_has_not_uploaded(client_as, users):
    Agency.objects.create(code="late", name="อบต.ยังไม่ส่ง (ข้อมูลสมมติ)", province="อุดรธานี")
    body = _english(client_as("coordinator"), reverse("agencies:list"))
    late = body[body.index("อบต.ยังไม่ส่ง") :]
    assert late.index("No results uploaded yet") < late.index("</tr>")


def test_the_list_searches_and_pages_by_fifty(client_as, users):
    Agency.objects.bulk_create(
        Agency(code=f"bulk-{n:03}", name=f"อบต.ทดสอบ {n:03}", province="อุดรธานี") for n in range(60)
    )
    client = client_as("site_admin")
    first = client.get(reverse("agencies:list")).content.decode()
    assert first.count('<th scope="row">') == 50
    second = client.get(reverse("agencies:list"), {"page": "2"}).content.decode()
    assert second.count('<th scope="row">') == 62 - 50
    found = client.get(reverse("agencies:list"), {"q": "คำบง"}).content.decode()
    assert found.count('<th scope="row">') == 1 and "เทศบาลตำบลคำบง" in found


def test_the_list_answers_in_a_fixed_number_of_queries(
    client_as, users, django_assert_max_num_queries
):
    Agency.objects.bulk_create(
        Agency(code=f"bulk-{n:03}", name=f"อบต.ทดสอบ {n:03}", province="อุดรธานี") for n in range(60)
    )
    client = client_as("site_admin")
    with django_assert_max_num_queries(6):  # session, user, nav, count, page, latest results
        assert client.get(reverse("agencies:list")).status_code == 200


# --- units --------------------------------------------------------------------------------------


def test_an_agency_admin_adds_a_unit_at_the_end_of_the_list(client_as, khambong):
    Unit.objects.create(agency=khambong, name="สำนักปลัด", position=0)
    response = client_as("agency_admin").post(_url("unit_add", khambong), {"name": "  กองคลัง "})
    assert response.status_code == 302 and response["Location"] == _url("units", khambong)
    assert _unit_names(khambong) == ["สำนักปลัด", "กองคลัง"]


def test_an_editor_gets_403_and_an_outsider_404_and_nothing_is_added(client_as, khambong):
    assert (
        client_as("editor").post(_url("unit_add", khambong), {"name": "กองช่าง"}).status_code == 403
    )
    assert client_as("editor").get(_url("units", khambong)).status_code == 403
    outsider = client_as("outsider_admin")
    assert outsider.post(_url("unit_add", khambong), {"name": "กองช่าง"}).status_code == 404
    assert outsider.get(_url("units", khambong)).status_code == 404
    assert not khambong.units.exists()


def test_a_unit_name_already_in_the_agency_is_refused_with_the_reason(client_as, khambong):
    Unit.objects.create(agency=khambong, name="กองคลัง")
    response = client_as("agency_admin").post(_url("unit_add", khambong), {"name": "กองคลัง"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert khambong.units.count() == 1


def test_renaming_moving_and_deleting_units(client_as, khambong):
    a, b, c = (
        Unit.objects.create(agency=khambong, name=name, position=n)
        for n, name in enumerate(["สำนักปลัด", "กองคลัง", "กองช่าง"])
    )
    client = client_as("agency_admin")
    client.post(_url("unit_rename", khambong, b.pk), {"name": "กองคลังและพัสดุ"})
    client.post(_url("unit_move", khambong, c.pk), {"direction": "up"})
    assert _unit_names(khambong) == ["สำนักปลัด", "กองช่าง", "กองคลังและพัสดุ"]
    client.post(_url("unit_move", khambong, a.pk), {"direction": "up"})  # already first
    assert _unit_names(khambong)[0] == "สำนักปลัด"
    client.post(_url("unit_delete", khambong, a.pk))
    assert _unit_names(khambong) == ["กองช่าง", "กองคลังและพัสดุ"]


def test_renaming_to_another_units_name_is_refused(client_as, khambong):
    Unit.objects.create(agency=khambong, name="กองคลัง")
    other = Unit.objects.create(agency=khambong, name="กองช่าง")
    response = client_as("agency_admin").post(
        _url("unit_rename", khambong, other.pk), {"name": "กองคลัง"}, follow=True
    )
    assert sorted(_unit_names(khambong)) == ["กองคลัง", "กองช่าง"]
    assert 'class="error"' in response.content.decode()


def test_a_unit_of_another_agency_is_404_under_this_agencys_code(client_as, khambong, other):
    theirs = Unit.objects.create(agency=other, name="กองคลัง")
    client = client_as("site_admin")
    for name in ("unit_rename", "unit_move", "unit_delete"):
        response = client.post(_url(name, khambong, theirs.pk), {"name": "x", "direction": "up"})
        assert response.status_code == 404
    assert Unit.objects.get(pk=theirs.pk).name == "กองคลัง"


def test_unit_changes_refuse_get(client_as, khambong):
    unit = Unit.objects.create(agency=khambong, name="กองคลัง")
    assert client_as("agency_admin").get(_url("unit_delete", khambong, unit.pk)).status_code == 405
    assert khambong.units.exists()


# --- members ------------------------------------------------------------------------------------


def test_the_members_page_lists_every_member_with_its_role(client_as, khambong, users):
    body = client_as("agency_admin").get(_url("members", khambong)).content.decode()
    for name in ("agency_admin", "editor", "viewer"):
        assert name in body
    assert "outsider_admin" not in body


def test_an_admin_adds_an_existing_user_with_a_role(client_as, khambong, users):
    User.objects.create_user("newcomer")
    response = client_as("agency_admin").post(
        _url("member_add", khambong), {"username": "newcomer", "role": Role.EDITOR}
    )
    assert response.status_code == 302
    assert Membership.objects.get(agency=khambong, user__username="newcomer").role == Role.EDITOR


@pytest.mark.parametrize("username", ["nobody-here", "viewer"])
def test_an_unknown_user_or_a_member_already_there_is_refused(client_as, khambong, users, username):
    before = Membership.objects.count()
    response = client_as("agency_admin").post(
        _url("member_add", khambong), {"username": username, "role": Role.VIEWER}
    )
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert Membership.objects.count() == before


def test_an_editor_cannot_add_members(client_as, khambong, users):
    User.objects.create_user("newcomer")
    response = client_as("editor").post(
        _url("member_add", khambong), {"username": "newcomer", "role": Role.ADMIN}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user__username="newcomer").exists()


def test_an_admin_changes_another_members_role(client_as, khambong, users):
    viewer = Membership.objects.get(agency=khambong, user=users["viewer"])
    client_as("agency_admin").post(_url("member_role", khambong, viewer.pk), {"role": Role.EDITOR})
    viewer.refresh_from_db()
    assert viewer.role == Role.EDITOR


def test_an_admin_cannot_change_their_own_role(client_as, khambong, users):
    Membership.objects.filter(agency=khambong, user=users["editor"]).update(role=Role.ADMIN)
    mine = Membership.objects.get(agency=khambong, user=users["agency_admin"])
    client_as("agency_admin").post(_url("member_role", khambong, mine.pk), {"role": Role.VIEWER})
    mine.refresh_from_db()
    assert mine.role == Role.ADMIN


def test_the_last_admin_can_be_neither_removed_nor_demoted(client_as, khambong, users):
    last = Membership.objects.get(agency=khambong, role=Role.ADMIN)
    client = client_as("site_admin")
    response = client.post(
        _url("member_remove", khambong, last.pk), follow=True, headers={"Accept-Language": "en"}
    )
    assert "last admin" in response.content.decode()
    assert Membership.objects.filter(pk=last.pk).exists()
    client.post(_url("member_role", khambong, last.pk), {"role": Role.EDITOR})
    last.refresh_from_db()
    assert last.role == Role.ADMIN
    own = client_as("agency_admin").post(_url("member_remove", khambong, last.pk))
    assert own.status_code == 302
    assert Membership.objects.filter(pk=last.pk, role=Role.ADMIN).exists()


def test_with_a_second_admin_the_first_may_be_removed(client_as, khambong, users):
    Membership.objects.filter(agency=khambong, user=users["editor"]).update(role=Role.ADMIN)
    first = Membership.objects.get(agency=khambong, user=users["agency_admin"])
    client_as("editor").post(_url("member_remove", khambong, first.pk))
    assert not Membership.objects.filter(pk=first.pk).exists()


def test_a_membership_of_another_agency_is_404_under_this_agencys_code(
    client_as, khambong, other, users
):
    theirs = Membership.objects.get(agency=other)
    client = client_as("site_admin")
    assert client.post(_url("member_remove", khambong, theirs.pk)).status_code == 404
    role = {"role": Role.VIEWER}
    assert client.post(_url("member_role", khambong, theirs.pk), role).status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == Role.ADMIN
