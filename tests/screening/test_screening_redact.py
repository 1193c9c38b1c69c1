"""Redaction: every occurrence masked in every part, or an error — never a half-masked file."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from lxml import etree
from screening_files import EMAIL, ID_NUMBER, JPEG, MOBILE, parts, rezip, w

from gongkai.screening.detectors import scan
from gongkai.screening.extract import extract_text
from gongkai.screening.filetypes import FileKind, check_upload
from gongkai.screening.redact import (
    MASK,
    NotRedactable,
    RedactionError,
    can_redact,
    mask_targets,
    redact_docx,
    redact_file,
    redact_text,
    redact_txt,
    redact_xlsx,
    target_spans,
)
from gongkai.screening.segments import Segment


def assert_nowhere(data: bytes, *targets: str) -> None:
    """No part of the package holds a target, as bytes or as text between tags."""
    for name, content in parts(data).items():
        for target in targets:
            assert target.encode() not in content, (name, target)
        if name.endswith(".xml"):
            text = "".join(etree.fromstring(content).itertext())
            for target in targets:
                assert target not in text, (name, target)


# --- plain text -----------------------------------------------------------------------------------------------


def test_redact_text_keeps_the_length() -> None:
    text = f"身份证号{ID_NUMBER}，手机{MOBILE}。"
    findings = scan([Segment("正文", text)])
    masked = redact_text(text, [(f.start, f.end) for f in findings])
    assert masked == f"身份证号{MASK * 18}，手机{MASK * 11}。"
    assert len(masked) == len(text)


def test_redact_text_refuses_spans_outside_the_text() -> None:
    with pytest.raises(ValueError):
        redact_text("abc", [(2, 5)])


def test_targets_are_found_case_insensitively_and_overlapping() -> None:
    assert target_spans("VPN vpn", ["vpn"]) == [(0, 3), (4, 7)]
    assert mask_targets("12345678", ["12345", "345678"]) == MASK * 8
    assert mask_targets("abc", ["", "  "]) == "abc"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_txt_redaction_keeps_the_encoding_and_line_ends(encoding: str) -> None:
    data = f"联系人：张三\r\n手机 {MOBILE}\r\n邮箱 {EMAIL.upper()}\r\n".encode(encoding)
    result = redact_txt(data, [MOBILE, EMAIL])
    assert result.decode(encoding) == f"联系人：张三\r\n手机 {MASK * 11}\r\n邮箱 {MASK * len(EMAIL)}\r\n"


# --- DOCX -----------------------------------------------------------------------------------------------------


def test_docx_redaction_leaves_no_trace_in_any_part(docx_file: bytes) -> None:
    result = redact_docx(docx_file, [ID_NUMBER, EMAIL])
    assert_nowhere(result, ID_NUMBER, EMAIL)
    assert check_upload("x.docx", result, max_bytes=10**7).kind == FileKind.DOCX
    text = {s.location: s.text for s in extract_text(FileKind.DOCX, result).segments}
    assert text["第2段"] == f"申请人身份证号：{MASK * 18}，已核实。"
    assert text["表格1 第3行第2列"] == MASK * 18
    assert text["页眉"] == f"秘密★1年  联系邮箱 {MASK * len(EMAIL)}"
    assert text["页脚"] == f"经办人证件 {MASK * 18}"
    assert text["第1段"].endswith(f"联系电话 {MOBILE}。")  # what was not a target stays


def test_docx_run_split_number_is_masked_without_losing_formatting(docx_file: bytes) -> None:
    result = redact_docx(docx_file, [ID_NUMBER])
    paragraph = docx.Document(io.BytesIO(result)).paragraphs[1]
    assert [(run.text, bool(run.bold)) for run in paragraph.runs] == [
        ("申请人身份证号：", False),
        (MASK * 6, False),
        (MASK * 8, True),
        (MASK * 4 + "，已核实。", False),
    ]


def test_docx_parts_without_targets_are_kept_byte_for_byte(docx_file: bytes) -> None:
    before, after = parts(docx_file), parts(redact_docx(docx_file, [EMAIL]))
    assert [name for name in before if before[name] != after[name]] == ["word/header1.xml"]


def test_docx_hidden_text_is_masked_too(docx_file: bytes) -> None:
    """Deleted revisions, field codes, external link targets and alt text are in the file, so they are masked."""
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    def add_hidden(name: str, content: bytes) -> bytes:
        if name == "word/_rels/document.xml.rels":
            link = f'<Relationship Id="rIdMail" Type="{rels}/hyperlink" Target="mailto:{EMAIL}" TargetMode="External"/>'
            return content.replace(b"</Relationships>", link.encode() + b"</Relationships>")
        if name != "word/document.xml":
            return content
        root = etree.fromstring(content)
        body = root.find(w("w:body"))
        paragraph = etree.SubElement(body, w("w:p"))
        deleted = etree.SubElement(etree.SubElement(paragraph, w("w:del")), w("w:r"))
        etree.SubElement(deleted, w("w:delText")).text = ID_NUMBER[:10]
        etree.SubElement(etree.SubElement(paragraph, w("w:r")), w("w:delText")).text = ID_NUMBER[10:]
        field = etree.SubElement(paragraph, w("w:r"))
        etree.SubElement(field, w("w:instrText")).text = f' HYPERLINK "mailto:{EMAIL}" '
        simple = etree.SubElement(paragraph, w("w:fldSimple"))
        simple.set(w("w:instr"), f"HYPERLINK mailto:{EMAIL}")
        body.remove(paragraph)
        body.insert(0, paragraph)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))

    result = redact_docx(rezip(docx_file, add_hidden), [ID_NUMBER, EMAIL])
    assert_nowhere(result, ID_NUMBER, EMAIL)
    assert f"mailto:{MASK * len(EMAIL)}".encode() in parts(result)["word/_rels/document.xml.rels"]


def test_docx_target_in_document_structure_fails_closed(docx_file: bytes) -> None:
    def bookmark(name: str, content: bytes) -> bytes:
        if name != "word/document.xml":
            return content
        mark = f'<w:bookmarkStart w:id="9" w:name="{MOBILE}"/>'.encode()
        return content.replace(b"<w:body>", b"<w:body><w:p>" + mark + b"</w:p>", 1)

    with pytest.raises(RedactionError) as caught:
        redact_docx(rezip(docx_file, bookmark), [MOBILE])
    assert "word/document.xml" in caught.value.message and "请上传替换文件" in caught.value.message


def test_docx_target_in_an_embedded_object_fails_closed(docx_file: bytes) -> None:
    data = rezip(docx_file, lambda name, content: content)
    data = _add_part(data, "word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0" + ID_NUMBER.encode("utf-16-le"))
    with pytest.raises(RedactionError) as caught:
        redact_docx(data, [ID_NUMBER])
    assert "oleObject1.bin" in caught.value.message


def test_short_targets_are_not_looked_for_in_images(docx_file: bytes) -> None:
    data = _add_part(docx_file, "word/media/image1.jpeg", JPEG + b"vpn")
    assert_nowhere(redact_docx(data, ["VPN", ID_NUMBER]), ID_NUMBER)


def _add_part(data: bytes, name: str, content: bytes) -> bytes:
    import zipfile

    output = io.BytesIO(data)
    with zipfile.ZipFile(output, "a") as package:
        package.writestr(name, content)
    return output.getvalue()


def test_no_targets_no_change(docx_file: bytes) -> None:
    assert redact_docx(docx_file, []) == docx_file
    assert redact_docx(docx_file, [" "]) == docx_file


def test_broken_docx_cannot_be_redacted() -> None:
    with pytest.raises(RedactionError):
        redact_docx(b"PK\x03\x04 broken", [ID_NUMBER])


# --- XLSX -----------------------------------------------------------------------------------------------------


def test_xlsx_redaction_masks_strings_numbers_rich_text_and_comments(xlsx_file: bytes) -> None:
    result = redact_xlsx(xlsx_file, [ID_NUMBER, MOBILE, EMAIL])
    assert_nowhere(result, ID_NUMBER, MOBILE, EMAIL)
    workbook = openpyxl.load_workbook(io.BytesIO(result))
    sheet = workbook["名单"]
    assert sheet["B3"].value == MASK * 18
    assert sheet["C3"].value == MASK * 11  # the number became masked text
    assert sheet["D3"].value == 12  # other numbers stay numbers
    assert sheet["A5"].comment.text == f"电话 {MASK * 11}"
    assert workbook["My sheet"]["C4"].value == f"邮箱 {MASK * len(EMAIL)}"
    text = {s.location: s.text for s in extract_text(FileKind.XLSX, result).segments}
    assert text["名单!B4"] == f"证件：{MASK * 18}"


def test_xlsx_shared_strings_split_across_runs_are_masked(xlsx_file: bytes) -> None:
    """Excel itself keeps strings in xl/sharedStrings.xml; a rich string there is masked across its runs."""
    x = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    shared = (
        f'<sst xmlns="{x}" count="1" uniqueCount="1"><si><r><t>号码{ID_NUMBER[:7]}</t></r>'
        f"<r><rPr><b/></rPr><t>{ID_NUMBER[7:]}</t></r></si></sst>"
    ).encode()

    def use_shared_strings(name: str, content: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            root = etree.fromstring(content)
            cell = root.find(f".//{{{x}}}c[@r='A1']")
            cell.set("t", "s")
            for child in list(cell):
                cell.remove(child)
            etree.SubElement(cell, f"{{{x}}}v").text = "0"
            return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
        if name == "[Content_Types].xml":
            override = (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            )
            return content.replace(b"</Types>", override.encode() + b"</Types>")
        if name == "xl/_rels/workbook.xml.rels":
            rel = (
                '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/sharedStrings" Target="sharedStrings.xml"/>'
            )
            return content.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        return content

    data = _add_part(rezip(xlsx_file, use_shared_strings), "xl/sharedStrings.xml", shared)
    assert {s.location: s.text for s in extract_text(FileKind.XLSX, data).segments}["名单!A1"] == f"号码{ID_NUMBER}"
    result = redact_xlsx(data, [ID_NUMBER])
    assert_nowhere(result, ID_NUMBER)
    assert openpyxl.load_workbook(io.BytesIO(result))["名单"]["A1"].value == f"号码{MASK * 18}"


# --- what cannot be redacted ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [FileKind.PDF, FileKind.JPEG, FileKind.PNG])
def test_pdf_and_images_cannot_be_redacted(kind: FileKind, pdf_file: bytes) -> None:
    assert not can_redact(kind)
    with pytest.raises(NotRedactable) as caught:
        redact_file(kind, pdf_file, [ID_NUMBER])
    assert "无法在平台上遮盖，请上传已处理" in caught.value.message


@pytest.mark.parametrize("kind", [FileKind.DOCX, FileKind.XLSX, FileKind.TXT])
def test_office_files_and_text_can_be_redacted(kind: FileKind) -> None:
    assert can_redact(kind)


def test_redact_file_dispatches_by_kind(xlsx_file: bytes) -> None:
    assert redact_file(FileKind.TXT, MOBILE.encode(), [MOBILE]) == (MASK * 11).encode()
    assert_nowhere(redact_file(FileKind.XLSX, xlsx_file, [ID_NUMBER]), ID_NUMBER)


def test_docx_readings_with_and_without_field_codes_both_stay_masked(docx_file: bytes) -> None:
    """A field inside a number: Word shows the number whole; the masks of both readings must add up."""

    def add_field(name: str, content: bytes) -> bytes:
        if name != "word/document.xml":
            return content
        paragraph = (
            f"<w:p><w:r><w:t>{ID_NUMBER[:9]}</w:t></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
            f"<w:r><w:t>{ID_NUMBER[9:]} 手机 {MOBILE}</w:t></w:r></w:p>"
        )
        return content.replace(b"<w:body>", b"<w:body>" + paragraph.encode(), 1)

    result = redact_docx(rezip(docx_file, add_field), [ID_NUMBER, MOBILE])
    assert_nowhere(result, ID_NUMBER, MOBILE)
    first = docx.Document(io.BytesIO(result)).paragraphs[0]
    assert first.text == f"{MASK * 18} 手机 {MASK * 11}"
