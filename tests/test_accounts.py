"""Issue 9 §4: passwords set behind someone's back, and the two-person rule for administrator accounts."""

import pytest
from django.core import mail
from django.test import Client

from gongkai.audit.models import AuditRecord
from gongkai.errors import NotAllowed
from gongkai.notices.models import Notice
from gongkai.org import accounts
from gongkai.org.models import AdminAccountRequest, User

pytestmark = pytest.mark.django_db
NEW = "Chongshe#2026x"


def _set_password(client, user, password=NEW):
    return client.post(
        f"/manage/org/user/{user.pk}/password/",
        {"password1": password, "password2": password, "usable_password": "true"},
    )


def _all_audit_text():
    return " ".join(f"{r.changes} {r.note} {r.target_repr}" for r in AuditRecord.objects.all())


def test_a_password_set_by_the_security_administrator_is_recorded_without_the_hash(
    client_as, users, django_capture_on_commit_callbacks
):
    staff = users["staff"]
    with django_capture_on_commit_callbacks(execute=True):
        response = _set_password(client_as("secadmin"), staff)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW) and staff.must_change_password
    rec = AuditRecord.objects.get(action="org.user.password_set", target_id=str(staff.pk))
    assert rec.actor == users["secadmin"] and "密码由 冯安 设置" in rec.note
    assert staff.password not in _all_audit_text() and NEW not in _all_audit_text()
    notice = Notice.objects.get(recipient=staff, kind="account.password_set")
    assert "冯安" in notice.body
    assert any(staff.email in m.to for m in mail.outbox)


def test_the_person_must_choose_a_new_password_before_anything_else(client_as, users):
    _set_password(client_as("secadmin"), users["staff"])
    client = Client()
    assert client.post("/workspace/login/", {"username": "staff", "password": NEW}).status_code == 302
    for path in ("/workspace/", "/workspace/read/", "/workspace/notices/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/workspace/password/"), path
    page = client.get("/workspace/password/")
    assert page.status_code == 200 and "请先设置一个只有您自己知道的新密码" in page.content.decode()
    mine = "Ziji#Mima2026"
    response = client.post("/workspace/password/", {"old_password": NEW, "new_password1": mine, "new_password2": mine})
    assert response.status_code == 302
    assert not User.objects.get(pk=users["staff"].pk).must_change_password
    assert client.get("/workspace/").status_code == 200


def test_only_the_security_administrator_sets_passwords(client_as, users):
    assert _set_password(client_as("office"), users["staff"]).status_code in (302, 403)
    assert not User.objects.get(pk=users["staff"].pk).check_password(NEW)
    with pytest.raises(NotAllowed):
        accounts.password_set(actor=users["sysadmin"], user=users["staff"], raw_password=NEW)


def _new_auditor_form(org):
    return {
        "username": "auditor2",
        "full_name": "钱审",
        "password1": "Shenji#2026a",
        "password2": "Shenji#2026a",
        "organisation": org.pk,
        "department": "",
        "party_organisation": "",
        "system_role": "auditor",
        "usable_password": "true",
    }


def test_an_auditor_account_is_not_created_by_one_administrator_alone(client_as, users, org):
    response = client_as("secadmin").post("/manage/org/user/add/", _new_auditor_form(org))
    assert response.status_code == 302
    assert not User.objects.filter(username="auditor2").exists()
    request = AdminAccountRequest.objects.get(target_name="auditor2", status="pending")
    rec = AuditRecord.objects.get(action="org.admin_request.create", target_id=str(request.pk))
    assert "pbkdf2" not in str(rec.changes) and "md5" not in str(rec.changes)
    # the requester cannot confirm their own request
    with pytest.raises(NotAllowed):
        accounts.admin_request_confirm(actor=users["secadmin"], request=request)
    assert not User.objects.filter(username="auditor2").exists()
    # the second administrator confirms, through the admin
    response = client_as("sysadmin").post(
        "/manage/org/adminaccountrequest/", {"action": "confirm", "_selected_action": [request.pk]}
    )
    assert response.status_code == 302
    created = User.objects.get(username="auditor2")
    assert created.system_role == "auditor" and created.must_change_password and created.check_password("Shenji#2026a")
    request.refresh_from_db()
    assert request.status == "confirmed" and request.decided_by == users["sysadmin"]
    assert AuditRecord.objects.filter(action="org.admin_request.confirm", actor=users["sysadmin"]).exists()
    assert AuditRecord.objects.filter(action="org.user.create", target_id=str(created.pk)).exists()


def test_the_holder_of_the_account_does_not_confirm_a_change_to_it(client_as, users):
    _set_password(client_as("secadmin"), users["sysadmin"])
    assert not User.objects.get(pk=users["sysadmin"].pk).check_password(NEW)
    request = AdminAccountRequest.objects.get(kind="password", target=users["sysadmin"])
    with pytest.raises(NotAllowed):
        accounts.admin_request_confirm(actor=users["sysadmin"], request=request)
    second = User.objects.create_user("secadmin2", password="x", system_role="security_admin", full_name="冯二")
    accounts.admin_request_confirm(actor=second, request=request)
    sysadmin = User.objects.get(pk=users["sysadmin"].pk)
    assert sysadmin.check_password(NEW) and sysadmin.must_change_password


def test_changing_an_administrator_account_waits_for_confirmation(client_as, users, org):
    auditor = users["auditor"]
    form = {
        "username": "auditor",
        "full_name": "吴纪",
        "email": "stolen@example.com",
        "organisation": org.pk,
        "department": auditor.department_id or "",
        "party_organisation": auditor.party_organisation_id or "",
        "system_role": "auditor",
        "is_active": "on",
    }
    response = client_as("secadmin").post(f"/manage/org/user/{auditor.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=auditor.pk).email != "stolen@example.com"
    request = AdminAccountRequest.objects.get(kind="change", target=auditor)
    assert request.payload == {"email": "stolen@example.com"}
    accounts.admin_request_refuse(actor=users["sysadmin"], request=request)
    assert User.objects.get(pk=auditor.pk).email != "stolen@example.com"
    assert AuditRecord.objects.filter(action="org.admin_request.refuse", target_id=str(request.pk)).exists()


def test_making_a_staff_member_an_administrator_needs_a_second_administrator(client_as, users, org):
    staff = users["staff"]
    form = {
        "username": "staff",
        "full_name": staff.full_name,
        "email": staff.email,
        "organisation": org.pk,
        "department": staff.department_id,
        "party_organisation": "",
        "system_role": "system_admin",
        "is_active": "on",
    }
    client_as("secadmin").post(f"/manage/org/user/{staff.pk}/change/", form)
    assert User.objects.get(pk=staff.pk).system_role == ""
    assert AdminAccountRequest.objects.filter(kind="change", target=staff, status="pending").exists()


def test_a_decided_request_cannot_be_decided_again(users):
    request = accounts.password_set(actor=users["secadmin"], user=users["auditor"], raw_password=NEW)
    accounts.admin_request_refuse(actor=users["sysadmin"], request=request)
    from gongkai.errors import InvalidState

    with pytest.raises(InvalidState):
        accounts.admin_request_confirm(actor=users["sysadmin"], request=request)
