"""Who may see which part of a catalog, and who is inside a scope.

`scope_admits(user, scope)` is the reference definition of "is this user inside this scope?" (see
docs/architecture.md, "The reading rule"). `admitted_scopes` is the same rule as one query, and
`gongkai.disclosures.visibility.audiences_of` the same rule as search-engine keys; both are tested against
`scope_admits` on generated organisations (tests/test_reading_rule.py), so change the three together. Catalog managers (the office, the leading group, the party group, the auditor) see every catalog and
entry; other staff see approved catalogs' live entries whose scope admits them, and editors also those their
department is responsible for; the public and the system and security administrators see public entries only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.catalog.models import Catalog, Entry, Scope
from gongkai.org.models import Organisation
from gongkai.org.roles import Role, has_role, roles_of

MANAGERS = (Role.OFFICE, Role.LEADING_GROUP, Role.LEADER, Role.PARTY_GROUP, Role.AUDITOR)


def is_catalog_manager(user: Any) -> bool:
    return has_role(user, *MANAGERS)


def _same_organisation(user: Any, organisation_id: int) -> bool:
    return getattr(user, "organisation_id", None) == organisation_id


def scope_admits(user: Any, scope: Scope) -> bool:
    """Is `user` inside `scope`? The reference definition.

    Public: everyone. The auditor (supervision): every scope. Otherwise only active staff of the scope's own
    organisation: bureau — all of them; party — party members; limited — the people it names, the staff of the
    departments it names (a person without a department is in none), the members of the bodies it names.
    System and security administrators and the public: only what is public."""
    roles = roles_of(user)
    if scope.kind == Scope.Kind.PUBLIC or Role.AUDITOR in roles:
        return True
    if Role.STAFF not in roles or not _same_organisation(user, scope.organisation_id):
        return False
    if scope.kind == Scope.Kind.BUREAU:
        return True
    if scope.kind == Scope.Kind.PARTY:
        return Role.PARTY_MEMBER in roles
    return _in_limited(user, scope)


def _in_limited(user: Any, scope: Scope) -> bool:
    return (
        scope.people.filter(pk=user.pk).exists()
        or (user.department_id is not None and scope.departments.filter(pk=user.department_id).exists())
        or scope.bodies.filter(memberships__user=user).exists()
    )


def admitted_scopes(user: Any, organisation: Organisation) -> QuerySet[Scope]:
    """The organisation's scopes that admit `user`, as one query."""
    scopes = Scope.objects.filter(organisation=organisation)
    roles = roles_of(user)
    if Role.AUDITOR in roles:
        return scopes
    allowed = Q(kind=Scope.Kind.PUBLIC)
    if Role.STAFF in roles and _same_organisation(user, organisation.pk):
        allowed |= Q(kind=Scope.Kind.BUREAU)
        if Role.PARTY_MEMBER in roles:
            allowed |= Q(kind=Scope.Kind.PARTY)
        allowed |= Q(kind=Scope.Kind.LIMITED) & _limited_q(user)
    return scopes.filter(allowed).distinct()


def _limited_q(user: Any) -> Q:
    named = Q(people=user) | Q(bodies__memberships__user=user)
    # `Q(departments=None)` would mean "names no department": a person without a department must not match it.
    if user.department_id is not None:
        named |= Q(departments=user.department_id)
    return named


def visible_catalogs(user: Any, organisation: Organisation) -> QuerySet[Catalog]:
    catalogs = Catalog.objects.filter(organisation=organisation)
    return catalogs if is_catalog_manager(user) else catalogs.filter(status=Catalog.Status.APPROVED)


def visible_entries(user: Any, catalog: Catalog) -> QuerySet[Entry]:
    entries = catalog.entries.select_related("category", "department", "scope", "retention").prefetch_related(
        "forms", "stages"
    )
    if is_catalog_manager(user):
        return entries
    if not catalog.is_approved:
        return entries.none()
    readable = Q(scope__in=admitted_scopes(user, catalog.organisation))
    if has_role(user, Role.DEPARTMENT_EDITOR):
        readable |= Q(department_id=user.department_id)
    return entries.filter(readable, status=Entry.Status.ACTIVE)


def may_see_catalog(user: Any, catalog: Catalog) -> bool:
    return is_catalog_manager(user) or catalog.is_approved


def may_see_obligations(user: Any) -> bool:
    """The obligation pages: catalog managers see all, department editors their department's."""
    return is_catalog_manager(user) or has_role(user, Role.DEPARTMENT_EDITOR)


def published_entries(user: Any, catalog: Catalog) -> QuerySet[Entry]:
    """The catalog as disclosed (plan: the catalog is itself disclosed): live entries of an approved catalog
    whose scope admits `user` — for the public, the entries disclosed to all of society. No manager bypass."""
    if not catalog.is_approved:
        return Entry.objects.none()
    return (
        catalog.entries.filter(status=Entry.Status.ACTIVE, scope__in=admitted_scopes(user, catalog.organisation))
        .select_related("category", "department", "scope")
        .prefetch_related("forms")
        .order_by("order", "code")
    )


def published_catalogs(organisation: Organisation) -> QuerySet[Catalog]:
    return Catalog.objects.filter(organisation=organisation, status=Catalog.Status.APPROVED).order_by("-year")
