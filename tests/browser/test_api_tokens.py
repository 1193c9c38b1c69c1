"""A person makes an API token in the browser, another system reads with it, and it stops working once revoked."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.test_catalog import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_token_made_on_the_page_reads_the_api_until_revoked(live_server, page, org):
    base = live_server.url
    _sign_in(page, base, "staff")
    page.goto(base + "/workspace/")
    page.get_by_role("link", name="接口令牌").click()
    # No token without the second factor: the page sends the person to enrol an authenticator first.
    expect(page.locator("#id_name")).to_have_count(0)
    page.get_by_role("link", name="用验证器完成验证").click()
    key = page.locator("figcaption code").inner_text().strip()
    page.locator("#id_token").fill(f"{totp(b32decode(key)):06d}")
    page.get_by_role("button", name="启用").click()
    page.wait_for_url("**/workspace/api-tokens/")
    page.locator("#id_name").fill("市门户网站同步")
    page.get_by_role("button", name="生成").click()
    secret = page.locator("#new-secret").inner_text().strip()
    assert len(secret) == 43

    api = page.context.request  # another system: a plain HTTP client with the token, and the session's cookie
    answer = api.get(base + "/api/v1/items", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200 and answer.json()["count"] == 0
    assert answer.headers["cache-control"] == "private, no-store"

    page.goto(base + "/workspace/api-tokens/")
    expect(page.locator("#new-secret")).to_have_count(0)
    expect(page.locator("table")).to_contain_text(secret[:8])
    page.get_by_role("button", name="吊销").click()
    expect(page.locator(".messages")).to_contain_text("已吊销")
    refused = api.get(base + "/api/v1/items", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401 and refused.json()["error"]["code"] == "unauthorized"
