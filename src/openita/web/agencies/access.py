"""Who may see or change an agency's data: the one place that decides.

Three levels of access to an agency, each including the ones before it:

``VIEW``   read everything of the agency (viewer, editor, admin, coordinator in scope);
``EDIT``   upload results, edit the plan, record progress, evidence and comments (editor, admin);
``MANAGE`` units and members of the agency (agency admin).

A site administrator has every level on every agency. An agency the user cannot view is
answered with 404, not 403, so its existence is not revealed; a visible agency the user may not
change is answered with 403.

Assessors are not on this ladder. An :class:`~openita.web.agencies.models.AssessorAssignment`
(user, agency, fiscal year) gives its user no level at all (``access_to`` is ``NONE``): results,
plans, members and the change log stay 404. It opens only the OIT workspace of that agency for
that year, through :func:`oit_agency_for`:

* ``OitNeed.READ``   the checklist, its evidence (links, files, self-check history) and the
  reviews: agency members and coordinators with ``VIEW``, and the assigned assessor;
* ``OitNeed.REVIEW`` writing reviews and deciding contests: the assigned assessor and the site
  administrator only — an editor or agency admin of the agency is answered 403;
* ``OitNeed.EDIT``   the agency's own changes (evidence, ready flags, contests): ``EDIT``;
  an assessor is answered 403.

An assessor asking for another year of an assigned agency, or for an agency not assigned, gets
404 like anyone who cannot see it.

Within one request the agency of a code and the user's level on it are read once
(:func:`request_scope`, opened by :class:`AccessScopeMiddleware`): the view's
:func:`agency_for` and the navigation bar of the page it renders ask the same question.
Outside a request (services, tasks, the CLI, tests calling these functions) nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from openita.web.agencies.models import (
    Agency,
    AssessorAssignment,
    CoordinatorScope,
    Membership,
    Role,
)

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


#: The request's answers of :func:`agency_and_access`, by (user id, code); None outside one.
_SEEN: ContextVar[dict[tuple[Any, str], tuple[Agency, Access] | None] | None] = ContextVar(
    "openita_agency_access", default=None
)


@contextmanager
def request_scope() -> Iterator[None]:
    """Keep the agencies and levels looked up until the block ends (one request)."""
    token = _SEEN.set({})
    try:
        yield
    finally:
        _SEEN.reset(token)


class AccessScopeMiddleware:
    """One :func:`request_scope` per request, around the view and its page's rendering."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope():
            return self.get_response(request)


def agency_and_access(user: Any, code: str) -> tuple[Agency, Access] | None:
    """The agency with ``code`` and the user's level on it; None when there is no such agency.

    Read once per request (:func:`request_scope`): a second call in the same request, such as
    the navigation bar's after the view's, makes no query."""
    seen = _SEEN.get()
    key = (getattr(user, "pk", None) if user.is_authenticated else None, code)
    if seen is not None and key in seen:
        return seen[key]
    agency = Agency.objects.filter(code=code).first()
    found = (agency, access_to(user, agency)) if agency is not None else None
    if seen is not None:
        seen[key] = found
    return found


def agency_for(user: Any, code: str, needed: Access) -> tuple[Agency, Access]:
    """The agency with ``code`` if the user has ``needed`` access; 404 if it is not visible."""
    found = agency_and_access(user, code)
    if found is None:
        raise Http404("no such agency")
    agency, level = found
    if level < Access.VIEW:
        raise Http404("no such agency")
    if level < needed:
        raise PermissionDenied("this needs more rights in the agency")
    return agency, level


class OitNeed(IntEnum):
    """What an OIT workspace request needs (module docstring)."""

    READ = 1
    EDIT = 2
    REVIEW = 3


def assessed_agencies(user: Any, fiscal_year: int | None = None) -> QuerySet[Agency]:
    """The agencies assigned to the user as assessor (in ``fiscal_year`` when given)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    rows = AssessorAssignment.objects.filter(user=user)
    if fiscal_year is not None:
        rows = rows.filter(fiscal_year=fiscal_year)
    return Agency.objects.filter(pk__in=rows.values("agency_id"))


def is_assessor(user: Any, agency: Agency, fiscal_year: int) -> bool:
    return bool(
        user.is_authenticated
        and AssessorAssignment.objects.filter(
            user=user, agency=agency, fiscal_year=fiscal_year
        ).exists()
    )


def may_review(user: Any, agency: Agency, fiscal_year: int) -> bool:
    """Whether the user may write reviews of the agency's year: its assessor, a site admin."""
    return bool(user.is_authenticated and user.is_superuser) or is_assessor(
        user, agency, fiscal_year
    )


def oit_agency_for(
    user: Any, code: str, fiscal_year: int, needed: OitNeed
) -> tuple[Agency, Access]:
    """The agency for an OIT workspace request of ``fiscal_year``; 404 if the user cannot see
    its OIT workspace of that year, 403 if it can but ``needed`` is more than it may do.

    Returns the agency and the user's level on the ladder (``NONE`` for an assessor who is
    nothing else in the agency)."""
    found = agency_and_access(user, code)
    if found is None:
        raise Http404("no such agency")
    agency, level = found
    reviewer = may_review(user, agency, fiscal_year)
    if level < Access.VIEW and not reviewer:
        raise Http404("no such agency")
    if needed == OitNeed.REVIEW and not reviewer:
        raise PermissionDenied("only the agency's assessor may review its OIT items")
    if needed == OitNeed.EDIT and level < Access.EDIT:
        raise PermissionDenied("this needs more rights in the agency")
    return agency, level
