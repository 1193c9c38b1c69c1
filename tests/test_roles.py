import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.org import permissions as perm
from gongkai.org.models import Body, Membership
from gongkai.org.roles import Role, forget_roles, roles_of

pytestmark = pytest.mark.django_db

EXPECTED = {
    "leader": {Role.STAFF, Role.PARTY_MEMBER, Role.LEADING_GROUP, Role.LEADER, Role.PARTY_GROUP},
    "deputy": {Role.STAFF, Role.PARTY_MEMBER, Role.LEADING_GROUP, Role.PARTY_GROUP},
    "partygroup": {Role.STAFF, Role.PARTY_MEMBER, Role.PARTY_GROUP},
    "office": {Role.STAFF, Role.PARTY_MEMBER, Role.OFFICE, Role.LEADING_GROUP},
    "office2": {Role.STAFF, Role.PARTY_MEMBER, Role.OFFICE},
    "editor_xm": {Role.STAFF, Role.PARTY_MEMBER, Role.DEPARTMENT_EDITOR},
    "member": {Role.STAFF, Role.PARTY_MEMBER},
    "staff": {Role.STAFF},
    "auditor": {Role.AUDITOR},
    "sysadmin": {Role.SYSTEM_ADMIN},
    "secadmin": {Role.SECURITY_ADMIN},
}


@pytest.mark.parametrize(("username", "roles"), EXPECTED.items())
def test_roles_follow_from_the_demo_records(users, username, roles):
    assert roles_of(users[username]) == roles


def test_anonymous_is_public():
    from django.contrib.auth.models import AnonymousUser

    assert roles_of(AnonymousUser()) == {Role.PUBLIC}


def test_each_right_belongs_to_its_role(users):
    rights = {
        "may_configure_system": {"sysadmin"},
        "may_manage_accounts": {"secadmin"},
        "may_read_audit": {"auditor"},
        "may_manage_organisation": {"office", "office2"},
        "may_edit_calendar": {"office", "office2"},
        "may_draft_catalog": {"office", "office2"},
        "may_read_everything": {"auditor"},
    }
    for name, holders in rights.items():
        check = getattr(perm, name)
        assert {u for u, user in users.items() if check(user)} == holders, name


def test_administrators_read_no_restricted_content(users):
    assert not perm.may_read_restricted(users["sysadmin"])
    assert not perm.may_read_restricted(users["secadmin"])
    assert perm.may_read_restricted(users["auditor"])
    assert perm.may_read_restricted(users["staff"])


def test_nobody_approves_their_own_draft(users):
    leader, office = users["leader"], users["office"]
    assert perm.may_approve_catalog(leader, drafted_by_id=office.pk)
    assert not perm.may_approve_catalog(leader, drafted_by_id=leader.pk)
    assert not perm.may_approve_catalog(office, drafted_by_id=leader.pk)
    assert perm.may_approve_disclosure(leader, drafted_by_id=users["editor_xm"].pk)
    assert not perm.may_approve_disclosure(leader, drafted_by_id=leader.pk)
    assert perm.may_review_disclosure(office, drafted_by_id=users["editor_xm"].pk)
    assert not perm.may_review_disclosure(office, drafted_by_id=office.pk)
    assert perm.may_decide_catalog_change(users["partygroup"], requested_by_id=office.pk)
    assert not perm.may_decide_catalog_change(users["partygroup"], requested_by_id=users["partygroup"].pk)


def test_editors_draft_only_for_their_own_department(users):
    editor = users["editor_xm"]
    assert perm.may_draft_for_department(editor, editor.department_id)
    assert not perm.may_draft_for_department(editor, users["editor_rs"].department_id)
    assert not perm.may_draft_for_department(users["member"], users["member"].department_id)


def test_the_three_administrators_are_separate_accounts_with_no_content_role(users):
    admins = [users["sysadmin"], users["secadmin"], users["auditor"]]
    assert len({u.pk for u in admins}) == 3
    for user in admins:
        assert not (roles_of(user) - {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})


def test_the_database_refuses_an_administrator_who_is_also_an_editor(users):
    sysadmin = users["sysadmin"]
    sysadmin.is_department_editor = True
    with pytest.raises(IntegrityError), transaction.atomic():
        sysadmin.save()


def test_an_administrator_cannot_take_a_seat_in_a_body(users, org):
    seat = Membership(user=users["auditor"], body=Body.objects.get(organisation=org, kind=Body.Kind.OFFICE))
    with pytest.raises(ValidationError) as refused:
        seat.full_clean()
    assert "三员" in str(refused.value)


def test_roles_change_with_memberships(users, org):
    member = users["member"]
    assert Role.OFFICE not in roles_of(member)
    Membership.objects.create(user=member, body=Body.objects.get(organisation=org, kind=Body.Kind.OFFICE))
    assert Role.OFFICE not in roles_of(member)  # still cached for this request
    forget_roles(member)
    assert Role.OFFICE in roles_of(member)


def test_one_leader_per_body(users, org):
    body = Body.objects.get(organisation=org, kind=Body.Kind.LEADING_GROUP)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=users["member"], body=body, position=Membership.Position.LEADER)
