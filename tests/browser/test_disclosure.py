"""A quarterly disclosure from draft to published in a real browser, with an ID number in an attached DOCX found
by the screening and redacted by the reviewer; the published page and attachment no longer contain it."""

import io

import docx
import pytest
from playwright.sync_api import expect

from gongkai.disclosures.models import Disclosure
from tests.browser.test_catalog import _sign_in, _sign_out
from tests.disclosures.conftest import ID_NUMBER, docx_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_quarterly_disclosure_with_an_id_number_redacted_before_publication(live_server, page, org, tmp_path):
    base = live_server.url
    attachment = tmp_path / "项目联系人.docx"
    attachment.write_bytes(docx_with(f"联系人张三，身份证号{ID_NUMBER}"))

    _sign_in(page, base, "editor_xm")
    page.goto(base + "/workspace/disclosures/")
    page.get_by_role("link", name="16 季度招商引资工作情况").click()
    page.locator("#id_title").fill("2026年第二季度招商引资工作情况")
    page.locator("#id_body").fill("第二季度共签约项目12个，到位资金8.6亿元。\n重点项目进展顺利。")
    page.locator("#id_obligation_key").select_option(value="16:2026Q2")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".messages")).to_contain_text("草稿已保存")
    page.locator("#id_file").set_input_files(str(attachment))
    page.get_by_role("button", name="上传").click()
    expect(page.locator(".messages")).to_contain_text("附件已上传")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".status").first).to_contain_text("待审核")
    item_url = page.url
    _sign_out(page)

    _sign_in(page, base, "office")
    page.goto(item_url)
    finding = page.locator("tr.finding-open")
    expect(finding).to_have_count(1)
    expect(finding).to_contain_text("身份证号")
    page.get_by_role("button", name="遮盖").click()
    expect(page.locator("tr.finding-redacted")).to_have_count(1)
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".status").first).to_contain_text("待审批")
    _sign_out(page)

    _sign_in(page, base, "leader")
    page.goto(item_url)
    page.get_by_role("button", name="批准").click()
    expect(page.locator(".status").first).to_contain_text("待实施")
    _sign_out(page)

    _sign_in(page, base, "editor_xm")
    page.goto(item_url)
    page.get_by_role("button", name="在平台公开").click()
    expect(page.locator(".status").first).to_contain_text("已公开")
    _sign_out(page)

    item = Disclosure.objects.get()
    page.goto(f"{base}/items/{item.pk}/")
    expect(page.locator("h1")).to_have_text("2026年第二季度招商引资工作情况")
    expect(page.locator(".gov-meta")).to_contain_text("zsj/2026-00001")
    assert ID_NUMBER not in page.content()
    link = page.get_by_role("link", name="项目联系人.docx")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.body())).paragraphs)
    assert ID_NUMBER not in text and "■" * 18 in text
