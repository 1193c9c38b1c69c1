"""The catalog's life in a real browser: draft, return, approve, change by the party group, compare versions."""

import pytest
from playwright.sync_api import expect

from gongkai.catalog.models import Catalog
from gongkai.ops.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base, username):
    page.goto(base + "/workspace/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/workspace/")


def _sign_out(page):
    page.get_by_role("button", name="退出").click()


def test_draft_return_approve_then_an_out_of_catalog_item_approved_by_the_party_group(live_server, page, org):
    base = live_server.url
    _sign_in(page, base, "office")
    page.get_by_role("link", name="公开目录").first.click()
    page.locator("#id_year").fill("2027")
    page.get_by_role("button", name="起草").click()
    expect(page.locator(".messages")).to_contain_text("已创建2027年度目录草稿")
    expect(page.locator("table.entries tbody tr")).to_have_count(20)
    page.get_by_role("button", name="提交审批").click()
    expect(page.locator(".messages")).to_contain_text("已提交")
    catalog_url = page.url
    _sign_out(page)

    _sign_in(page, base, "leader")
    page.goto(catalog_url)
    page.get_by_label("退回意见").fill("请补充招商项目阶段的具体时间。")
    page.get_by_role("button", name="退回修改").click()
    expect(page.locator(".status").first).to_contain_text("已退回")
    _sign_out(page)

    _sign_in(page, base, "office")
    page.goto(catalog_url)
    expect(page.locator(".history")).to_contain_text("请补充招商项目阶段的具体时间。")
    page.get_by_role("button", name="提交审批").click()
    _sign_out(page)

    _sign_in(page, base, "leader")
    page.goto(catalog_url)
    page.get_by_role("button", name="批准").click()
    expect(page.locator(".status").first).to_contain_text("已批准")
    _sign_out(page)

    _sign_in(page, base, "office")
    page.goto(catalog_url)
    page.get_by_role("link", name="申请增加目录外事项").click()
    page.get_by_label("编号").fill("21")
    page.locator("#id_title").fill("招商引资项目专项审计整改情况")
    page.get_by_label("内容类别").select_option(label="其他应公开的事项")
    page.get_by_label("责任科室").select_option(label="纪检监察室")
    page.get_by_label("招商网").check()
    page.get_by_label("公开范围").select_option(label="向社会公开")
    page.get_by_label("保管期限").select_option(label="定期30年")
    page.get_by_label("公开时限").select_option(label="即时公开")
    page.get_by_label("变更理由").fill("审计整改情况群众关注度高，经研究拟增加公开。")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".messages")).to_contain_text("变更申请已提交")
    _sign_out(page)

    _sign_in(page, base, "partygroup")
    page.goto(catalog_url)
    page.get_by_role("link", name="增加目录外事项：招商引资项目专项审计整改情况").click()
    page.get_by_label("同意", exact=True).check()
    page.get_by_label("会议日期").fill("2027-03-02")
    page.get_by_label("会议纪要编号").fill("党组〔2027〕3号")
    page.get_by_role("button", name="记录审核决定").click()
    expect(page.locator(".status").first).to_contain_text("已同意")
    page.goto(catalog_url)
    page.get_by_role("link", name="版本与比较").click()
    row = page.locator("table.compare tr.change-added")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("招商引资项目专项审计整改情况")
    expect(row).to_contain_text("新增")
    expect(page.locator(".history")).to_contain_text("党组〔2027〕3号")

    catalog = Catalog.objects.get(year=2027)
    assert catalog.versions.count() == 2 and catalog.entries.get(code="21").out_of_catalog
