"""Issue 9 §4: the office clerk's attack through the admin, over HTTP — she must not become 组长."""

import pytest

from gongkai.audit.models import AuditRecord
from gongkai.disclosures.models import Disclosure
from gongkai.org.models import Body, Membership, Organisation
from gongkai.org.roles import Role, forget_roles, roles_of

from .conftest import walk_to

pytestmark = pytest.mark.django_db


def _body_form(body, **overrides):
    data = {
        "organisation": body.organisation_id,
        "kind": body.kind,
        "name": body.name,
        "party_organisation": body.party_organisation_id or "",
    }
    data.update(overrides)
    return data


def test_the_office_clerk_cannot_make_herself_leader_through_the_admin(client_as, users, org, draft):
    office = client_as("office")
    reviewed = walk_to(draft, "reviewed", {**users, "office": users["office2"]})
    elsewhere = Organisation.objects.create(code="elsewhere", name="别处")
    leading = Body.objects.get(organisation=org, kind=Body.Kind.LEADING_GROUP)
    own = Body.objects.get(organisation=org, kind=Body.Kind.OFFICE)

    office.post(f"/manage/org/body/{leading.pk}/change/", _body_form(leading, organisation=elsewhere.pk))
    office.post(f"/manage/org/body/{own.pk}/change/", _body_form(own, kind=Body.Kind.LEADING_GROUP))
    seat = Membership.objects.get(user=users["office"], body=own)
    office.post(
        f"/manage/org/membership/{seat.pk}/change/", {"user": seat.user_id, "body": leading.pk, "position": "leader"}
    )
    office.post(f"/workspace/disclosures/{reviewed.pk}/do/approve/", {"comment": ""})

    reviewed.refresh_from_db()
    assert reviewed.state == Disclosure.State.REVIEWED
    forget_roles(users["office"])
    assert Role.LEADER not in roles_of(users["office"])
    leading.refresh_from_db()
    own.refresh_from_db()
    assert (leading.organisation_id, own.kind) == (org.pk, Body.Kind.OFFICE)


def test_a_body_keeps_its_organisation_and_kind(client_as, org):
    own = Body.objects.get(organisation=org, kind=Body.Kind.OFFICE)
    elsewhere = Organisation.objects.create(code="elsewhere", name="别处")
    office = client_as("office")
    response = office.post(
        f"/manage/org/body/{own.pk}/change/",
        _body_form(own, organisation=elsewhere.pk, kind=Body.Kind.LEADING_GROUP, name="领导小组办公室（改）"),
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.organisation_id, own.kind, own.name) == (org.pk, Body.Kind.OFFICE, "领导小组办公室（改）")
    refused = AuditRecord.objects.get(action="org.body.change_refused", target_id=str(own.pk))
    assert refused.changes == {"organisation": str(elsewhere.pk), "kind": Body.Kind.LEADING_GROUP}
    shown = office.get("/manage/org/body/").content.decode()
    assert "所属机构和类型不能更改" in shown


def test_a_body_moved_behind_the_admins_back_is_refused(org):
    from django.core.exceptions import ValidationError

    leading = Body.objects.get(organisation=org, kind=Body.Kind.LEADING_GROUP)
    leading.organisation = Organisation.objects.create(code="elsewhere", name="别处")
    with pytest.raises(ValidationError):
        leading.save()


def test_roles_come_only_from_bodies_of_ones_own_organisation(users, org):
    elsewhere = Organisation.objects.create(code="elsewhere", name="别处")
    # however the leading group got there (a raw UPDATE, a restored backup), its seats no longer count here
    Body.objects.filter(organisation=org, kind=Body.Kind.LEADING_GROUP).update(organisation=elsewhere)
    leader = users["leader"]
    forget_roles(leader)
    assert Role.LEADER not in roles_of(leader) and Role.LEADING_GROUP not in roles_of(leader)


def test_members_of_a_body_never_change_its_seats(client_as, users, org):
    leading = Body.objects.get(organisation=org, kind=Body.Kind.LEADING_GROUP)
    office_body = Body.objects.get(organisation=org, kind=Body.Kind.OFFICE)
    seat = Membership.objects.get(user=users["office2"], body=office_body)
    response = client_as("office").post(
        f"/manage/org/membership/{seat.pk}/change/",
        {"user": seat.user_id, "body": office_body.pk, "position": "leader", "title": ""},
    )
    assert response.status_code == 403
    seat.refresh_from_db()
    assert seat.position == Membership.Position.MEMBER
    refused = AuditRecord.objects.get(action="auth.refused", actor=users["office"])
    assert refused.target_repr == f"/manage/org/membership/{seat.pk}/change/"
    response = client_as("office").post(
        "/manage/org/membership/add/", {"user": users["member"].pk, "body": leading.pk, "position": "member"}
    )
    assert not Membership.objects.filter(user=users["member"]).exists()


def test_the_security_administrator_changes_seats_and_it_is_audited(client_as, users, org):
    leading = Body.objects.get(organisation=org, kind=Body.Kind.LEADING_GROUP)
    response = client_as("secadmin").post(
        "/manage/org/membership/add/",
        {"user": users["member"].pk, "body": leading.pk, "position": "member", "title": "成员"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    seat = Membership.objects.get(user=users["member"], body=leading)
    assert AuditRecord.objects.filter(action="org.membership.create", target_id=str(seat.pk)).exists()
