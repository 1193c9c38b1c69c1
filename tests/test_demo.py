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


def test_the_sample_disclosures_are_published_through_the_procedure_once(org, client_as):
    import datetime as dt

    import time_machine
    from django.test import Client

    from gongkai.disclosures.models import Disclosure

    with time_machine.travel(dt.datetime(2026, 11, 27, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        load_demo(samples=True)
        made = list(Disclosure.objects.filter(organisation=org).order_by("pk"))
        assert len(made) == 7 and all(d.state == Disclosure.State.PUBLISHED and d.index_number for d in made)
        assert {d.scope.kind for d in made} == {"public", "bureau", "party"}
        notice = next(d for d in made if d.has_window)
        assert notice.window_ends_on == dt.date(2026, 12, 3) and notice.cadres.count() == 1
        assert AuditRecord.objects.filter(action="disclosure.publish_online").count() == 5
        assert AuditRecord.objects.filter(action="disclosure.publish_offline").count() == 2
        public = Client().get("/list/").content.decode()
        assert "第三季度招商引资工作情况" in public and "党费收缴" not in public
        # The 党费 sample was approved for the board only: disclosed on the board, never read on the platform.
        assert "共找到 0 条" in client_as("member").get("/workspace/read/search/", {"q": "党费"}).content.decode()
        assert "共找到 0 条" in Client().get("/search/", {"q": "党费"}).content.decode()
        load_demo(samples=True)
        assert Disclosure.objects.filter(organisation=org).count() == 7
    assert verify_chain().ok
