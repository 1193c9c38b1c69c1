"""Printable A4 notices (PDF) for disclosures carried out on a bulletin board (公开栏).

This module knows no model: the caller (the disclosures) fills a `NoticeContent` with plain data and calls
`render_notice_pdf`. The notice is laid out like a Chinese official notice — the organisation's name in red
over a red rule (红头), the title centred in a bold sans face (黑体-like), the body in a Song-like serif — with
an optional 任前公示 table of cadres, the publicity window, the ways to raise an objection, the signature block
and, on every page, the index number and "第 N 页 共 M 页".

The wording of the notice is fixed Chinese, whatever the interface language of the person printing it: it is
an official document posted on the board, like the catalog's DOCX plan.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

TEMPLATE = "printing/notice.html"

# The red organisation name is shrunk to fit one line of the 170 mm text width, down to 20 pt (about 22
# characters); a longer name wraps rather than shrink below the title's size.
_HEADER_MAX_PT = 36.0
_HEADER_MIN_PT = 20.0
_HEADER_WIDTH_PT = 165 / 25.4 * 72  # a little less than the 170 mm between the margins
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

    The publicity window is optional; when given, both dates are, and `window_workdays` (counted by the caller
    on the working-day calendar) is printed after them.
    """

    organisation_name: str
    title: str
    body_html: str
    index_number: str
    published_on: datetime.date
    department_name: str
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


def notice_context(content: NoticeContent) -> dict[str, Any]:
    """The template's context: the content plus everything already formatted for print."""
    return {
        "content": content,
        # The caller sanitised the body (see NoticeContent); the offline fetcher keeps it off the network.
        "body": mark_safe(content.body_html),  # noqa: S308
        "header_pt": header_font_size(content.organisation_name),
        "published_on": chinese_date(content.published_on),
        "signed_on": chinese_date(content.written_on or content.published_on),
        "window": window_text(content),
        "objection_lines": [line.strip() for line in content.objection_ways.splitlines() if line.strip()],
        "corrected_on": chinese_date(content.corrected_on) if content.corrected_on else "",
    }


def render_notice_html(content: NoticeContent) -> str:
    return render_to_string(TEMPLATE, notice_context(content))


def render_notice_pdf(content: NoticeContent) -> bytes:
    """The notice as an A4 PDF. Fetches nothing; the fonts come from fontconfig (Debian's Noto CJK)."""
    # Imported here: WeasyPrint loads Pango and HarfBuzz, which only the processes that print need.
    from gongkai.printing.pdf import html_to_pdf

    return html_to_pdf(render_notice_html(content))
