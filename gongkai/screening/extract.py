"""Text extraction: the text of a checked file as segments that say where they are.

- PDF: one segment per page, "第2页" (pypdf).
- DOCX: body paragraphs "第5段" (non-empty ones counted), table cells "表格1 第3行第2列", text boxes
  "文本框1", headers and footers "页眉", "第2节首页页脚", footnotes "脚注1", endnotes "尾注1", comments "批注1".
- XLSX: one per non-empty cell, "Sheet1!B3", "'My sheet'!C4" (openpyxl read-only; formulas by cached value).
- TXT: one per non-empty line, "第12行" (UTF-8, else GB18030).
- JPEG, PNG: none; a note says the picture must be checked by eye.

Bound: at most `max_chars` characters in all (DEFAULT_MAX_CHARS, two million: about 1,300 pages of Chinese
text, which `detectors.scan` reads in about a second on this machine kind). Past it the extraction stops,
`truncated` is set and a note says how much was read, so nobody takes a partly screened file for a clean one.
The parsers themselves (python-docx, openpyxl, pypdf) read the whole file first: the file must have passed
`filetypes.check_upload`, which bounds what they can unpack.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import docx
import openpyxl
import pypdf
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.screening import ooxml
from gongkai.screening.filetypes import FileKind
from gongkai.screening.segments import Extraction, Segment
from gongkai.screening.textcodec import decode_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEFAULT_MAX_CHARS = 2_000_000


class ExtractionError(ValueError):
    """The file could not be read at all (it should have been refused by `check_upload`)."""


def extract_text(kind: FileKind, data: bytes, *, max_chars: int = DEFAULT_MAX_CHARS) -> Extraction:
    """The file's text as located segments, at most `max_chars` characters in all."""
    if kind in (FileKind.JPEG, FileKind.PNG):
        return Extraction((), notes=(_("图片中的文字无法自动检查，请审核人逐一查看图片内容。"),))
    empty_pages: list[int] = []
    readers: dict[FileKind, Callable[[bytes, list[str]], Iterator[Segment]]] = {
        FileKind.PDF: functools.partial(_pdf, empty_pages=empty_pages),
        FileKind.DOCX: _docx,
        FileKind.XLSX: _xlsx,
        FileKind.TXT: _txt,
    }
    notes: list[str] = []
    try:
        segments, truncated = _bounded(readers[kind](data, notes), max_chars)
    except Exception as error:  # parsers of untrusted files raise all kinds of errors
        raise ExtractionError(_("文件无法读取，无法提取文字。")) from error
    if truncated:
        notes.append(
            _("文件文字过多，只自动检查了前 %(count)d 个字符，其余部分请审核人人工检查。") % {"count": max_chars}
        )
    return Extraction(tuple(segments), truncated=truncated, notes=tuple(notes), empty_pages=tuple(empty_pages))


def _bounded(segments: Iterable[Segment], max_chars: int) -> tuple[list[Segment], bool]:
    kept: list[Segment] = []
    left = max_chars
    for segment in segments:
        if not segment.text.strip():
            continue
        if len(segment.text) > left:
            if left > 0:
                kept.append(Segment(segment.location, segment.text[:left]))
            return kept, True
        kept.append(segment)
        left -= len(segment.text)
    return kept, False


# --- PDF ------------------------------------------------------------------------------------------------------


def _pdf(data: bytes, notes: list[str], empty_pages: list[int] | None = None) -> Iterator[Segment]:
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    empty = [] if empty_pages is None else empty_pages
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        if not text.strip():
            empty.append(number)
        yield Segment(_("第%(page)d页") % {"page": number}, text)
    if empty:
        # A page without text is usually a scan: its content can only be checked by eye.
        pages = "、".join(str(number) for number in empty[:20]) + ("等" if len(empty) > 20 else "")
        notes.append(_("第 %(pages)s 页没有可提取的文字（可能是扫描图片），请审核人人工检查。") % {"pages": pages})


# --- DOCX -----------------------------------------------------------------------------------------------------

_HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_NOTES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml": ("footnote", gettext_lazy("脚注")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml": ("endnote", gettext_lazy("尾注")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml": ("comment", gettext_lazy("批注")),
}


def _docx(data: bytes, notes: list[str]) -> Iterator[Segment]:
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    yield from _docx_body(body)
    yield from _docx_text_boxes(body)
    yield from _docx_headers_footers(document)
    for part in document.part.package.iter_parts():
        if part.content_type in _NOTES:
            yield from _docx_notes(ooxml.parse(part.blob), *_NOTES[part.content_type])


def _blocks(parent: Any) -> Iterator[Any]:
    """Body-level paragraphs and tables, looking through content controls and custom XML wrappers."""
    for child in parent:
        if ooxml.is_w(child, "p") or ooxml.is_w(child, "tbl"):
            yield child
        elif ooxml.is_w(child, "sdt"):
            for content in child:
                if ooxml.is_w(content, "sdtContent"):
                    yield from _blocks(content)
        elif ooxml.is_w(child, "customXml"):
            yield from _blocks(child)


def _docx_body(body: Any) -> Iterator[Segment]:
    paragraphs = tables = 0
    for block in _blocks(body):
        if ooxml.is_w(block, "p"):
            text = ooxml.text_of(block)
            if text.strip():
                paragraphs += 1
                yield Segment(_("第%(n)d段") % {"n": paragraphs}, text)
        else:
            tables += 1
            yield from _docx_table(block, tables)


def _docx_table(table: Any, number: int) -> Iterator[Segment]:
    rows = [row for row in _wrapped(table, "tr")]
    for row_number, row in enumerate(rows, start=1):
        column = 1
        for cell in _wrapped(row, "tc"):
            text = _cell_text(cell)
            location = _("表格%(t)d 第%(r)d行第%(c)d列") % {"t": number, "r": row_number, "c": column}
            yield Segment(location, text)
            column += _grid_span(cell)


def _wrapped(parent: Any, name: str) -> Iterator[Any]:
    """Children named `name` (rows of a table, cells of a row), also inside content controls."""
    for child in parent:
        if ooxml.is_w(child, name):
            yield child
        elif ooxml.is_w(child, "sdt") or ooxml.is_w(child, "customXml"):
            for inner in child.iter():
                if ooxml.is_w(inner, name):
                    yield inner


def _grid_span(cell: Any) -> int:
    for properties in cell:
        if ooxml.is_w(properties, "tcPr"):
            for span in properties:
                if ooxml.is_w(span, "gridSpan"):
                    value = span.get(f"{{{ooxml.W}}}val") or ""
                    return int(value) if value.isdigit() else 1
    return 1


def _cell_text(cell: Any) -> str:
    """All paragraphs of a cell, nested tables and text boxes included, one line each."""
    lines = (ooxml.text_of(p) for p in ooxml.containers(cell, skip_fallback=True))
    return "\n".join(line for line in lines if line.strip())


def _docx_text_boxes(body: Any) -> Iterator[Segment]:
    """Text boxes and shapes anchored in body paragraphs (those in table cells are part of the cell)."""
    number = 0
    for block in _blocks(body):
        if not ooxml.is_w(block, "p"):
            continue
        inner = [c for c in ooxml.containers(block, skip_fallback=True) if c is not block]
        text = "\n".join(line for line in (ooxml.text_of(c) for c in inner) if line.strip())
        if text:
            number += 1
            yield Segment(_("文本框%(n)d") % {"n": number}, text)


_HEADER_LABELS = {
    "headerReference": {
        "default": gettext_lazy("页眉"),
        "first": gettext_lazy("首页页眉"),
        "even": gettext_lazy("偶数页页眉"),
    },
    "footerReference": {
        "default": gettext_lazy("页脚"),
        "first": gettext_lazy("首页页脚"),
        "even": gettext_lazy("偶数页页脚"),
    },
}


def _docx_headers_footers(document: Any) -> Iterator[Segment]:
    """Each header and footer part once, named after the first section that uses it."""
    sections = list(document.element.body.iter(f"{{{ooxml.W}}}sectPr"))
    seen: set[str] = set()
    for number, section in enumerate(sections, start=1):
        for reference in section:
            kind = ooxml.local_name(reference.tag)
            rel_id = reference.get(f"{{{ooxml.R}}}id")
            part = document.part.related_parts.get(rel_id) if kind in _HEADER_LABELS and rel_id else None
            if part is None or str(part.partname) in seen:
                continue
            seen.add(str(part.partname))
            prefix = _("第%(n)d节") % {"n": number} if len(sections) > 1 else ""
            variant = reference.get(f"{{{ooxml.W}}}type") or "default"
            label = _HEADER_LABELS[kind].get(variant, _HEADER_LABELS[kind]["default"])
            yield Segment(f"{prefix}{label}", _part_text(ooxml.parse(part.blob)))


def _part_text(root: Any) -> str:
    lines = (ooxml.text_of(p) for p in ooxml.containers(root, skip_fallback=True))
    return "\n".join(line for line in lines if line.strip())


def _docx_notes(root: Any, element: str, label: StrOrPromise) -> Iterator[Segment]:
    number = 0
    for note in root:
        if not ooxml.is_w(note, element) or note.get(f"{{{ooxml.W}}}type") in ("separator", "continuationSeparator"):
            continue
        text = _part_text(note)
        if text:
            number += 1
            yield Segment(f"{label}{number}", text)


# --- XLSX -----------------------------------------------------------------------------------------------------


def _xlsx(data: bytes, notes: list[str]) -> Iterator[Segment]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            # The dimension a file declares may be wrong (some programs write "A1"); read every row instead.
            sheet.reset_dimensions()
            prefix = _sheet_reference(sheet.title)
            for row in sheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is not None and hasattr(cell, "coordinate"):
                        yield Segment(f"{prefix}!{cell.coordinate}", cell_text(value))
    finally:
        workbook.close()


def _sheet_reference(title: str) -> str:
    """The sheet as Excel writes it in a reference: quoted when the name is not one word."""
    if re.fullmatch(r"\w+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def cell_text(value: object) -> str:
    """A cell value as text: whole numbers without ".0", dates in ISO form."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


# --- TXT ------------------------------------------------------------------------------------------------------


def _txt(data: bytes, notes: list[str]) -> Iterator[Segment]:
    text = decode_text(data).text
    for number, line in enumerate(text.splitlines(), start=1):
        yield Segment(_("第%(n)d行") % {"n": number}, line)
