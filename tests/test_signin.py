import datetime as dt

import pytest
import time_machine
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.audit.models import AuditRecord
from gongkai.ops.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password=DEMO_PASSWORD):
    return client.post("/workspace/login/", {"username": username, "password": password})


def test_every_demo_account_signs_in_with_the_printed_password(users):
    for username in users:
        client = Client()
        response = _login(client, username)
        assert response.status_code == 302 and response["Location"] == "/workspace/", username
        assert client.get("/workspace/").status_code == 200


def test_sign_in_is_audited(users):
    _login(Client(), "staff")
    assert AuditRecord.objects.filter(action="auth.login", actor=users["staff"]).exists()


def test_a_wrong_password_gets_a_chinese_message_next_to_the_form(users):
    response = _login(Client(), "staff", "wrong")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(users, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "staff", "wrong")
    locked = _login(client, "staff")
    assert locked.status_code == 429 and "暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert _login(Client(), "member").status_code == 302  # another account is not affected


def test_a_session_ends_after_the_idle_time(users, settings):
    client = Client()
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        _login(client, "staff")
        clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
        assert client.get("/workspace/").status_code == 200  # activity renews the session
        clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
        response = client.get("/workspace/")
    assert response.status_code == 302 and response["Location"].startswith("/workspace/login/")


def test_weak_passwords_are_refused_in_chinese(client_as, users):
    client = client_as("staff")
    for weak in ("short1A!", "alllowercaseletters", "1234567890123"):
        response = client.post(
            "/workspace/password/", {"old_password": DEMO_PASSWORD, "new_password1": weak, "new_password2": weak}
        )
        assert response.status_code == 200
    assert "至少 3 类" in response.content.decode() or "密码" in response.content.decode()
    users["staff"].refresh_from_db()
    assert users["staff"].check_password(DEMO_PASSWORD)


def test_a_strong_password_is_accepted_and_audited(client_as, users):
    response = client_as("staff").post(
        "/workspace/password/",
        {"old_password": DEMO_PASSWORD, "new_password1": "Zhaoshang*2027", "new_password2": "Zhaoshang*2027"},
    )
    assert response.status_code == 302
    users["staff"].refresh_from_db()
    assert users["staff"].check_password("Zhaoshang*2027")
    assert AuditRecord.objects.filter(action="auth.password_change", actor=users["staff"]).exists()


@override_settings(GONGKAI_REQUIRE_2FA_ROLES=["office", "leader", "auditor", "system_admin", "security_admin"])
def test_required_roles_must_enrol_and_verify_a_second_factor(users):
    client = Client()
    assert _login(client, "office").status_code == 302
    blocked = client.get("/workspace/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/workspace/2fa/setup/")
    assert client.get("/").status_code == 302  # nothing else either, the portal included
    api = client.get("/api/v1/items")  # but the API, which ignores the session, answers as to anyone
    assert api.status_code == 200 and api["Content-Type"].startswith("application/json")
    client.get("/workspace/2fa/setup/")
    device = TOTPDevice.objects.get(user=users["office"])
    assert client.post("/workspace/2fa/setup/", {"token": "000000"}).status_code == 200
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)):  # past the failure throttle
        token = f"{totp(device.bin_key):06d}"
        assert client.post("/workspace/2fa/setup/", {"token": token}).status_code == 302
        assert client.get("/workspace/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # Next time: the verify page, and a wrong code is refused in Chinese.
    again = Client()
    _login(again, "office")
    assert again.get("/workspace/")["Location"].startswith("/workspace/2fa/verify/")
    refused = again.post("/workspace/2fa/verify/", {"token": "12ab"})
    assert "6 位数字" in refused.content.decode()
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)):
        fresh = f"{totp(device.bin_key):06d}"
        verified = again.post("/workspace/2fa/verify/", {"token": fresh, "next": "zsj"})  # not a path: home
        assert verified.status_code == 302 and verified["Location"] == "/workspace/"
        assert again.get("/workspace/").status_code == 200


@override_settings(GONGKAI_REQUIRE_2FA_ROLES=["office"])
def test_roles_not_named_sign_in_with_a_password_only(users):
    client = Client()
    _login(client, "staff")
    assert client.get("/workspace/").status_code == 200


def test_next_cannot_send_a_verified_user_off_site(users):
    client = Client()
    response = client.post(
        "/workspace/login/?next=https://evil.example/",
        {"username": "staff", "password": DEMO_PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/workspace/"
