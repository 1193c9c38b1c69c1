"""Issue 9 §4: management commands that change data write audit records."""

import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditRecord
from gongkai.notices.models import Notice
from gongkai.org.models import User

pytestmark = pytest.mark.django_db


def test_changepassword_from_the_shell_is_recorded_and_forces_a_new_password(users, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Shell#Reset2026")
    call_command("changepassword", "staff")
    staff = User.objects.get(username="staff")
    assert staff.check_password("Shell#Reset2026") and staff.must_change_password
    rec = AuditRecord.objects.get(action="org.user.password_set", target_id=str(staff.pk))
    assert "changepassword" in rec.note and staff.password not in str(rec.changes)
    assert Notice.objects.filter(recipient=staff, kind="account.password_set").exists()


def test_createsuperuser_is_recorded(users):
    call_command("createsuperuser", "--noinput", "--username", "root2", "--email", "root2@example.com")
    user = User.objects.get(username="root2")
    rec = AuditRecord.objects.get(action="org.user.create", target_id=str(user.pk))
    assert rec.changes["is_superuser"] == [None, True] and "createsuperuser" in rec.note


def test_a_superuser_opens_nothing(users, client):
    root = User.objects.create_superuser("root3", password="Root#2026abc")
    client.force_login(root)
    assert client.get("/manage/").status_code == 302
    assert client.get("/workspace/audit/").status_code == 403


def test_rebuilding_the_search_index_is_recorded(users):
    call_command("search_index", "rebuild")
    assert AuditRecord.objects.filter(action="search.index_rebuild").exists()
    call_command("search_index", "optimize")
    assert AuditRecord.objects.filter(action="search.index_optimize").exists()
