"""Redaction: mask findings with "■", one mask character for each character, so the text keeps its length.

Plain text is masked by spans (`redact_text`). Files are masked by target strings (`redact_file`): every
occurrence of each target, compared without regard to case, wherever it stands in the file.

DOCX and XLSX are masked part by part, in their XML, so formatting, images and everything else stay as they
were:
- in every paragraph (Word body, tables, headers, footers, footnotes, comments, text boxes; DrawingML text in
  charts and shapes) and every spreadsheet string (shared and inline strings, rich text, comments), the text
  is read as the program shows it and each target is masked character by character in the text nodes it
  spans, so a number split across runs of different formatting is masked without merging the runs;
- the same is done in the hidden text: field codes (HYPERLINK "mailto:…"), deleted revisions, the fallback
  copies of text boxes, document properties, any other text node, and the attributes that carry text (alt
  text, tooltips, external link targets, pivot-cache strings);
- a spreadsheet number that contains a target becomes a text cell with the masked digits (its cached value is
  dropped when it is a formula's).
Afterwards every part is searched again — all text nodes, all attribute values, every paragraph's text, and
the raw bytes of non-XML parts (images, embedded objects) in UTF-8, UTF-16 and GB18030. If a target is still
found anywhere, `RedactionError` is raised and no file is returned: redaction fails closed. A file that
cannot be masked must be replaced by the uploader, as PDFs and images always must (`can_redact`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from gongkai.screening import ooxml
from gongkai.screening.filetypes import FileKind
from gongkai.screening.textcodec import NotText, decode_text

MASK = "■"
_REDACTABLE = frozenset({FileKind.DOCX, FileKind.XLSX, FileKind.TXT})


class RedactionError(ValueError):
    """The file could not be masked completely; `message` is Chinese, for the reviewer."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotRedactable(RedactionError):
    """The format cannot be masked by the platform (PDF, images): the file must be replaced."""


def can_redact(kind: FileKind) -> bool:
    """Whether the platform can mask text in files of this kind (PDF and images must be replaced instead)."""
    return kind in _REDACTABLE


def redact_file(kind: FileKind, data: bytes, targets: Collection[str]) -> bytes:
    """The file with every target masked; raises `NotRedactable` or `RedactionError`."""
    if not can_redact(kind):
        raise NotRedactable(
            _("%(kind)s无法在平台上遮盖，请上传已处理（删除或遮盖敏感内容）的替换文件。") % {"kind": kind.label}
        )
    redactors = {FileKind.DOCX: redact_docx, FileKind.XLSX: redact_xlsx, FileKind.TXT: redact_txt}
    return redactors[kind](data, targets)


def redact_text(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with every character inside the spans (start, end) replaced by MASK; the length is kept."""
    masked = list(text)
    for start, end in spans:
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span ({start}, {end}) outside a text of length {len(text)}")
        masked[start:end] = MASK * (end - start)
    return "".join(masked)


def target_spans(text: str, targets: Collection[str]) -> list[tuple[int, int]]:
    """Where the targets occur in `text` (every occurrence, overlapping ones too, case-insensitive)."""
    pattern = _pattern(targets)
    if pattern is None:
        return []
    return [(m.start(), m.start() + len(m.group(1))) for m in pattern.finditer(text)]


def mask_targets(text: str, targets: Collection[str]) -> str:
    return redact_text(text, target_spans(text, targets))


def _pattern(targets: Collection[str]) -> re.Pattern[str] | None:
    """One pattern finding every target at every position; a target of only spaces is ignored."""
    usable = sorted({t for t in targets if t.strip()}, key=len, reverse=True)
    if not usable:
        return None
    return re.compile("(?=(" + "|".join(re.escape(t) for t in usable) + "))", re.IGNORECASE)


# --- plain text -----------------------------------------------------------------------------------------------


def redact_txt(data: bytes, targets: Collection[str]) -> bytes:
    """A UTF-8 or GB18030 text file with the targets masked, in its own encoding (BOM and line ends kept)."""
    try:
        decoded = decode_text(data)
    except NotText:
        raise RedactionError(_("文本文件无法读取，无法遮盖。")) from None
    return mask_targets(decoded.text, targets).encode(decoded.encoding)


# --- Office packages ------------------------------------------------------------------------------------------


def redact_docx(data: bytes, targets: Collection[str]) -> bytes:
    """A DOCX with the targets masked in every part (see the module's description)."""
    return _redact_package(data, targets)


def redact_xlsx(data: bytes, targets: Collection[str]) -> bytes:
    """An XLSX with the targets masked in every part (see the module's description)."""
    return _redact_package(data, targets)


def _redact_package(data: bytes, targets: Collection[str]) -> bytes:
    pattern = _pattern(targets)
    if pattern is None:
        return data
    usable = [t for t in targets if t.strip()]
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        parts = [(info, source.read(info)) for info in source.infolist()]
    except Exception:  # a broken zip: nothing can be masked
        raise RedactionError(_("文件无法打开，无法遮盖。")) from None
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        for info, content in parts:
            package.writestr(_copy_info(info), _redact_part(info.filename, content, pattern, usable))
    return output.getvalue()


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = zipfile.ZIP_STORED if info.compress_type == zipfile.ZIP_STORED else zipfile.ZIP_DEFLATED
    copy.external_attr = info.external_attr
    return copy


def _redact_part(name: str, content: bytes, pattern: re.Pattern[str], targets: Collection[str]) -> bytes:
    if name.endswith("/"):
        return content
    root = None
    if name.lower().endswith(ooxml.XML_PART_SUFFIXES):
        try:
            root = ooxml.parse(content)
        except etree.XMLSyntaxError:
            if not name.lower().endswith(".vml"):  # Excel's legacy drawings are often not well-formed XML
                raise RedactionError(_("文件的部件 %(part)s 无法读取，无法遮盖。") % {"part": name}) from None
    if root is None:
        _refuse_if_found_in_bytes(name, content, targets)
        return content
    if not _mask_tree(root, pattern):
        return content
    _refuse_if_left(name, root, pattern)
    tree = root.getroottree()
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=tree.docinfo.standalone))


def _mask_tree(root: Any, pattern: re.Pattern[str]) -> bool:
    """Mask every occurrence in one part's XML; True when something changed."""
    if not _found_in_tree(root, pattern):
        return False
    _convert_number_cells(root, pattern)
    for container in ooxml.containers(root):
        for variant in _variants(container):
            _mask_pieces(variant, pattern)
    for element in root.iter():
        if element.text and _is_loose_text(element):
            element.text = _mask(element.text, pattern)
        if element.tail:
            element.tail = _mask(element.tail, pattern)
        for attribute in _text_attributes(element):
            element.set(attribute, _mask(element.get(attribute), pattern))
    return True


def _variants(container: Any) -> Iterator[list[ooxml.Piece]]:
    """The readings of a container's text: with and without field codes, through either branch of mc content.

    Each reading is made when it is asked for, so it sees the masks of the readings before it.
    """
    alternates = ("Choice", "Fallback") if ooxml.has_alternate_content(container) else ("Choice",)
    for alternate in alternates:
        for codes in (False, True):
            yield ooxml.pieces(container, field_codes=codes, alternate=alternate)


def _mask_pieces(pieces: list[ooxml.Piece], pattern: re.Pattern[str]) -> None:
    text = "".join(piece.text for piece in pieces)
    hits = [(m.start(), m.start() + len(m.group(1))) for m in pattern.finditer(text)]
    if not hits:
        return
    masked = [False] * len(text)
    for start, end in hits:
        masked[start:end] = [True] * (end - start)
    position = 0
    for piece in pieces:
        span = range(position, position + len(piece.text))
        if piece.element is not None and any(masked[i] for i in span):
            current = piece.element.text or ""  # may hold masks already; masking keeps the length
            piece.element.text = "".join(MASK if masked[i] else current[i - position] for i in span)
        position += len(piece.text)


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    spans = [(m.start(), m.start() + len(m.group(1))) for m in pattern.finditer(text)]
    return redact_text(text, spans) if spans else text


def _is_loose_text(element: Any) -> bool:
    """Text nodes to mask directly: all but a spreadsheet cell's value of a shared-string index, boolean, error
    or date (numbers that contain a target were made text cells before)."""
    if ooxml.local_name(element.tag) != "v" or ooxml.namespace(element.tag) not in ooxml.X_NS:
        return True
    parent = element.getparent()
    return parent is None or parent.get("t") not in ("s", "b", "e", "d", "n", None)


# Attributes that carry text a reader can see or follow; the others are structure and are only searched.
_TEXT_ATTRIBUTES = frozenset({"descr", "title", "tooltip", "display", "instr", "author", "initials"})
# Elements whose w:val is text: content-control titles and tags, form-field defaults, entries and help texts.
_TEXT_VAL_ELEMENTS = frozenset({"alias", "tag", "default", "listEntry", "helpText", "statusText"})


def _text_attributes(element: Any) -> list[str]:
    return [name for name in element.attrib if _is_text_attribute(element, ooxml.local_name(name))]


def _is_text_attribute(element: Any, local: str) -> bool:
    tag = ooxml.local_name(element.tag)
    return (
        local in _TEXT_ATTRIBUTES
        or (local == "val" and tag in _TEXT_VAL_ELEMENTS)
        or (local == "Target" and element.get("TargetMode") == "External")
        or (local == "v" and tag == "s")  # a pivot cache's string item
    )


def _convert_number_cells(root: Any, pattern: re.Pattern[str]) -> None:
    """A number cell whose digits contain a target becomes an inline-string cell with the masked digits."""
    for cell in root.iter():
        if ooxml.local_name(cell.tag) != "c" or ooxml.namespace(cell.tag) not in ooxml.X_NS:
            continue
        if cell.get("t") not in (None, "n"):
            continue
        value = next((child for child in cell if ooxml.local_name(child.tag) == "v"), None)
        if value is None or not value.text or not pattern.search(value.text):
            continue
        has_formula = any(ooxml.local_name(child.tag) == "f" for child in cell)
        masked = _mask(value.text, pattern)
        cell.remove(value)
        if not has_formula:
            x = "{" + ooxml.namespace(cell.tag) + "}"
            cell.set("t", "inlineStr")
            inline = etree.Element(f"{x}is")
            etree.SubElement(inline, f"{x}t").text = masked
            extensions = [child for child in cell if ooxml.local_name(child.tag) == "extLst"]
            if extensions:  # the schema wants <is> before <extLst>
                extensions[0].addprevious(inline)
            else:
                cell.append(inline)


# --- fail closed ----------------------------------------------------------------------------------------------


def _found_in_tree(root: Any, pattern: re.Pattern[str]) -> bool:
    for element in root.iter():
        if (element.text and pattern.search(element.text)) or (element.tail and pattern.search(element.tail)):
            return True
        if any(pattern.search(value) for value in element.attrib.values()):
            return True
    return any(
        pattern.search("".join(piece.text for piece in variant))
        for container in ooxml.containers(root)
        for variant in _variants(container)
    )


def _refuse_if_left(name: str, root: Any, pattern: re.Pattern[str]) -> None:
    if _found_in_tree(root, pattern):
        raise RedactionError(
            _("文件的部件 %(part)s 中仍有需遮盖的内容（位于无法安全修改的结构中），无法自动遮盖，请上传替换文件。")
            % {"part": name}
        )


# Shorter encoded targets are not looked for in binary parts: random bytes of an image would match them.
_MIN_BINARY_NEEDLE = 6


def _refuse_if_found_in_bytes(name: str, content: bytes, targets: Collection[str]) -> None:
    haystack = content.lower()
    for target in targets:
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            needle = target.lower().encode(encoding, errors="ignore")
            if len(needle) >= _MIN_BINARY_NEEDLE and needle in haystack:
                raise RedactionError(
                    _("文件中嵌入的 %(part)s 含有需遮盖的内容，无法自动遮盖，请上传替换文件。") % {"part": name}
                )
