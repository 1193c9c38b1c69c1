"""The unread parts and page redaction through the workspace pages: shown at the top of the review, decided by
form, page images only for those who work on the item, boxes typed as numbers, the preview and its adoption."""

import pytest

from gongkai.disclosures.models import RedactedCopy
from gongkai.screening import testpages
from tests.disclosures.conftest import make_input, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def scanned(users, quarterly, clock):
    from gongkai.disclosures import services

    item = services.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly))
    services.attachment_add(
        actor=users["editor_xm"], disclosure=item, name="扫描件.pdf", data=testpages.scanned_pdf_with_id_on_page_2()
    )
    return item


def test_unread_parts_stand_at_the_top_of_the_review_with_the_ocr_progress(scanned, users, client_as):
    item = walk_to(scanned, "in_review", users)
    page = client_as("office").get(f"/workspace/disclosures/{item.pk}/").content.decode()
    assert page.index("未经自动检查的内容") < page.index('class="actions"')
    assert "文字识别中：已完成 0 / 2 页" in page and "ocr-progress.js" in page and "<script>" not in page
    progress = client_as("office").get(f"/workspace/disclosures/{item.pk}/ocr-progress/").json()
    assert progress["running"] and progress["runs"][0]["total"] == 2


def test_the_office_accepts_an_unread_part_by_form_and_an_empty_reason_is_told(scanned, users, client_as):
    item = walk_to(scanned, "in_review", users)
    part = item.unread_parts.get()
    office = client_as("office")
    response = office.post(f"/workspace/unread/{part.pk}/accept/", {"reason": " "}, follow=True)
    assert "请说明理由" in response.content.decode()
    part.refresh_from_db()
    assert part.status == "pending"
    office.post(f"/workspace/unread/{part.pk}/accept/", {"reason": "已人工查看"})
    part.refresh_from_db()
    assert part.status == "accepted"


def test_page_images_of_the_original_are_for_those_who_work_on_the_item(scanned, users, client_as):
    item = walk_to(scanned, "in_review", users)
    attachment = item.attachments.get()
    url = f"/workspace/attachments/{attachment.pk}/pages/2.png"
    for name in ("staff", "editor_rs", "sysadmin"):
        assert client_as(name).get(url).status_code in (302, 404)
    response = client_as("office").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client_as("office").get(f"/workspace/attachments/{attachment.pk}/pages/9.png").status_code == 404


def test_the_reviewer_types_a_box_previews_the_copy_and_adopts_it(
    scanned, users, client_as, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = walk_to(scanned, "in_review", users)
    attachment = item.attachments.get()
    office = client_as("office")
    pages = office.get(f"/workspace/attachments/{attachment.pk}/pages/").content.decode()
    assert 'class="redaction-box"' in pages and "page-redaction.js" in pages
    response = office.post(
        f"/workspace/attachments/{attachment.pk}/boxes/", {"page": "1", "x0": "x", "y0": "1", "x1": "2", "y1": "3"}
    )
    assert attachment.redaction_boxes.count() == 1  # refused: not a number
    office.post(
        f"/workspace/attachments/{attachment.pk}/boxes/", {"page": "1", "x0": "72", "y0": "60", "x1": "300", "y1": "90"}
    )
    assert attachment.redaction_boxes.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"/workspace/attachments/{attachment.pk}/redacted-copy/")
    copy = RedactedCopy.objects.get()
    assert copy.state == "clean"
    detail = office.get(f"/workspace/disclosures/{item.pk}/").content.decode()
    assert f"pages/1.png?copy={copy.pk}" in detail and "采用遮盖副本" in detail
    preview = office.get(f"/workspace/attachments/{attachment.pk}/pages/1.png?copy={copy.pk}")
    assert preview.status_code == 200
    office.post(f"/workspace/redacted-copies/{copy.pk}/confirm/")
    attachment.refresh_from_db()
    assert attachment.redacted_name == copy.stored_name
    assert item.findings.get(kind="resident_id").status == "redacted"
    assert response.status_code == 302
