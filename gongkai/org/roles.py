"""Roles, derived from a user's records — never stored, so they cannot drift from the memberships.

`roles_of(user)` is the only place that turns records into roles; `permissions.py` turns roles into rights.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.org.models import Body, Membership, User


class Role(models.TextChoices):
    PUBLIC = "public", _("公众")
    STAFF = "staff", _("机关干部职工")
    PARTY_MEMBER = "party_member", _("党员")
    DEPARTMENT_EDITOR = "department_editor", _("科室经办人")
    OFFICE = "office", _("领导小组办公室")
    LEADING_GROUP = "leading_group", _("领导小组成员")
    LEADER = "leader", _("领导小组组长")
    PARTY_GROUP = "party_group", _("党组（党委）")
    AUDITOR = "auditor", _("审计员（纪检）")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")


ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})

_CACHE_ATTR = "_gongkai_roles"


def _body_roles(membership: Membership) -> set[Role]:
    kind = membership.body.kind
    if kind == Body.Kind.OFFICE:
        return {Role.OFFICE}
    if kind == Body.Kind.PARTY_GROUP:
        return {Role.PARTY_GROUP}
    roles = {Role.LEADING_GROUP}
    if membership.position == Membership.Position.LEADER:
        roles.add(Role.LEADER)
    return roles


def compute_roles(user: Any) -> frozenset[Role]:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset({Role.PUBLIC})
    if user.system_role:
        # 三员分立: an administrative account holds its one role and nothing else.
        return frozenset({Role(user.system_role)})
    roles = {Role.STAFF}
    if user.is_party_member:
        roles.add(Role.PARTY_MEMBER)
    if user.is_department_editor and user.department_id:
        roles.add(Role.DEPARTMENT_EDITOR)
    # Only bodies of the person's own organisation confer a role: a seat in another organisation's body
    # (or in a body moved away) gives nothing here.
    seats = user.memberships.select_related("body").filter(body__organisation_id=user.organisation_id)
    for membership in seats:
        roles |= _body_roles(membership)
    return frozenset(roles)


def roles_of(user: Any) -> frozenset[Role]:
    """The user's roles, computed once per user object (one request)."""
    if user is None or not user.is_authenticated:
        return frozenset({Role.PUBLIC})
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = compute_roles(user)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: User) -> None:
    """Drop the cached roles after the user's records changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: Any, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def primary_role(user: Any) -> Role:
    """The role a user most likely acts in, for audit records when the caller names none."""
    order = [
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
        Role.AUDITOR,
        Role.PARTY_GROUP,
        Role.LEADER,
        Role.OFFICE,
        Role.LEADING_GROUP,
        Role.DEPARTMENT_EDITOR,
        Role.PARTY_MEMBER,
        Role.STAFF,
    ]
    held = roles_of(user)
    return next((role for role in order if role in held), Role.PUBLIC)
