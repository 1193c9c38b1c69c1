import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import ValidationError

from gongkai.disclosures import attachments, secrecy, services
from gongkai.disclosures.models import Finding, SensitiveTerm
from gongkai.errors import InvalidState
from tests.disclosures.conftest import ID_NUMBER, docx_with, make_input, walk_to

pytestmark = pytest.mark.django_db


def _docx_text(data):
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_findings_in_body_and_attachment_block_review_until_resolved(users, quarterly, clock):
    item = services.disclosure_create(
        actor=users["editor_xm"],
        entry=quarterly,
        data=make_input(quarterly, body="<p>联系人手机13912345678，本文件属内部资料。</p>"),
    )
    services.attachment_add(
        actor=users["editor_xm"], disclosure=item, name="名单.docx", data=docx_with(f"张三 身份证号 {ID_NUMBER}")
    )
    item = walk_to(item, "in_review", users)
    kinds = sorted(item.findings.values_list("kind", flat=True))
    assert kinds == ["classification", "mobile", "resident_id"]
    with pytest.raises(InvalidState) as blocked:
        services.disclosure_review(actor=users["office"], disclosure=item)
    assert "密级标识“内部资料”" in blocked.value.message

    office = users["office"]
    for finding in item.findings.exclude(kind="classification"):
        services.finding_redact(actor=office, finding=finding)
    with pytest.raises(InvalidState) as blocked:
        services.disclosure_review(actor=office, disclosure=item)
    assert "密级标识" in blocked.value.message
    mark = item.findings.get(kind="classification")
    with pytest.raises(ValidationError):
        services.finding_accept(actor=office, finding=mark, reason="")
    with pytest.raises(InvalidState):  # a mark is neither accepted nor masked (issue 9 §3)
        services.finding_accept(actor=office, finding=mark, reason="“内部资料”为对外说明的普通用语，非密级标识。")
    secrecy.declassification_record(
        actor=office,
        disclosure=item,
        data=secrecy.DeclassificationInput(
            kind="not_classified",
            decided_by="局保密工作领导小组",
            basis="“内部资料”为对外说明的普通用语，不是密级标识。",
            document_reference="招保〔2026〕3号",
            decided_on=dt.date(2026, 7, 1),
        ),
    )
    item.refresh_from_db()
    assert "13912345678" not in item.body and "■■■■■■■■■■■" in item.body
    published = walk_to(item, "published", users)
    attachment = published.attachments.get()
    served = attachments.read(attachment)
    assert ID_NUMBER not in _docx_text(served) and "■" * 18 in _docx_text(served)
    assert ID_NUMBER in _docx_text(attachments.read(attachment, original=True))  # the original is kept
    assert ID_NUMBER not in attachment.text


def test_a_pdf_with_a_finding_cannot_be_redacted_and_blocks_publication(users, quarterly, clock):
    from weasyprint import HTML

    pdf = HTML(string=f"<p>身份证号 {ID_NUMBER}</p>").write_pdf()
    item = services.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly))
    services.attachment_add(actor=users["editor_xm"], disclosure=item, name="名单.pdf", data=pdf)
    item = walk_to(item, "in_review", users)
    finding = item.findings.get(kind="resident_id")
    with pytest.raises(InvalidState) as refused:
        services.finding_redact(actor=users["office"], finding=finding)
    assert "无法遮盖" in refused.value.message
    assert Finding.objects.get(pk=finding.pk).status == Finding.Status.OPEN


def test_the_offices_sensitive_terms_are_flagged(users, quarterly, clock, org):
    SensitiveTerm.objects.create(organisation=org, term="拟调整人选")
    item = services.disclosure_create(
        actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly, body="<p>另附拟调整人选名单。</p>")
    )
    item = walk_to(item, "in_review", users)
    assert list(item.findings.values_list("kind", "text")) == [("sensitive_term", "拟调整人选")]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("报告.pdf", b"MZ\x90\x00" + b"\x00" * 200, "内容"),
        ("照片.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
        ("空文件.pdf", b"", "空文件"),
        ("超大.txt", b"a" * (21 * 1024 * 1024), "MB"),
        ("坏的.pdf", b"%PDF-1.7\n1 0 obj <<", "损坏"),
    ],
)
def test_bad_files_are_refused_with_a_chinese_message(users, draft, name, data, message):
    with pytest.raises(InvalidState) as refused:
        services.attachment_add(actor=users["editor_xm"], disclosure=draft, name=name, data=data)
    assert message in refused.value.message
    assert not draft.attachments.exists()


def test_an_encrypted_pdf_is_refused(users, draft):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(InvalidState) as refused:
        services.attachment_add(actor=users["editor_xm"], disclosure=draft, name="加密.pdf", data=buffer.getvalue())
    assert "加密" in refused.value.message
