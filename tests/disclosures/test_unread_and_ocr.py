"""Unread parts block review until OCR screens them or the office accepts them with a reason; OCR findings
carry their page and box; PDFs and pictures are redacted by burning boxes into page images."""

import io

import pypdf
import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from gongkai.audit.models import AuditRecord
from gongkai.disclosures import attachments, page_redaction, services, unread
from gongkai.disclosures.models import OcrRun, UnreadPart
from gongkai.errors import InvalidState, NotAllowed
from gongkai.screening import ocr, pdf_redact, testpages
from tests.disclosures.conftest import walk_to

pytestmark = pytest.mark.django_db


def _with_file(users, quarterly, make_input, name, data):
    from gongkai.disclosures import services as s

    item = s.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly))
    s.attachment_add(actor=users["editor_xm"], disclosure=item, name=name, data=data)
    return item


@pytest.fixture
def scanned_item(users, quarterly, clock):
    from tests.disclosures.conftest import make_input

    return _with_file(users, quarterly, make_input, "名单扫描件.pdf", testpages.scanned_pdf_with_id_on_page_2())


def _submit(item, users, run_ocr, capture):
    if run_ocr:
        with capture(execute=True):
            return walk_to(item, "in_review", users)
    return walk_to(item, "in_review", users)


def test_a_scanned_pdf_without_ocr_result_blocks_review(scanned_item, users):
    item = walk_to(scanned_item, "in_review", users)  # the OCR task is queued but has not run
    part = item.unread_parts.get()
    assert (part.kind, part.status, part.pages) == ("scanned", "pending", [1, 2])
    assert OcrRun.objects.get(unread_part=part).state == "queued"
    with pytest.raises(InvalidState) as refused:
        services.disclosure_review(actor=users["office"], disclosure=item)
    assert "1 处附件内容未经自动检查" in refused.value.message
    item.refresh_from_db()
    assert item.state == "in_review"


def test_accepting_an_unread_part_with_a_reason_unblocks_review_and_is_audited(scanned_item, users):
    item = walk_to(scanned_item, "in_review", users)
    part = item.unread_parts.get()
    unread.unread_accept(actor=users["office"], part=part, reason="已逐页人工查看，无涉密和个人信息。")
    part.refresh_from_db()
    assert (part.status, part.decided_by, part.reason) == (
        "accepted",
        users["office"],
        "已逐页人工查看，无涉密和个人信息。",
    )
    audit = AuditRecord.objects.filter(action="disclosure.unread_accept").get()
    assert audit.note == part.reason and audit.actor == users["office"]
    services.disclosure_review(actor=users["office"], disclosure=item)
    item.refresh_from_db()
    assert item.state == "reviewed"


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_empty_reason_is_refused_and_nothing_changes(scanned_item, users, reason):
    item = walk_to(scanned_item, "in_review", users)
    part = item.unread_parts.get()
    with pytest.raises(ValidationError):
        unread.unread_accept(actor=users["office"], part=part, reason=reason)
    part.refresh_from_db()
    assert part.status == "pending" and not AuditRecord.objects.filter(action="disclosure.unread_accept").exists()


def test_only_the_office_and_not_the_author_may_accept_an_unread_part(scanned_item, users):
    item = walk_to(scanned_item, "in_review", users)
    part = item.unread_parts.get()
    for name in ("editor_xm", "leader"):
        with pytest.raises(NotAllowed):
            unread.unread_accept(actor=users[name], part=part, reason="看过了")
    assert UnreadPart.objects.get(pk=part.pk).status == "pending"


def test_ocr_finds_the_id_number_on_page_2_with_its_box(scanned_item, users, django_capture_on_commit_callbacks):
    item = _submit(scanned_item, users, True, django_capture_on_commit_callbacks)
    part = item.unread_parts.get()
    assert part.status == "screened" and "Tesseract" in part.note
    run = OcrRun.objects.get(unread_part=part)
    assert (run.state, run.pages_done, run.pages_total) == ("done", 2, 2)
    finding = item.findings.get(kind="resident_id")
    assert finding.text == testpages.ID_NUMBER and finding.page == 2
    assert "第2页（文字识别）" in finding.location
    x0, y0, x1, y1 = finding.box
    # The line was drawn at 72 pt from the left, on the second line from the top (1 inch down, 12 pt text).
    assert 72 < x0 < x1 < 595 and 72 < y0 < y1 < 140
    assert finding.boxes.get().page == 2  # a redaction box is pre-filled where it stands
    assert AuditRecord.objects.filter(action="disclosure.unread_screened").exists()
    with pytest.raises(InvalidState):  # now the finding itself blocks review
        services.disclosure_review(actor=users["office"], disclosure=item)


def test_a_missing_engine_is_told_as_the_reason_and_the_part_stays_pending(
    scanned_item, users, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    item = _submit(scanned_item, users, True, django_capture_on_commit_callbacks)
    part = item.unread_parts.get()
    assert part.status == "pending" and "未安装文字识别程序" in part.note
    assert OcrRun.objects.get(unread_part=part).state == "failed"


def test_a_picture_is_read_by_ocr(users, quarterly, clock, django_capture_on_commit_callbacks):
    from tests.disclosures.conftest import make_input

    image = testpages.page_image(testpages.planted_lines(), dpi=150, rotate=1.0)
    item = _with_file(users, quarterly, make_input, "照片.png", testpages.png(image))
    item = _submit(item, users, True, django_capture_on_commit_callbacks)
    assert item.unread_parts.get().status == "screened"
    kinds = set(item.findings.values_list("kind", flat=True))
    assert {"resident_id", "mobile", "classification"} <= kinds
    assert all(f.page == 1 and f.box for f in item.findings.all())


def test_a_text_pdf_finding_gets_its_page_and_box_from_the_text_layer(users, quarterly, clock):
    from weasyprint import HTML

    from tests.disclosures.conftest import ID_NUMBER, make_input

    pdf = HTML(string=f"<p>第一页</p><p style='page-break-before:always'>身份证号 {ID_NUMBER}</p>").write_pdf()
    item = _with_file(users, quarterly, make_input, "名单.pdf", pdf)
    item = walk_to(item, "in_review", users)
    finding = item.findings.get(kind="resident_id")
    assert finding.page == 2 and len(finding.box) == 4
    assert not item.unread_parts.exists()


def _redact(item, users, capture):
    attachment = item.attachments.get()
    with capture(execute=True):
        copy = page_redaction.copy_make(actor=users["office"], attachment=attachment)
    copy.refresh_from_db()
    return attachment, copy


def test_a_scanned_pdf_is_redacted_by_burning_in_and_published_without_the_number(
    scanned_item, users, django_capture_on_commit_callbacks
):
    item = _submit(scanned_item, users, True, django_capture_on_commit_callbacks)
    attachment, copy = _redact(item, users, django_capture_on_commit_callbacks)
    assert copy.state == "clean", copy.found
    assert testpages.ID_NUMBER not in copy.text
    page_redaction.copy_confirm(actor=users["office"], copy=copy)
    assert item.findings.get(kind="resident_id").status == "redacted"
    published = walk_to(item, "published", users)
    attachment.refresh_from_db()
    served = attachments.read(attachment)
    assert attachments.read(attachment, original=True) != served  # the original stays with the review record
    reader = pypdf.PdfReader(io.BytesIO(served))
    assert len(reader.pages) == 2 and pdf_redact.residue(served) == []
    assert all(not (page.extract_text() or "").strip() for page in reader.pages)
    image, scale = pdf_redact.render("pdf", served, 1, 300)
    assert testpages.ID_NUMBER not in ocr.read_image(image, scale=scale).text
    assert published.state == "published"


def test_a_text_pdf_keeps_no_text_under_a_box(users, quarterly, clock, django_capture_on_commit_callbacks):
    from weasyprint import HTML

    from tests.disclosures.conftest import ID_NUMBER, make_input

    pdf = HTML(string=f"<p>联系人张三</p><p>身份证号 {ID_NUMBER}</p><p>项目进展顺利</p>").write_pdf()
    item = _with_file(users, quarterly, make_input, "名单.pdf", pdf)
    item = walk_to(item, "in_review", users)
    _attachment, copy = _redact(item, users, django_capture_on_commit_callbacks)
    assert copy.state == "clean"
    served = default_read(copy)
    assert pdf_redact.residue(served) == [] and pypdf.PdfReader(io.BytesIO(served)).pages[0].extract_text() == ""
    image, scale = _page(served)
    assert ID_NUMBER not in ocr.read_image(image, scale=scale).text
    pdf_redact.blank(image, [box for _page_number, *box in copy.boxes], scale)  # as the check reads it
    text = ocr.read_image(image, scale=scale).text
    assert ID_NUMBER not in text and "项目进展顺利" in text.replace(" ", "")


def default_read(copy):
    from django.core.files.storage import default_storage

    with default_storage.open(copy.stored_name, "rb") as handle:
        return handle.read()


def _page(data):
    image, scale = pdf_redact.render("pdf", data, 0, 300)
    return image, scale


def test_a_copy_whose_box_misses_the_number_is_not_clean_and_cannot_be_confirmed(
    scanned_item, users, django_capture_on_commit_callbacks
):
    item = _submit(scanned_item, users, True, django_capture_on_commit_callbacks)
    attachment = item.attachments.get()
    attachment.redaction_boxes.update(x0=10, y0=10, x1=40, y1=40)  # a box in the wrong place
    attachment, copy = _redact(item, users, django_capture_on_commit_callbacks)
    assert copy.state == "left" and copy.found == [testpages.ID_NUMBER]
    with pytest.raises(InvalidState):
        page_redaction.copy_confirm(actor=users["office"], copy=copy)
    attachment.refresh_from_db()
    assert attachment.redacted_name == "" and item.findings.get(kind="resident_id").status == "open"


def test_a_finding_whose_box_was_removed_stays_open_after_the_copy(
    scanned_item, users, django_capture_on_commit_callbacks
):
    item = _submit(scanned_item, users, True, django_capture_on_commit_callbacks)
    attachment = item.attachments.get()
    page_redaction.box_remove(actor=users["office"], box=attachment.redaction_boxes.get())
    page_redaction.box_add(actor=users["office"], attachment=attachment, page=1, box=(10, 10, 40, 40))
    attachment, copy = _redact(item, users, django_capture_on_commit_callbacks)
    page_redaction.copy_confirm(actor=users["office"], copy=copy)
    assert item.findings.get(kind="resident_id").status == "open"
    assert AuditRecord.objects.filter(action="disclosure.redaction_box_add").exists()
    with pytest.raises(InvalidState):
        services.disclosure_review(actor=users["office"], disclosure=item)


def test_a_box_outside_the_page_is_refused(scanned_item, users):
    item = walk_to(scanned_item, "in_review", users)
    attachment = item.attachments.get()
    for page, box in [(3, (1, 1, 2, 2)), (1, (10, 10, 5, 20)), (1, (0, 0, 5000, 10))]:
        with pytest.raises(ValidationError):
            page_redaction.box_add(actor=users["office"], attachment=attachment, page=page, box=box)
    assert not attachment.redaction_boxes.exists()


def test_a_picture_is_burnt_in_and_loses_its_exif(users, quarterly, clock, django_capture_on_commit_callbacks):
    from tests.disclosures.conftest import make_input

    image = testpages.page_image(testpages.planted_lines(), dpi=150).convert("RGB")
    exif = Image.Exif()
    exif[0x010E] = "拍摄于 项目现场"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    item = _with_file(users, quarterly, make_input, "照片.jpg", buffer.getvalue())
    item = _submit(item, users, True, django_capture_on_commit_callbacks)
    _attachment, copy = _redact(item, users, django_capture_on_commit_callbacks)
    assert copy.state == "clean", copy.found
    redacted = Image.open(io.BytesIO(default_read(copy)))
    assert redacted.format == "JPEG" and not redacted.getexif()
    assert testpages.ID_NUMBER not in ocr.read_image(redacted).text


class _Undo(Exception):
    pass


def test_who_may_accept_an_unread_part_or_mark_boxes_is_exactly_who_may_review_it(scanned_item, users):
    from django.db import transaction

    from gongkai.errors import Refused
    from gongkai.org import permissions

    item = walk_to(scanned_item, "in_review", users)
    part, attachment = item.unread_parts.get(), item.attachments.get()
    for name, user in users.items():
        expected = permissions.may_review_disclosure(user, drafted_by_id=item.created_by_id)
        for operation in (
            lambda u=user: unread.unread_accept(actor=u, part=part, reason="已人工查看"),
            lambda u=user: page_redaction.box_add(actor=u, attachment=attachment, page=1, box=(1, 1, 20, 20)),
        ):
            try:
                with transaction.atomic():
                    operation()
                    raise _Undo
            except _Undo:
                allowed = True
            except Refused:
                allowed = False
            assert allowed == expected, name
    assert UnreadPart.objects.get(pk=part.pk).status == "pending"
