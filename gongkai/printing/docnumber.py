"""发文字号 (GB/T 9704-2012 7.2.5): 发文机关代字, the year in 六角括号 〔〕, the serial number — 某招党〔2026〕12号.

The standard: the year is given in full in 〔〕, the serial has no leading zeros and no 第. What people type
varies (【2026】, [2026], （2026）, ﹝2026﹞, full-width digits, 第005号, spaces): `normalise` maps all of these
to the canonical form and refuses, with a Chinese message, what it cannot read as agency code, year and number.
A pure function; `normalise(normalise(x)) == normalise(x)`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

OPENING = "[(【〖{〈《"
CLOSING = "])】〗}〉》"
# After NFKC (full-width digits and brackets become ASCII; ﹝﹞ become 〔〕) and the bracket mapping.
_PATTERN = re.compile(r"(?P<code>[^\d〔〕]+?)〔(?P<year>\d+)〕第?(?P<serial>\d+)号?")
CANONICAL = re.compile(r"[^\s\d〔〕]+〔(19|20)\d\d〕[1-9]\d*号")


class DocumentNumberError(ValueError):
    """A 发文字号 that cannot be read as 代字〔年份〕序号号; the message says why, in Chinese."""


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(text.split())  # no white space anywhere
    return text.translate(str.maketrans(OPENING + CLOSING, "〔" * len(OPENING) + "〕" * len(CLOSING)))


def normalise(text: str) -> str:
    """The canonical 发文字号, "" for an empty one; DocumentNumberError for what cannot be normalised."""
    cleaned = _clean(text or "")
    if not cleaned:
        return ""
    match = _PATTERN.fullmatch(cleaned)
    if match is None:
        raise DocumentNumberError(_("发文字号应由发文机关代字、年份和序号组成，例如：某招党〔2026〕12号。"))
    year, serial = int(match["year"]), int(match["serial"])
    if len(match["year"]) != 4 or not 1949 <= year <= 2100:
        raise DocumentNumberError(_("发文字号的年份应为四位公元年份，例如〔2026〕。"))
    if serial < 1:
        raise DocumentNumberError(_("发文字号的序号应从1开始。"))
    return f"{match['code']}〔{year}〕{serial}号"


def document_number_errors(data: Any) -> dict[str, str]:
    """The form's check: an error by field, or none — and then `data.document_number` is the canonical form
    (normalised in place, so the one write path stores what the standard prints)."""
    try:
        data.document_number = normalise(data.document_number or "")
    except DocumentNumberError as problem:
        return {"document_number": str(problem)}
    return {}
