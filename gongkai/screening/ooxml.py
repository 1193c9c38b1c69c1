"""Reading Office Open XML packages (DOCX, XLSX) at the level of their parts and XML elements.

Shared by the upload check (which kind of package is this?), the extraction (the text of a paragraph as Word
shows it) and the redaction (the same text, mapped back to the XML text nodes it came from, so a value split
across several runs can be masked without touching the formatting).

XML is parsed with entities, DTDs and network access off.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

# Transitional and Strict namespaces of the parts of the vocabularies we read.
W_NS = frozenset(
    {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"}
)
X_NS = frozenset(
    {"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"}
)
A_NS = frozenset({"http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main"})
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT_RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)

# Content types of a package's main part, by what the package is.
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

XML_PART_SUFFIXES = (".xml", ".rels", ".vml")


def parser() -> Any:
    """A parser for untrusted XML: no entity expansion, no DTD, no network, libxml2's default size limits."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False)


def parse(data: bytes) -> Any:
    """Parse one XML part; raises `etree.XMLSyntaxError` when it is not well-formed."""
    return etree.fromstring(data, parser())


def namespace(tag: Any) -> str:
    return tag[1 : tag.index("}")] if isinstance(tag, str) and tag.startswith("{") else ""


def local_name(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def is_w(element: Any, name: str) -> bool:
    return local_name(element.tag) == name and namespace(element.tag) in W_NS


@dataclass(frozen=True)
class MainPart:
    name: str  # the part's name inside the zip, e.g. "word/document.xml"
    content_type: str


def is_package(package: zipfile.ZipFile) -> bool:
    """Whether a zip is an Office Open XML package at all (it has a `[Content_Types].xml`)."""
    return "[Content_Types].xml" in package.namelist()


def main_part(package: zipfile.ZipFile) -> MainPart:
    """The package's main document part, following `_rels/.rels` and `[Content_Types].xml`.

    Raises `KeyError` when the relationship or the part is missing and `etree.XMLSyntaxError` when one of
    those two parts is not well-formed: the package is broken.
    """
    rels = parse(package.read("_rels/.rels"))
    target = next(
        (rel.get("Target", "") for rel in rels if rel.get("Type") in OFFICE_DOCUMENT_RELS and rel.get("Target")),
        None,
    )
    if target is None:
        raise KeyError("no officeDocument relationship")
    name = posixpath.normpath(target.lstrip("/"))
    package.getinfo(name)  # raises KeyError when the part is missing
    return MainPart(name, content_type(package, name))


def content_type(package: zipfile.ZipFile, name: str) -> str:
    """A part's content type from `[Content_Types].xml`: its Override, else the Default for its extension."""
    types = parse(package.read("[Content_Types].xml"))
    part_name = "/" + name
    extension = name.rsplit(".", 1)[-1].lower()
    default = ""
    for entry in types:
        kind = local_name(entry.tag)
        if kind == "Override" and (entry.get("PartName") or "").lower() == part_name.lower():
            return str(entry.get("ContentType", ""))
        if kind == "Default" and (entry.get("Extension") or "").lower() == extension:
            default = str(entry.get("ContentType", ""))
    return default


# --- text of paragraphs, as Word shows it, mapped to the text nodes it comes from ------------------------------

# A "container" is an element whose text reads as one string: a Word paragraph, a DrawingML paragraph (text
# boxes, charts, shapes), a shared string or inline string of a spreadsheet, a spreadsheet comment.
_CONTAINERS = {("p", "w"), ("p", "a"), ("si", "x"), ("is", "x"), ("text", "x")}
_TEXT = {("t", "w"), ("delText", "w"), ("t", "a"), ("t", "x")}
_FIELD_CODE = {("instrText", "w"), ("delInstrText", "w")}
_VIRTUAL = {("tab", "w"): "\t", ("br", "w"): "\n", ("cr", "w"): "\n", ("noBreakHyphen", "w"): "-", ("br", "a"): "\n"}
# Subtrees that hold no text of the container: properties (w:pPr also holds tab *stops* named w:tab) and
# the phonetic guides of East Asian spreadsheets.
_SKIP = {("pPr", "w"), ("rPr", "w"), ("pPr", "a"), ("rPr", "a"), ("rPh", "x")}


def _vocabulary(tag: Any) -> str:
    uri = namespace(tag)
    if uri in W_NS:
        return "w"
    if uri in A_NS:
        return "a"
    if uri in X_NS:
        return "x"
    if uri == MC_NS:
        return "mc"
    return ""


def _key(tag: Any) -> tuple[str, str]:
    return local_name(tag), _vocabulary(tag)


def is_container(element: Any) -> bool:
    return _key(element.tag) in _CONTAINERS


def containers(root: Any, *, skip_fallback: bool = False) -> Iterator[Any]:
    """Every container under `root` (itself included), nested ones too, in document order.

    With `skip_fallback`, containers inside `mc:Fallback` (the copy of a text box that old Word versions read)
    are left out, so text is not reported twice.
    """
    for element in root.iter():
        if is_container(element) and not (skip_fallback and in_fallback(element)):
            yield element


def in_fallback(element: Any) -> bool:
    return any(_key(ancestor.tag) == ("Fallback", "mc") for ancestor in element.iterancestors())


@dataclass(frozen=True)
class Piece:
    """One stretch of a container's text: from a text node (`element`), or a tab or line break (None)."""

    element: Any | None
    text: str


def pieces(container: Any, *, field_codes: bool = False, alternate: str = "Choice") -> list[Piece]:
    """The container's own text as pieces in reading order; nested containers (text boxes) are not included.

    `field_codes` adds the codes of Word fields (` HYPERLINK "mailto:…" `), which Word does not show.
    `alternate` names the branch of `mc:AlternateContent` to read ("Choice" as Word does, or "Fallback").
    """
    skipped = "Fallback" if alternate == "Choice" else "Choice"
    result: list[Piece] = []

    def walk(parent: Any) -> None:
        for child in parent:
            key = _key(child.tag)
            if key in _CONTAINERS or key in _SKIP or key == (skipped, "mc"):
                continue
            if key in _TEXT or (field_codes and key in _FIELD_CODE):
                result.append(Piece(child, child.text or ""))
            elif key in _VIRTUAL:
                result.append(Piece(None, _VIRTUAL[key]))
            else:
                walk(child)

    walk(container)
    return result


def text_of(container: Any) -> str:
    """The container's text as Word or Excel shows it."""
    return "".join(piece.text for piece in pieces(container))


def has_alternate_content(container: Any) -> bool:
    return any(_key(element.tag) == ("Fallback", "mc") for element in container.iter())
