"""Who may do what: the one module every app and face asks.

Each function answers one question from the user's derived roles (and, for approvals, from who drafted
the thing). Domain operations call these before they change anything; views call them to decide what to
show. Content visibility (who may *read* an item) lives with the content, but builds on `may_read_restricted`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from gongkai.org.roles import Role, has_role, roles_of


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


# --- administration (三员) ---------------------------------------------------------------------------


def may_configure_system(user: Any) -> bool:
    return has_role(user, Role.SYSTEM_ADMIN)


def may_manage_accounts(user: Any) -> bool:
    """Accounts, system roles and sign-in rules: the security administrator."""
    return has_role(user, Role.SECURITY_ADMIN)


def may_read_audit(user: Any) -> bool:
    """Only the auditor reads the audit trail."""
    return has_role(user, Role.AUDITOR)


def may_read_restricted(user: Any) -> bool:
    """May this user read anything that is not public at all? The system and security administrators
    may not; neither may the public. The auditor reads everything."""
    roles = roles_of(user)
    return Role.AUDITOR in roles or Role.STAFF in roles


def may_read_everything(user: Any) -> bool:
    return has_role(user, Role.AUDITOR)


def may_hold_api_token(user: Any) -> bool:
    """Any signed-in account may read the API as itself; what it reads follows from its roles."""
    return is_signed_in(user)


def may_confirm_admin_account_change(user: Any, *, requested_by_id: int | None, target_id: int | None) -> bool:
    """Two-person rule for the three administrator accounts: a second administrator (system or security)
    confirms — never the one who asked, never the holder of the account concerned. The auditor does not
    confirm (it audits both acts afterwards) and cannot use the admin."""
    pk = getattr(user, "pk", None)
    return has_role(user, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN) and pk not in (requested_by_id, target_id)


def may_manage_api_tokens(user: Any) -> bool:
    """Seeing and revoking anyone's API tokens: the security administrator, like the accounts."""
    return has_role(user, Role.SECURITY_ADMIN)


# --- organisation and reference data ----------------------------------------------------------------


def may_manage_organisation(user: Any) -> bool:
    """Departments, bodies (their names), party organisations, reference data: the office.
    Not the seats in the bodies: see `may_manage_seats`."""
    return has_role(user, Role.OFFICE)


def may_manage_seats(user: Any, body: Any = None) -> bool:
    """Seats in the leading group, the office and the party group, and the 组长 position, decide who reviews
    and approves. They are the security administrator's (accounts and roles, 三员分立), who holds no seat; and
    never a member of the body concerned, whatever other right they hold."""
    if not has_role(user, Role.SECURITY_ADMIN):
        return False
    return body is None or not body.memberships.filter(user_id=getattr(user, "pk", None)).exists()


def may_edit_calendar(user: Any) -> bool:
    return has_role(user, Role.OFFICE)


def may_use_admin(user: Any) -> bool:
    return (
        may_manage_organisation(user)
        or may_manage_accounts(user)
        or may_manage_seats(user)
        or may_configure_system(user)
    )


# --- catalog -----------------------------------------------------------------------------------------


def may_draft_catalog(user: Any) -> bool:
    return has_role(user, Role.OFFICE)


def may_approve_catalog(user: Any, *, drafted_by_id: int | None, changed_by: Collection[int] = ()) -> bool:
    return has_role(user, Role.LEADER) and not is_own_work(user, drafted_by_id) and not has_changed(user, changed_by)


def may_decide_catalog_change(user: Any, *, requested_by_id: int | None) -> bool:
    """Out-of-catalog items, changes, revocations, terminations: the party organisation that made the catalog."""
    return has_role(user, Role.PARTY_GROUP) and not is_own_work(user, requested_by_id)


# --- disclosures -------------------------------------------------------------------------------------


def may_draft_for_department(user: Any, department_id: int | None) -> bool:
    return has_role(user, Role.DEPARTMENT_EDITOR) and department_id is not None and user.department_id == department_id


def may_review_disclosure(user: Any, *, drafted_by_id: int | None, changed_by: Collection[int] = ()) -> bool:
    """`changed_by`: everyone who changed the item's content (`disclosures.authorship.content_changers`)."""
    return has_role(user, Role.OFFICE) and not is_own_work(user, drafted_by_id) and not has_changed(user, changed_by)


def may_approve_disclosure(user: Any, *, drafted_by_id: int | None, changed_by: Collection[int] = ()) -> bool:
    return has_role(user, Role.LEADER) and not is_own_work(user, drafted_by_id) and not has_changed(user, changed_by)


# --- separation of duties ----------------------------------------------------------------------------


def is_own_work(user: Any, author_id: int | None) -> bool:
    """Nobody approves what they drafted."""
    return author_id is not None and getattr(user, "pk", None) == author_id


def has_changed(user: Any, changed_by: Collection[int]) -> bool:
    """By deed, not by authorship: nobody reviews or approves what they changed in any way (an edit, an
    attachment added or removed, a correction asked for), whoever drafted it first."""
    return getattr(user, "pk", None) in changed_by


# --- sign-in rules -----------------------------------------------------------------------------------


def must_use_second_factor(user: Any, *, required_roles: Any, has_device: bool) -> bool:
    """TOTP is demanded of the roles configuration names, and of anyone who has set up a device."""
    return has_device or bool({r.value for r in roles_of(user)} & set(required_roles))
