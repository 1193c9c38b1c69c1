"""Roles against a reference definition, over generated organisations, people and seats (issue 9 §4).

The reference: a seat confers a role only when its body belongs to the person's own organisation; the three
administrator accounts hold their one role and nothing else. Seats are created with the ORM directly (skipping
the admin's checks), as a restored backup or a raw UPDATE could leave them.
"""

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.org.models import Body, Membership, Organisation, User
from gongkai.org.roles import Role, compute_roles

pytestmark = pytest.mark.django_db

KINDS = [Body.Kind.LEADING_GROUP, Body.Kind.OFFICE, Body.Kind.PARTY_GROUP]
POSITIONS = [Membership.Position.LEADER, Membership.Position.DEPUTY, Membership.Position.MEMBER]
SYSTEM_ROLES = ["", "", "", "system_admin", "security_admin", "auditor"]

person = st.fixed_dictionaries(
    {
        "org": st.sampled_from([0, 1, None]),
        "system_role": st.sampled_from(SYSTEM_ROLES),
        "seats": st.lists(st.tuples(st.sampled_from([0, 1]), st.sampled_from(KINDS), st.sampled_from(POSITIONS))),
    }
)


def reference(p, orgs):
    if p["system_role"]:
        return {Role(p["system_role"])}
    roles = {Role.STAFF}
    own = orgs[p["org"]].pk if p["org"] is not None else None
    for org_index, kind, position in p["seats"]:
        if orgs[org_index].pk != own:
            continue
        roles |= {Body.Kind.OFFICE: {Role.OFFICE}, Body.Kind.PARTY_GROUP: {Role.PARTY_GROUP}}.get(kind, set())
        if kind == Body.Kind.LEADING_GROUP:
            roles.add(Role.LEADING_GROUP)
            if position == Membership.Position.LEADER:
                roles.add(Role.LEADER)
    return roles


@settings(max_examples=max(20, settings.default.max_examples // 2))
@given(people=st.lists(person, min_size=1, max_size=5))
def test_roles_equal_the_reference_for_generated_people(people):
    with transaction.atomic():
        orgs = [Organisation.objects.create(code=f"gen{i}", name=f"生成机构{i}") for i in range(2)]
        bodies = {
            (i, kind): Body.objects.create(organisation=o, kind=kind, name=f"{kind}{i}")
            for i, o in enumerate(orgs)
            for kind in KINDS
        }
        for n, p in enumerate(people):
            org = orgs[p["org"]] if p["org"] is not None else None
            user = User.objects.create(username=f"gen{n}", organisation=org, system_role=p["system_role"])
            placed = []
            for org_index, kind, position in p["seats"]:
                body = bodies[(org_index, kind)]
                if body.memberships.filter(user=user).exists():
                    continue  # one seat per body (a constraint)
                if position == Membership.Position.LEADER and body.memberships.filter(position="leader").exists():
                    position = Membership.Position.MEMBER  # one 组长 per body (a constraint)
                Membership.objects.create(user=user, body=body, position=position)
                placed.append((org_index, kind, position))
            p["seats"] = placed
            assert set(compute_roles(user)) == reference(p, orgs), p
        transaction.set_rollback(True)
