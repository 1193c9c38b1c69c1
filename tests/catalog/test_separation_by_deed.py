"""Issue 9 §4: the leader does not approve a catalog they changed (an entry saved or deleted)."""

import pytest

from gongkai.catalog import authorship, entry_data, services
from gongkai.catalog.models import Catalog
from gongkai.errors import NotAllowed
from gongkai.org.models import Body, Membership
from gongkai.org.roles import forget_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_in_office(users, org):
    """The leader also sits in the office: may draft the catalog and approve it — but not both on one."""
    leader = users["leader"]
    Membership.objects.create(user=leader, body=Body.objects.get(organisation=org, kind=Body.Kind.OFFICE))
    forget_roles(leader)
    return leader


@pytest.fixture
def draft2027(org, users):
    return services.catalog_create(actor=users["office"], organisation=org, year=2027)


@pytest.mark.parametrize("deed", ["save", "delete"])
def test_a_leader_who_changed_an_entry_cannot_approve_the_catalog(draft2027, users, leader_in_office, deed):
    entry = draft2027.entries.get(code="16")
    if deed == "save":
        data = entry_data.from_entry(entry)
        data.update(title="季度招商引资工作情况（组长改）")
        services.entry_save(actor=leader_in_office, catalog=draft2027, data=data, entry=entry)
    else:
        services.entry_delete(actor=leader_in_office, entry=entry)
    assert leader_in_office.pk in authorship.catalog_changers(draft2027)
    services.catalog_submit(actor=users["office"], catalog=draft2027)
    with pytest.raises(NotAllowed):
        services.catalog_approve(actor=leader_in_office, catalog=draft2027)
    assert Catalog.objects.get(pk=draft2027.pk).status == Catalog.Status.SUBMITTED


def test_a_leader_who_changed_nothing_approves(draft2027, users, leader_in_office):
    services.catalog_submit(actor=users["office"], catalog=draft2027)
    services.catalog_approve(actor=leader_in_office, catalog=draft2027)
    assert Catalog.objects.get(pk=draft2027.pk).is_approved
