"""Issue 9 §4, audit completeness at sign-in: failures, lockouts and their lifting each leave a record."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from gongkai.audit.models import AuditRecord
from gongkai.ops.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password=DEMO_PASSWORD):
    return client.post("/workspace/login/", {"username": username, "password": password})


def _lock_out(username, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, "wrong")
    return client


def test_a_failed_sign_in_is_recorded_with_the_name_tried_and_never_the_password(users):
    _login(Client(), "staff", "Wrong#Secret1")
    rec = AuditRecord.objects.get(action="auth.login_failed")
    assert rec.target_id == "staff" and rec.actor is None
    assert "Wrong#Secret1" not in str(rec.changes) + rec.note + rec.target_repr


def test_a_lockout_is_recorded(users, settings):
    _lock_out("staff", settings)
    assert AuditRecord.objects.filter(action="auth.locked_out", target_id="staff").exists()
    assert AuditRecord.objects.filter(action="auth.login_failed", target_id="staff").count() >= (
        settings.AXES_FAILURE_LIMIT
    )


def test_lifting_a_lockout_in_the_admin_names_who_lifted_it(users, settings, client_as):
    _lock_out("staff", settings)
    attempt = AccessAttempt.objects.get(username="staff")
    response = client_as("secadmin").post(f"/manage/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    rec = AuditRecord.objects.get(action="auth.lockout_lifted", target_id="staff")
    assert rec.actor == users["secadmin"]
    assert _login(Client(), "staff").status_code == 302


def test_lifting_a_lockout_by_command_is_recorded(users, settings):
    _lock_out("staff", settings)
    call_command("axes_reset_username", "staff")
    rec = AuditRecord.objects.get(action="auth.lockout_lifted", target_id="staff")
    assert rec.actor is None and rec.actor_name == "系统"


def test_a_lockout_that_runs_out_is_recorded_as_expired(users, settings):
    _lock_out("staff", settings)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME), minutes=1)
    with time_machine.travel(later):
        assert _login(Client(), "staff").status_code == 302
    assert AuditRecord.objects.filter(action="auth.lockout_expired", target_id="staff").exists()
