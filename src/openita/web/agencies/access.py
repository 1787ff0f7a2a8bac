"""Who may see or change an agency's data: the one place that decides.

Three levels of access to an agency, each including the ones before it:

``VIEW``   read everything of the agency (viewer, editor, admin, coordinator in scope);
``EDIT``   upload results, edit the plan, record progress, evidence and comments (editor, admin);
``MANAGE`` units and members of the agency (agency admin).

A site administrator has every level on every agency. An agency the user cannot view is
answered with 404, not 403, so its existence is not revealed; a visible agency the user may not
change is answered with 403.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from openita.web.agencies.models import Agency, CoordinatorScope, Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


class Access(IntEnum):
    NONE = 0
    VIEW = 1
    EDIT = 2
    MANAGE = 3


ROLE_ACCESS = {Role.VIEWER: Access.VIEW, Role.EDITOR: Access.EDIT, Role.ADMIN: Access.MANAGE}


def _scope_filter(scopes: list[CoordinatorScope]) -> Q | None:
    query: Q | None = None
    for scope in scopes:
        part = Q()
        if scope.ministry:
            part &= Q(ministry=scope.ministry)
        if scope.province:
            part &= Q(province=scope.province)
        if scope.agency_type:
            part &= Q(agency_type=scope.agency_type)
        query = part if query is None else query | part
    return query


def coordinated_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies in the user's coordinator scopes (none when the user coordinates nothing)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    query = _scope_filter(list(CoordinatorScope.objects.filter(user=user)))
    return Agency.objects.filter(query) if query is not None else Agency.objects.none()


def is_coordinator(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or CoordinatorScope.objects.filter(user=user).exists())
    )


def visible_agencies(user: Any) -> QuerySet[Agency]:
    """Every agency the user may view: memberships, coordinator scopes, or all for admins."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    query = Q(memberships__user=user)
    scope = _scope_filter(list(CoordinatorScope.objects.filter(user=user)))
    if scope is not None:
        query |= scope
    return Agency.objects.filter(query).distinct()


def access_to(user: Any, agency: Agency) -> Access:
    if not user.is_authenticated:
        return Access.NONE
    if user.is_superuser:
        return Access.MANAGE
    membership = Membership.objects.filter(user=user, agency=agency).first()
    if membership is not None:
        return ROLE_ACCESS[Role(membership.role)]
    if coordinated_agencies(user).filter(pk=agency.pk).exists():
        return Access.VIEW
    return Access.NONE


def agency_for(user: Any, code: str, needed: Access) -> tuple[Agency, Access]:
    """The agency with ``code`` if the user has ``needed`` access; 404 if it is not visible."""
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404("no such agency")
    level = access_to(user, agency)
    if level < Access.VIEW:
        raise Http404("no such agency")
    if level < needed:
        raise PermissionDenied("this needs more rights in the agency")
    return agency, level
