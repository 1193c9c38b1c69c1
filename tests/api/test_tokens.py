"""API tokens: made on the workspace page with the secret shown once, audited, revocable; a bad token is a 401."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from gongkai.api.models import ApiToken
from gongkai.api.tokens import hash_secret, token_create, token_revoke
from gongkai.audit.models import AuditRecord
from gongkai.errors import NotAllowed, Refused

pytestmark = pytest.mark.django_db


def make_on_page(client: Client, name: str = "市门户网站同步") -> str:
    response = client.post("/workspace/api-tokens/", {"name": name})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    match = re.search(r'<code class="secret" id="new-secret">([^<]+)</code>', response.content.decode())
    assert match, "the secret is shown once after creation"
    return match.group(1)


def test_the_page_shows_the_secret_once_and_stores_only_its_hash(users, verified_as):
    client = verified_as("staff")
    secret = make_on_page(client)
    token = ApiToken.objects.get(user=users["staff"])
    assert token.name == "市门户网站同步" and token.key_prefix == secret[:8] and len(secret) == 43
    assert token.key_hash == hash_secret(secret) and secret not in token.key_hash
    page = client.get("/workspace/api-tokens/").content.decode()
    assert secret not in page and f"{secret[:8]}…" in page and "市门户网站同步" in page
    record = AuditRecord.objects.get(action="api.token.create")
    assert record.actor == users["staff"] and record.target_id == str(token.pk)
    assert secret not in str(record.changes)


def test_the_page_needs_a_sign_in_and_a_name(verified_as):
    assert Client().get("/workspace/api-tokens/").status_code == 302
    response = verified_as("staff").post("/workspace/api-tokens/", {"name": "  "})
    assert "new-secret" not in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_created_secret_reads_as_its_owner_and_a_revoked_one_is_refused(world, users, verified_as):
    client = verified_as("member")
    secret = make_on_page(client)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert Client().get("/api/v1/items", headers=bearer).json()["count"] == 3
    token = ApiToken.objects.get(key_prefix=secret[:8])
    assert token.last_used_at is not None
    response = client.post(f"/workspace/api-tokens/{token.pk}/revoke/", follow=True)
    assert "已吊销" in response.content.decode()
    refused = Client().get("/api/v1/items", headers=bearer)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert AuditRecord.objects.filter(action="api.token.revoke", target_id=str(token.pk)).count() == 1


@pytest.mark.parametrize(
    "header",
    [
        "Bearer wrong-token-0123456789abcdefghijklmnopqrstuv",
        "Bearer ",
        "Bearer",
        "Basic c3RhZmY6cGFzcw==",
        "bearer two words",
        "",
        "Bearer " + "x" * 5000,
        "Bearer 党费",
    ],
)
def test_a_bad_authorization_header_is_a_401_never_anonymous(world, header):
    for path in ("/api/v1/items", "/api/v1/search?q=工作", "/api/v1/catalog", f"/api/v1/items/{world.pk('public')}"):
        response = Client().get(path, headers={"Authorization": header})
        assert response.status_code == 401, (path, header)
        assert "results" not in response.json() and response["Cache-Control"] == "private, no-store"


def test_a_token_of_a_disabled_account_is_refused(world, users, secret_of):
    secret = secret_of("member")
    users["member"].is_active = False
    users["member"].save()
    assert Client().get("/api/v1/items", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_the_scheme_is_case_insensitive(world, secret_of):
    response = Client().get("/api/v1/items", headers={"Authorization": f"bearer {secret_of('staff')}"})
    assert response.status_code == 200 and response.json()["count"] == 2


def test_the_session_is_never_the_api_caller(world, client_as):
    assert client_as("member").get("/api/v1/items").json()["count"] == 1  # signed in, but no token: the public


def test_only_the_owner_or_the_security_administrator_revokes(users, client_as):
    token, _secret = token_create(actor=users["member"], name="同步", verified_session=True)
    assert client_as("staff").post(f"/workspace/api-tokens/{token.pk}/revoke/").status_code == 404
    with pytest.raises(NotAllowed):
        token_revoke(actor=users["staff"], token=token)
    with pytest.raises(NotAllowed):
        token_revoke(actor=users["sysadmin"], token=token)
    client_as("secadmin").post(f"/workspace/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == users["secadmin"]
    with pytest.raises(Refused):
        token_revoke(actor=users["member"], token=token)


def test_the_security_administrator_sees_and_revokes_everyones_tokens_in_the_admin(users, client_as):
    token, _secret = token_create(actor=users["member"], name="门户同步", verified_session=True)
    url = "/manage/api/apitoken/"
    assert client_as("sysadmin").get(url).status_code == 403
    admin = client_as("secadmin")
    page = admin.get(url)
    assert page.status_code == 200 and "门户同步" in page.content.decode()
    assert admin.get(f"{url}add/").status_code == 403
    admin.post(url, {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_by == users["secadmin"]
    assert AuditRecord.objects.filter(action="api.token.revoke", actor=users["secadmin"]).exists()


def test_the_administrators_tokens_read_only_what_is_public(world, api):
    for admin in ("sysadmin", "secadmin"):
        assert api(admin)("/api/v1/items").json()["count"] == 1
        assert api(admin)("/api/v1/search", {"q": "党费专户"}).json()["total"] == 0


def test_a_person_holds_at_most_ten_live_tokens(users):
    for i in range(10):
        token_create(actor=users["staff"], name=f"令牌{i}", verified_session=True)
    with pytest.raises(Refused):
        token_create(actor=users["staff"], name="第十一个", verified_session=True)
    token_revoke(actor=users["staff"], token=ApiToken.objects.filter(user=users["staff"]).first())
    token_create(actor=users["staff"], name="第十一个", verified_session=True)


def test_a_session_without_the_second_factor_makes_no_token(users, client_as):
    """A stolen password alone must not mint a credential that outlives the session."""
    client = client_as("staff")
    page = client.get("/workspace/api-tokens/").content.decode()
    assert "须先通过双因素认证" in page and 'name="name"' not in page
    response = client.post("/workspace/api-tokens/", {"name": "偷偷生成"})
    assert "new-secret" not in response.content.decode() and "双因素认证" in response.content.decode()
    assert not ApiToken.objects.exists() and not AuditRecord.objects.filter(action="api.token.create").exists()
    with pytest.raises(NotAllowed):
        token_create(actor=users["staff"], name="同步", verified_session=False)


def test_a_token_expires_after_the_configured_days(world, users, settings):
    settings.GONGKAI_API_TOKEN_DAYS = 30
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        token, secret = token_create(actor=users["member"], name="同步", verified_session=True)
    assert token.expires_at == start + dt.timedelta(days=30)
    assert AuditRecord.objects.get(action="api.token.create").changes["expires_at"][1]
    bearer = {"Authorization": f"Bearer {secret}"}
    with time_machine.travel(start + dt.timedelta(days=30) - dt.timedelta(seconds=1), tick=False):
        assert Client().get("/api/v1/items", headers=bearer).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=30), tick=False):
        refused = Client().get("/api/v1/items", headers=bearer)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
        token.refresh_from_db()
        assert not token.is_active and token.is_expired


def test_the_token_page_shows_each_tokens_expiry(users, verified_as):
    token, _secret = token_create(actor=users["staff"], name="同步", verified_session=True)
    page = verified_as("staff").get("/workspace/api-tokens/").content.decode()
    assert "有效期至" in page and token.expires_at.astimezone().strftime("%Y-%m-%d") in page
