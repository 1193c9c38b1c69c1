"""A scanned PDF (image-only, two pages) with an ID number on page 2, from upload to publication in a real
browser: OCR finds it on page 2, the office marks the box on the page image, previews the redacted copy and
adopts it, the leader approves; the published PDF has the number neither in its text nor in its image."""

import io

import pypdf
import pytest
from playwright.sync_api import expect

from gongkai.disclosures.models import Disclosure
from gongkai.screening import ocr, pdf_redact, testpages
from tests.browser.test_catalog import _sign_in, _sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_scanned_pdf_with_an_id_number_on_page_2_is_found_by_ocr_burnt_in_and_published_clean(
    live_server, page, org, tmp_path
):
    base = live_server.url
    scan = tmp_path / "联系人名单扫描件.pdf"
    scan.write_bytes(testpages.scanned_pdf_with_id_on_page_2())

    _sign_in(page, base, "editor_xm")
    page.goto(base + "/workspace/disclosures/")
    page.get_by_role("link", name="16 季度招商引资工作情况").click()
    page.locator("#id_title").fill("2026年第二季度招商引资工作情况")
    page.locator("#id_body").fill("第二季度共签约项目12个，到位资金8.6亿元。")
    page.locator("#id_obligation_key").select_option(value="16:2026Q2")
    page.get_by_role("button", name="保存草稿").click()
    page.locator("#id_file").set_input_files(str(scan))
    page.get_by_role("button", name="上传").click()
    expect(page.locator(".messages")).to_contain_text("附件已上传")
    page.get_by_role("button", name="提交审核").click()  # OCR runs in the worker (immediate in tests)
    expect(page.locator(".status").first).to_contain_text("待审核")
    item_url = page.url
    _sign_out(page)

    _sign_in(page, base, "office")
    page.goto(item_url)
    unread = page.locator(".unread-parts")
    expect(unread).to_contain_text("已经文字识别（OCR）并筛查")
    finding = page.locator("tr.finding-open")
    expect(finding).to_have_count(1)
    expect(finding).to_contain_text("身份证号")
    expect(finding).to_contain_text("第2页（文字识别）")
    finding.get_by_role("button", name="遮盖").click()  # opens the page images, the box pre-filled on page 2

    page_two = page.locator('.page-canvas[data-page="2"]')
    expect(page_two.locator(".redaction-box")).to_have_count(1)
    # The reviewer widens the area by drawing a second box over the same line, by dragging on the image.
    # Polled from here: wait_for_function evaluates its predicate with eval(), which the CSP refuses.
    loaded = "() => [...document.querySelectorAll('.page-canvas img')].every(i => i.complete && i.naturalWidth)"
    for _ in range(300):
        if page.evaluate(loaded):
            break
        page.wait_for_timeout(100)
    assert page.evaluate(loaded), "the page images did not load"
    page_two.locator(".redaction-box").scroll_into_view_if_needed()
    box = page_two.locator(".redaction-box").bounding_box()
    page.mouse.move(box["x"] - 20, box["y"] - 4)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] + 10, box["y"] + box["height"] + 4, steps=5)
    page.mouse.up()
    expect(page.locator(".messages")).to_contain_text("已添加遮盖区域")
    expect(page.locator('.page-canvas[data-page="2"] .redaction-box')).to_have_count(2)
    page.get_by_role("button", name="生成遮盖副本并预览").click()

    copy = page.locator(".redacted-copy")
    expect(copy).to_contain_text("复查未发现遮盖内容")
    preview = page.locator(".page-preview img")
    expect(preview).to_have_count(2)
    expect(preview.nth(1)).to_have_js_property("complete", True)
    assert preview.nth(1).evaluate("img => img.naturalWidth") > 0
    page.get_by_role("button", name="采用遮盖副本").click()
    expect(page.locator("tr.finding-redacted")).to_have_count(1)
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".status").first).to_contain_text("待审批")
    _sign_out(page)

    _sign_in(page, base, "leader")
    page.goto(item_url)
    expect(page.locator(".page-preview img")).to_have_count(2)  # the leader sees what will be published
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
    link = page.get_by_role("link", name="联系人名单扫描件.pdf")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    published = response.body()
    reader = pypdf.PdfReader(io.BytesIO(published))
    assert len(reader.pages) == 2
    assert testpages.ID_NUMBER not in "".join(p.extract_text() or "" for p in reader.pages)
    assert pdf_redact.residue(published) == []
    image, scale = pdf_redact.render("pdf", published, 1, 300)
    read = ocr.read_image(image, scale=scale).text
    assert "联系人" in read.replace(" ", "")  # the page is readable; only the box is black
    assert testpages.ID_NUMBER not in read and "110105" not in read
