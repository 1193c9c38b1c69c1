"""A person makes an API token in the browser, another system reads with it, and it stops working once revoked."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_catalog import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_token_made_on_the_page_reads_the_api_until_revoked(live_server, page, org):
    base = live_server.url
    _sign_in(page, base, "staff")
    page.goto(base + "/workspace/")
    page.get_by_role("link", name="接口令牌").click()
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
