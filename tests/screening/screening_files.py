"""Real files for the screening tests, made here: DOCX (python-docx), XLSX (openpyxl), PDF (WeasyPrint)."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable

import docx
import openpyxl
from docx.oxml.ns import qn
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment

# Valid test values (check characters computed by hand from the rules).
ID_NUMBER = "110105199003071239"
ID_NUMBER_X = "11010519491231002X"
MOBILE = "13800138000"
CARD = "6222021234567894"
EMAIL = "zhang.san@example.com.cn"

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\x8a\xa5\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def make_docx() -> bytes:
    """A DOCX with the ID number in a paragraph, split across runs, in a table, in the header and the footer."""
    document = docx.Document()
    document.add_paragraph(f"关于张三同志的公示：身份证号 {ID_NUMBER}，联系电话 {MOBILE}。")
    split = document.add_paragraph("申请人身份证号：")
    split.add_run(ID_NUMBER[:6])
    split.add_run(ID_NUMBER[6:14]).bold = True
    split.add_run(ID_NUMBER[14:] + "，已核实。")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "身份证号"
    table.cell(2, 0).text = "张三"
    table.cell(2, 1).text = ID_NUMBER
    section = document.sections[0]
    section.header.paragraphs[0].text = f"秘密★1年  联系邮箱 {EMAIL}"
    section.footer.paragraphs[0].text = f"经办人证件 {ID_NUMBER}"
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    sheet["A1"], sheet["B1"], sheet["C1"] = "姓名", "身份证号", "手机"
    sheet["A3"], sheet["B3"], sheet["C3"] = "张三", ID_NUMBER, int(MOBILE)
    sheet["D3"] = 12.0
    sheet["B4"] = CellRichText(
        "证件：", TextBlock(InlineFont(b=True), ID_NUMBER[:9]), TextBlock(InlineFont(i=True), ID_NUMBER[9:])
    )
    sheet["A5"].comment = Comment(f"电话 {MOBILE}", "办公室")
    other = workbook.create_sheet("My sheet")
    other["C4"] = f"邮箱 {EMAIL}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def make_pdf(pages: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(f'<section style="break-after: page">{page}</section>' for page in pages)
    html = f'<html lang="zh"><body style="font-family: \'Noto Sans CJK SC\'">{body}</body></html>'
    return bytes(HTML(string=html).write_pdf())


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A copy of a zip with each part passed through `change` (None drops the part)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info))
            if content is not None:
                target.writestr(copy.copy(info), content)
    return output.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def w(tag: str) -> str:
    return qn(tag)
