"""Printable A4 notices (PDF) for disclosures carried out on a bulletin board (公开栏).

This module knows no model: the caller (the disclosures) fills a `NoticeContent` with plain data and calls
`render_notice_pdf`. The notice follows GB/T 9704-2012 (党政机关公文格式), clause by clause:

- 5.2.1/5.2.2 A4; 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (so 26 mm right and 35 mm bottom).
- 5.2.3 3号 body, 22 lines of 28 characters: the line pitch is 225/22 mm and the letters are tightened so that
  exactly 28 full-width characters fill the 156 mm line.
- 7.2.2 the scope marking (党内公开, 机关内部公开 …) top left of the 版心, where a 密级 stands, 3号黑体.
- 7.2.4 the issuer (发文机关标志): the party organisation the catalog names, red, centred, its top 35 mm below
  the 版心's top; 7.2.5 the 发文字号 two lines below it; 7.2.6 the red rule, as wide as the 版心, 4 mm below.
- 7.3.1 the title two lines below the red rule, 2号小标宋, centred; 7.3.3 the body in 3号仿宋 one line below,
  headings 一、 in 黑体 (h2), （一） in 楷体 (h3), 1. in 仿宋 (h4); 7.3.4 the 附件 line one line below the body,
  two characters in; 7.3.5.2 the signature (no seal) one line below, two characters from the right, the date on
  the next line two characters further right; dates in Arabic numerals without leading zeros.
- 7.5 page numbers "— 1 —" in 4号 half-width figures, 7 mm below the 版心, odd pages right and even pages left,
  one character in from the edge.

The 索引号 and the publication date are not part of the standard's head: they are printed at the end, between
rules, like a 版记. A notice that is not published yet (no publication date) is a proof: it says 样稿 in the head
and across every page, and prints neither a publication date nor a blank 索引号.

The wording of the notice is fixed Chinese, whatever the interface language of the person printing it: it is
an official document posted on the board, like the catalog's DOCX plan.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from gongkai.printing.fonts import allowed_font_files, faces, font_face_css

TEMPLATE = "printing/notice.html"

# The page, in millimetres (GB/T 9704-2012 5.2). Tests measure the rendered page against these.
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
TOP_MM = 37.0  # 天头
LEFT_MM = 28.0  # 订口
TEXT_WIDTH_MM = 156.0
TEXT_HEIGHT_MM = 225.0
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
PAGE_NUMBER_PT = 14.0  # 4号
ISSUER_TOP_MM = 35.0  # the issuer's top below the 版心's top (7.2.4)
PAGE_NUMBER_GAP_MM = 7.0  # below the 版心 (7.5)

_MM_PT = 72 / 25.4
LINE_PITCH_MM = TEXT_HEIGHT_MM / LINES_PER_PAGE
# 28 characters of 16 pt are 158 mm: each is tightened by this much so that exactly 28 fill 156 mm (a hair
# more, so rounding never pushes the 28th to the next line).
LETTER_SPACING_PT = round(TEXT_WIDTH_MM * _MM_PT / CHARS_PER_LINE - BODY_PT, 2) - 0.01

# The red issuer is shrunk to fit one line of the 版心, down to the title's size; a longer name wraps.
_HEADER_MAX_PT = 36.0
_HEADER_MIN_PT = TITLE_PT
_HEADER_WIDTH_PT = (TEXT_WIDTH_MM - 2) * _MM_PT
_HEADER_LETTER_SPACING = 0.05  # em, as in notice.css


@dataclass(frozen=True, kw_only=True)
class CadreRow:
    """One row of a 任前公示 table; every value is printed as given (birth as "1985.03")."""

    name: str
    gender: str
    ethnicity: str
    birth: str
    political_status: str
    education: str
    current_post: str
    proposed_post: str


@dataclass(frozen=True, kw_only=True)
class NoticeContent:
    """What a notice prints. `body_html` must already be sanitised by the caller: it is printed as HTML.

    `organisation_name` is the issuer (the party organisation). Without `published_on` the notice is a proof
    (样稿). `scope_marking` is printed top left for a notice that is not public (党内公开 …); `attachments` are
    the names on the 附件 line. The publicity window is optional; when given, both dates are, and
    `window_workdays` (counted by the caller on the working-day calendar) is printed after them.
    """

    organisation_name: str
    title: str
    body_html: str
    index_number: str = ""
    published_on: datetime.date | None = None
    department_name: str = ""
    scope_marking: str = ""
    attachments: list[str] = field(default_factory=list)
    document_number: str = ""
    written_on: datetime.date | None = None
    window_start: datetime.date | None = None
    window_end: datetime.date | None = None
    window_workdays: int | None = None
    objection_ways: str = ""
    cadres: list[CadreRow] = field(default_factory=list)
    corrected_on: datetime.date | None = None
    correction_note: str = ""

    def __post_init__(self) -> None:
        if (self.window_start is None) != (self.window_end is None):
            raise ValueError("A publicity window needs both its start and its end.")
        if self.window_start and self.window_end and self.window_end < self.window_start:
            raise ValueError("A publicity window cannot end before it starts.")
        if self.window_workdays is not None and (self.window_start is None or self.window_workdays < 1):
            raise ValueError("window_workdays needs a window and is at least 1.")
        if self.correction_note and self.corrected_on is None:
            raise ValueError("A correction note needs the date of the correction.")


def chinese_date(day: datetime.date) -> str:
    """2026年9月28日 — Arabic numerals without leading zeros, as GB/T 9704 writes dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def window_text(content: NoticeContent) -> str:
    """公示时间：2026年9月28日至2026年10月9日（5个工作日）, or "" without a window."""
    if content.window_start is None or content.window_end is None:
        return ""
    text = f"公示时间：{chinese_date(content.window_start)}至{chinese_date(content.window_end)}"
    if content.window_workdays is not None:
        text += f"（{content.window_workdays}个工作日）"
    return text


def header_font_size(organisation_name: str) -> float:
    """Point size that keeps the red organisation name on one line when it can."""
    fitting = _HEADER_WIDTH_PT / (max(len(organisation_name), 1) * (1 + _HEADER_LETTER_SPACING))
    return round(max(_HEADER_MIN_PT, min(_HEADER_MAX_PT, fitting)), 1)


def signed_on(content: NoticeContent) -> str:
    """The 成文日期: the day it was written, else the day it was published; a proof without either leaves the
    date blank for the office to fill in by hand (never "today")."""
    day = content.written_on or content.published_on
    return chinese_date(day) if day else "　　年　月　日"


def notice_context(content: NoticeContent) -> dict[str, Any]:
    """The template's context: the content plus everything already formatted for print."""
    current = faces()
    return {
        "content": content,
        # The caller sanitised the body (see NoticeContent); the offline fetcher keeps it off the network.
        "body": mark_safe(content.body_html),  # noqa: S308
        # Built from settings, quotes stripped (printing.fonts): trusted CSS.
        "font_faces": mark_safe(font_face_css(current)),  # noqa: S308
        "fonts": {key: mark_safe(item.css_family) for key, item in current.items()},  # noqa: S308
        "weights": {key: item.weight for key, item in current.items()},
        "proof": content.published_on is None,
        "layout": {
            "top": TOP_MM,
            "left": LEFT_MM,
            "right": PAGE_WIDTH_MM - LEFT_MM - TEXT_WIDTH_MM,
            "bottom": PAGE_HEIGHT_MM - TOP_MM - TEXT_HEIGHT_MM,
            # Rounded down: 22 lines of a rounded-up pitch would overflow the 225 mm by a hair and leave 21.
            "line": f"{math.floor(LINE_PITCH_MM * 10000) / 10000:.4f}",
            "two_lines": f"{math.floor(2 * LINE_PITCH_MM * 10000) / 10000:.4f}",
            "letter_spacing": f"{LETTER_SPACING_PT:.2f}",
            "body_pt": BODY_PT,
            "title_pt": TITLE_PT,
            "page_number_pt": PAGE_NUMBER_PT,
            "issuer_top": ISSUER_TOP_MM,
            "page_number_gap": PAGE_NUMBER_GAP_MM,
        },
        "header_pt": header_font_size(content.organisation_name),
        "published_on": chinese_date(content.published_on) if content.published_on else "",
        "signed_on": signed_on(content),
        "window": window_text(content),
        "objection_lines": [line.strip() for line in content.objection_ways.splitlines() if line.strip()],
        "corrected_on": chinese_date(content.corrected_on) if content.corrected_on else "",
    }


def render_notice_html(content: NoticeContent) -> str:
    return render_to_string(TEMPLATE, notice_context(content))


def render_notice_pdf(content: NoticeContent) -> bytes:
    """The notice as an A4 PDF. Fetches nothing but the configured font files (printing.fonts)."""
    # Imported here: WeasyPrint loads Pango and HarfBuzz, which only the processes that print need.
    from gongkai.printing.pdf import html_to_pdf

    return html_to_pdf(render_notice_html(content), allowed_files=allowed_font_files(faces()))
