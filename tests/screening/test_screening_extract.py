"""Extraction: text with locations from real files, bounded in size."""

from __future__ import annotations

import io

import docx
import pytest
from screening_files import EMAIL, ID_NUMBER, JPEG, MOBILE, make_pdf

from gongkai.screening.detectors import FindingKind, scan
from gongkai.screening.extract import ExtractionError, cell_text, extract_text
from gongkai.screening.filetypes import FileKind
from gongkai.screening.segments import Segment


def located(kind: FileKind, data: bytes) -> dict[str, str]:
    return {segment.location: segment.text for segment in extract_text(kind, data).segments}


def test_pdf_text_per_page(pdf_file: bytes) -> None:
    pages = located(FileKind.PDF, pdf_file)
    assert list(pages) == ["第1页", "第2页"]
    assert ID_NUMBER in pages["第1页"] and "公示名单" in pages["第1页"]
    assert "秘密★1年" in pages["第2页"]


def test_pdf_page_without_text_gets_a_note() -> None:
    extraction = extract_text(FileKind.PDF, make_pdf(["第一页有字", "<div style='height: 5cm'></div>"]))
    assert [segment.location for segment in extraction.segments] == ["第1页"]
    assert extraction.notes == ("第 2 页没有可提取的文字（可能是扫描图片），请审核人人工检查。",)


def test_docx_paragraphs_tables_headers_and_footers(docx_file: bytes) -> None:
    text = located(FileKind.DOCX, docx_file)
    assert text["第1段"].startswith("关于张三同志的公示")
    assert text["第2段"] == f"申请人身份证号：{ID_NUMBER}，已核实。"  # three runs read as one
    assert text["表格1 第3行第2列"] == ID_NUMBER
    assert text["表格1 第1行第1列"] == "姓名"
    assert text["页眉"] == f"秘密★1年  联系邮箱 {EMAIL}"
    assert text["页脚"] == f"经办人证件 {ID_NUMBER}"


def test_docx_sections_footnote_like_parts_and_text_boxes() -> None:
    document = docx.Document()
    document.add_paragraph("第一节正文")
    document.add_section()
    document.sections[1].header.is_linked_to_previous = False
    document.sections[1].header.paragraphs[0].text = f"第二节页眉 {MOBILE}"
    document.sections[0].different_first_page_header_footer = True
    document.sections[0].first_page_footer.paragraphs[0].text = "首页页脚"
    anchor = document.add_paragraph()
    anchor._p.append(_text_box(f"文本框里的邮箱 {EMAIL}"))
    output = io.BytesIO()
    document.save(output)
    text = located(FileKind.DOCX, output.getvalue())
    assert text["第2节页眉"] == f"第二节页眉 {MOBILE}"
    assert text["第1节首页页脚"] == "首页页脚"
    assert text["文本框1"] == f"文本框里的邮箱 {EMAIL}"  # read once, not again from the VML fallback


def _text_box(text: str) -> object:
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    xml = f"""<w:r xmlns:w="{w}" xmlns:mc="{mc}" xmlns:wps="{wps}"><mc:AlternateContent>
      <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
        <w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
      <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></w:pict>
      </mc:Fallback></mc:AlternateContent></w:r>"""
    return etree.fromstring(xml)


def test_xlsx_cells_with_sheet_references(xlsx_file: bytes) -> None:
    text = located(FileKind.XLSX, xlsx_file)
    assert text["名单!B3"] == ID_NUMBER
    assert text["名单!C3"] == MOBILE  # a number, as text
    assert text["名单!D3"] == "12"  # 12.0 without ".0"
    assert text["名单!B4"] == f"证件：{ID_NUMBER}"  # rich text read as one
    assert text["'My sheet'!C4"] == f"邮箱 {EMAIL}"


def test_cell_values_as_text() -> None:
    import datetime

    assert cell_text(True) == "TRUE"
    assert cell_text(1.5) == "1.5"
    assert cell_text(datetime.datetime(2026, 3, 1)) == "2026-03-01"
    assert cell_text(datetime.datetime(2026, 3, 1, 9, 30)) == "2026-03-01T09:30:00"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_txt_lines(encoding: str) -> None:
    data = f"党费收缴情况\n\n联系人手机 {MOBILE}\r\n".encode(encoding)
    assert located(FileKind.TXT, data) == {"第1行": "党费收缴情况", "第3行": f"联系人手机 {MOBILE}"}


def test_images_have_no_text_but_a_note() -> None:
    extraction = extract_text(FileKind.JPEG, JPEG)
    assert extraction.segments == () and "请审核人逐一查看图片内容" in extraction.notes[0]


def test_extraction_is_bounded_and_says_so() -> None:
    data = ("一二三四五六七八九十\n" * 1000).encode()
    extraction = extract_text(FileKind.TXT, data, max_chars=95)
    assert extraction.truncated and extraction.characters == 95
    assert extraction.segments[-1] == Segment("第10行", "一二三四五")
    assert "只自动检查了前 95 个字符" in extraction.notes[-1]


def test_unreadable_file_raises() -> None:
    with pytest.raises(ExtractionError):
        extract_text(FileKind.DOCX, b"PK\x03\x04 broken")


def test_every_finding_in_a_docx_is_located(docx_file: bytes) -> None:
    findings = scan(extract_text(FileKind.DOCX, docx_file).segments)
    assert {(f.location, f.kind) for f in findings} == {
        ("第1段", FindingKind.RESIDENT_ID),
        ("第1段", FindingKind.MOBILE),
        ("第2段", FindingKind.RESIDENT_ID),
        ("表格1 第3行第2列", FindingKind.RESIDENT_ID),
        ("页眉", FindingKind.CLASSIFICATION),
        ("页眉", FindingKind.EMAIL),
        ("页脚", FindingKind.RESIDENT_ID),
    }
