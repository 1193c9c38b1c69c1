"""The foundation as a person meets it: the portal, the sign-in page, the workspace — in real Chromium."""

import pytest

from gongkai.ops.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_the_portal_and_an_office_user_signs_in_and_out(live_server, page, org):
    page.goto(live_server.url + "/")
    assert page.title() == "党务公开 · 某市招商局"
    assert page.locator("h1").inner_text() == "某市招商局党务公开"

    page.get_by_role("link", name="登录").click()
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert "用户名或密码不正确" in page.locator(".form-errors").inner_text()

    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")
    roles = page.locator(".tags").inner_text()
    assert "领导小组办公室" in roles and "党员" in roles
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(live_server.url + "/")


def test_the_portal_fits_a_360_pixel_phone(live_server, browser, org):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 360
