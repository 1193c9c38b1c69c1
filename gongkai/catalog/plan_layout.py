"""The implementation plan's DOCX laid out as a GB/T 9704-2012 document, ready to be issued (印发).

The same layout as the printed notice (`gongkai.printing.notices`, whose constants are used): A4, 天头 37 mm,
订口 28 mm, 版心 156 × 225 mm; a document grid of 22 lines of 28 characters; the body in 3号仿宋, first-level
headings in 3号黑体, the title in 2号小标宋; the issuer in red 35 mm below the 版心's top, the 发文字号 two lines
below it and a red rule under it; the signature and date (7.3.5.2); the 版记 — 抄送, 印发机关 and 印发日期 —
between rules (7.4); page numbers "— 1 —" in 4号 figures, odd pages right and even pages left (7.5).

The DOCX names the standard's faces (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312): it is opened and printed on
the office's computers, which hold them; Word substitutes a face it lacks.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from gongkai.printing import notices as gbt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
RED = (0xD4, 0x00, 0x00)
FOOTER_DISTANCE_MM = 23.0  # the page number's line 7 mm below the 版心 (262 mm): its foot at about 274 mm


def set_fonts(target: Any, *, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and East Asian fonts of a style's or run's font, dropping theme fonts that would win."""
    from docx.oxml.ns import qn

    target.font.name = latin
    r_pr = target.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def line_pitch_pt() -> float:
    """225/22 mm in points, rounded down to Word's 1/20 pt: rounded up, 22 lines would overflow and leave 21."""
    return math.floor(gbt.LINE_PITCH_MM * 72 / 25.4 * 20) / 20


def char_spacing_twips() -> int:
    """Letters tightened (w:spacing, in 1/20 pt, rounded away from zero) so that 28 full-width characters of 3号
    fit the 156 mm line and 29 do not."""
    pitch = gbt.TEXT_WIDTH_MM * 72 / 25.4 / gbt.CHARS_PER_LINE
    return math.floor((pitch - gbt.BODY_PT) * 20)


def _grid(section: Any) -> None:
    """The 22-line grid (w:docGrid, line pitch in twips). The 28 characters come from the letter spacing of the
    Normal style, not from a character grid: LibreOffice gives a 16 pt character two cells of a 15.8 pt grid."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(line_pitch_pt() * 20)))
    sect_pr.append(grid)


def page_setup(document: Any) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(gbt.PAGE_WIDTH_MM), Mm(gbt.PAGE_HEIGHT_MM)
    section.top_margin = Mm(gbt.TOP_MM)
    section.left_margin = Mm(gbt.LEFT_MM)
    section.right_margin = Mm(gbt.PAGE_WIDTH_MM - gbt.LEFT_MM - gbt.TEXT_WIDTH_MM)
    section.bottom_margin = Mm(gbt.PAGE_HEIGHT_MM - gbt.TOP_MM - gbt.TEXT_HEIGHT_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    _grid(section)
    _page_numbers(document, section)


def _page_number(paragraph: Any, *, odd: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    one_char = Pt(gbt.PAGE_NUMBER_PT)
    if odd:
        paragraph.paragraph_format.right_indent = one_char
    else:
        paragraph.paragraph_format.left_indent = one_char
    before = paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    paragraph._p.append(field)
    after = paragraph.add_run(" —")
    for run in (before, after):
        set_fonts(run, east_asia="宋体")
        run.font.size = Pt(gbt.PAGE_NUMBER_PT)
    r_pr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(int(gbt.PAGE_NUMBER_PT * 2)))
    r_pr.append(size)
    number.insert(0, r_pr)


def _page_numbers(document: Any, section: Any) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def styles(document: Any) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    set_fonts(normal, east_asia=BODY_FONT)
    normal.font.size = Pt(gbt.BODY_PT)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(char_spacing_twips()))
    normal.element.get_or_add_rPr().append(spacing)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(line_pitch_pt())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    heading = document.styles["Heading 1"]
    set_fonts(heading, east_asia=HEADING_FONT)
    heading.font.size = Pt(gbt.BODY_PT)
    heading.font.bold = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(0)
    heading.paragraph_format.space_after = Pt(0)
    heading.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    heading.paragraph_format.line_spacing = Pt(line_pitch_pt())
    heading.paragraph_format.first_line_indent = Pt(2 * gbt.BODY_PT)


def _border(paragraph: Any, side: str, *, size_eighths: int, color: str = "000000", space: int = 1) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    borders.append(line)


def head(document: Any, *, issuer: str, document_number: str) -> None:
    """The red head: the issuer 35 mm below the 版心's top, the 发文字号 two lines below, the red rule 4 mm
    under it (7.2.4–7.2.6)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.space_before = Mm(gbt.ISSUER_TOP_MM)
    mark.paragraph_format.line_spacing = 1.0
    run = mark.add_run(issuer)
    set_fonts(run, east_asia=TITLE_FONT)
    run.font.size = Pt(gbt.header_font_size(issuer))
    run.font.color.rgb = RGBColor(*RED)
    number = document.add_paragraph(document_number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_before = Pt(2 * line_pitch_pt()) if document_number else Pt(0)
    # The rule: the paragraph's bottom border, as wide as the 版心; 4 mm ≈ 11 pt below the number.
    _border(number, "bottom", size_eighths=12, color="".join(f"{c:02X}" for c in RED), space=11)


def title(document: Any, text: str) -> None:
    """Two lines below the red rule, 2号小标宋, centred (7.3.1), one line above the addressee."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(2 * line_pitch_pt())
    paragraph.paragraph_format.space_after = Pt(line_pitch_pt())
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(gbt.TITLE_PT * 1.5)
    run = paragraph.add_run(text)
    set_fonts(run, east_asia=TITLE_FONT)
    run.font.size = Pt(gbt.TITLE_PT)


def _width_chars(text: str) -> float:
    """Width in full-width characters: Arabic figures are half-width."""
    return sum(0.5 if char.isascii() else 1.0 for char in text)


def signature(document: Any, *, issuer: str, signed_on: datetime.date) -> None:
    """7.3.5.2 (no seal): one line below the body the issuer, two characters from the right; the date on the
    next line, starting two characters to the right of the issuer (or two from the right when longer)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    style = document.styles.add_style("落款", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    date = gbt.chinese_date(signed_on)
    name_chars, date_chars = _width_chars(issuer), _width_chars(date)
    date_right = max(2.0, 2 + name_chars - 2 - date_chars)
    name_right = date_right + date_chars + 2 - name_chars
    for number, (text, right) in enumerate(((issuer, name_right), (date, date_right))):
        paragraph = document.add_paragraph(text, style=style)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(right * gbt.BODY_PT)
        if number == 0:
            paragraph.paragraph_format.space_before = Pt(line_pitch_pt())


def record(document: Any, *, copied_to: str, printed_by: str, printed_on: datetime.date) -> None:
    """7.4 版记: 抄送 and 印发机关/印发日期 in 4号仿宋 between rules (first and last thicker), one character in."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    style = document.styles.add_style("版记", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(gbt.PAGE_NUMBER_PT)
    one_char = Pt(gbt.PAGE_NUMBER_PT)
    rows = []
    if copied_to:
        rows.append(f"抄送：{copied_to}。")
    rows.append(f"{printed_by}\t{gbt.chinese_date(printed_on)}印发")
    first = document.add_paragraph(style=style)
    first.paragraph_format.space_before = Pt(2 * line_pitch_pt())
    paragraphs = [first] + [document.add_paragraph(style=style) for _ in rows[1:]]
    for paragraph, text in zip(paragraphs, rows, strict=True):
        paragraph.add_run(text)
        paragraph.paragraph_format.left_indent = one_char
        paragraph.paragraph_format.right_indent = one_char
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            Pt(gbt.TEXT_WIDTH_MM * 72 / 25.4 - 2 * gbt.PAGE_NUMBER_PT), WD_TAB_ALIGNMENT.RIGHT
        )
    _border(paragraphs[0], "top", size_eighths=8)  # 0.35 mm ≈ 1 pt
    for paragraph in paragraphs[:-1]:
        _border(paragraph, "bottom", size_eighths=6)  # 0.25 mm ≈ 0.75 pt
    _border(paragraphs[-1], "bottom", size_eighths=8)
