import pytest

from gongkai.audit.models import AuditRecord
from gongkai.audit.trail import verify_chain
from gongkai.ops.demo import ACCOUNTS, load_demo
from gongkai.org.models import Body, Department, Membership, PartyOrganisation, User
from gongkai.org.roles import Role, roles_of

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (User, Department, Body, Membership, PartyOrganisation, AuditRecord)]


def test_the_demo_loads_once_and_is_idempotent(org):
    first = _counts()
    load_demo()
    assert _counts() == first
    assert verify_chain().ok


def test_the_demo_has_every_role_and_staff_who_are_not_party_members(users):
    held = set().union(*(roles_of(u) for u in users.values()))
    assert held == set(Role) - {Role.PUBLIC}
    assert any(not u.is_party_member and Role.STAFF in roles_of(u) for u in users.values())
    assert len(users) == len(ACCOUNTS)


def test_the_party_organisations_form_a_tree(org):
    branch = PartyOrganisation.objects.filter(kind=PartyOrganisation.Kind.BRANCH).first()
    assert [p.kind for p in branch.ancestors()] == ["committee", "party_group", "superior"]
