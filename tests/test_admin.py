import pytest

from gongkai.audit.models import AuditRecord
from gongkai.org.models import Body, Department, Membership, User

pytestmark = pytest.mark.django_db


def test_only_office_security_and_system_administrators_open_the_admin(client_as):
    for username in ("office", "secadmin", "sysadmin"):
        assert client_as(username).get("/manage/").status_code == 200, username
    for username in ("staff", "member", "leader", "auditor", "editor_xm"):
        assert client_as(username).get("/manage/").status_code == 302, username


def test_the_office_adds_a_department_and_it_is_audited(client_as, org):
    response = client_as("office").post(
        "/manage/org/department/add/",
        {"organisation": org.pk, "code": "zsk", "name": "招商促进科", "order": 20, "email": ""},
    )
    assert response.status_code == 302
    department = Department.objects.get(code="zsk")
    rec = AuditRecord.objects.get(action="org.department.create", target_id=str(department.pk))
    assert rec.changes["name"] == [None, "招商促进科"] and rec.actor_name == "王晓燕"


def test_a_duplicate_department_gets_a_message_and_nothing_is_saved(client_as, org):
    before = Department.objects.count()
    response = client_as("office").post(
        "/manage/org/department/add/", {"organisation": org.pk, "code": "bgs", "name": "办公室", "order": 1}
    )
    assert response.status_code == 200 and Department.objects.count() == before


def test_accounts_are_the_security_administrators(client_as):
    assert client_as("secadmin").get("/manage/org/user/").status_code == 200
    for username in ("office", "sysadmin"):
        assert client_as(username).get("/manage/org/user/").status_code == 403


def test_the_security_administrator_creates_an_account(client_as, org):
    response = client_as("secadmin").post(
        "/manage/org/user/add/",
        {
            "username": "newstaff",
            "full_name": "钱多",
            "password1": "Xinren#2026a",
            "password2": "Xinren#2026a",
            "organisation": org.pk,
            "department": "",
            "party_organisation": "",
            "system_role": "",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newstaff")
    assert AuditRecord.objects.filter(action="org.user.create", target_id=str(user.pk)).exists()
    assert "password" not in AuditRecord.objects.get(action="org.user.create", target_id=str(user.pk)).changes


def test_nobody_grants_themselves_a_seat(client_as, users, org):
    office_body = Body.objects.get(organisation=org, kind=Body.Kind.LEADING_GROUP)
    response = client_as("secadmin").post(
        "/manage/org/membership/add/",
        {"user": users["secadmin"].pk, "body": office_body.pk, "position": "member", "title": ""},
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user=users["secadmin"]).exists()
    assert "不能为自己分配或调整角色" in response.content.decode()
    # the office no longer manages seats at all (the security administrator does): refused outright
    response = client_as("office").post(
        "/manage/org/membership/add/",
        {"user": users["office"].pk, "body": office_body.pk, "position": "deputy", "title": ""},
    )
    assert response.status_code == 403
    assert Membership.objects.get(user=users["office"], body=office_body).position == Membership.Position.MEMBER


def test_an_administrator_cannot_be_given_a_content_seat(client_as, users, org):
    body = Body.objects.get(organisation=org, kind=Body.Kind.OFFICE)
    response = client_as("secadmin").post(
        "/manage/org/membership/add/",
        {"user": users["sysadmin"].pk, "body": body.pk, "position": "member", "title": ""},
    )
    assert response.status_code == 200 and "三员" in response.content.decode()
    assert not Membership.objects.filter(user=users["sysadmin"]).exists()


def test_the_office_edits_the_calendar(client_as):
    response = client_as("office").post(
        "/manage/workdays/dayoverride/add/", {"date": "2027-01-01", "is_workday": "", "name": "元旦"}
    )
    assert response.status_code == 302
    assert AuditRecord.objects.filter(action="workdays.dayoverride.create").exists()
    assert client_as("staff").get("/manage/workdays/dayoverride/").status_code == 302
