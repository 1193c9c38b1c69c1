"""The body of a disclosure: rich text that can never carry markup a reader's browser would run.

The rule (docs/architecture.md, "The body"):

- Every body that is stored goes through `sanitise()` last: nh3 (the Rust ammonia sanitiser, an HTML5 parser)
  with the one policy below. Drafts, corrections, redactions and the demo all end there.
- A body is changed only as a parsed tree, never as a string: `mask_in_html()` masks a finding's text in the
  text nodes (and attribute values, as values) of the parsed body and serialises the tree, escaping every text
  and attribute; `for_reading()` wraps tables in the parsed tree. Neither can turn text into markup.
- "Active content" (script, style, frames, event handlers, script URLs) is decided on a parsed tree:
  `active_content()` tells the editor what their source contained, so it is refused with a message rather
  than silently dropped; `inert()` is the check every stored and every shown body passes.
- The pages, the API and the printed notice show `sanitise(body)` again, so a row stored before this rule
  (or changed behind the application's back) is made harmless when it is read.

Parsing is tinyhtml5's (the WHATWG algorithm, as a browser parses), so what is checked is what a browser sees.
"""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

import nh3
import tinyhtml5

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "a",
    "span",
    "sub",
    "sup",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Elements that start and end a line of plain text (a "run"): a finding is masked within one run.
BLOCKS = {"p", "li", "ul", "ol", "h2", "h3", "h4", "blockquote", "table", "thead", "tbody", "tr", "th", "td"}
BLOCKS |= {"caption", "div", "body"}
BREAKS = {"br", "hr"}
VOID = {"br", "hr", "img", "input", "meta", "link", "base", "col", "embed", "source", "track", "wbr", "area"}

# What the editor is told to remove. (nh3 drops every other element outside ALLOWED_TAGS, and every attribute
# outside ALLOWED_ATTRIBUTES, such as the style= a pasted Word document carries, without a word.)
ACTIVE_ELEMENTS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "poster"}
_SCRIPT_URL = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
MASK = "■"


def sanitise(raw: str) -> str:
    """The one policy. Its output is a fixed point: sanitising it again changes nothing (tested)."""
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


# --- the tree -------------------------------------------------------------------------------------------------


def _document(markup: str) -> ET.Element:
    # Handed over as a stream: tinyhtml5 reads a short *string* that names an existing file from that file (and
    # fails on a name too long for the file system), so text must never reach it as a plain str.
    source = io.StringIO("<!DOCTYPE html><html><head></head><body>" + (markup or ""))
    return tinyhtml5.parse(source, namespace_html_elements=False)


def parse(markup: str) -> ET.Element:
    """The `<body>` element of `markup` parsed as a browser parses a fragment inserted into a page's body."""
    body = _document(markup).find("body")
    return body if body is not None else ET.Element("body")


def _local(tag: object) -> str:
    """An element's name without its namespace (SVG and MathML elements carry one); "" for a comment."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def serialise(root: ET.Element) -> str:
    """The children of `root` as HTML. Every text and attribute value is escaped; comments are dropped."""
    out: list[str] = []
    if root.text:
        out.append(html.escape(root.text, quote=False))
    for child in root:
        _serialise_element(child, out)
    return "".join(out)


def _serialise_element(element: ET.Element, out: list[str]) -> None:
    if isinstance(element.tag, str):
        tag = element.tag
        attributes = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in element.attrib.items())
        out.append(f"<{tag}{attributes}>")
        if tag not in VOID:
            out.append(serialise(element))
            out.append(f"</{tag}>")
    if element.tail:
        out.append(html.escape(element.tail, quote=False))


def _elements(root: ET.Element) -> Iterator[ET.Element]:
    return (element for element in root.iter() if isinstance(element.tag, str))


# --- active content -------------------------------------------------------------------------------------------


def active_content(markup: str) -> list[str]:
    """What in `markup`, as a browser parses it, could run or restyle the page: element names, `on…`
    attributes, script URLs. Empty when the markup is inert."""
    found: list[str] = []
    for element in _elements(_document(markup)):
        tag = _local(element.tag)
        if tag in ACTIVE_ELEMENTS:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = _local(name)
            if name.startswith("on"):
                found.append(name)
            elif name in URL_ATTRIBUTES and _SCRIPT_URL.match(_URL_NOISE.sub("", value)):
                found.append(f"{name}={value.split(':', 1)[0]}:")
    return found


def has_active_content(markup: str) -> bool:
    return bool(active_content(markup))


def inert(markup: str) -> bool:
    """Is `markup` safe to store and show: nothing active, and already what the sanitiser makes of it?"""
    return not active_content(markup) and sanitise(markup) == markup


# --- plain text and runs ----------------------------------------------------------------------------------


@dataclass
class _Slot:
    """One text node: an element's `.text` or `.tail`."""

    element: ET.Element
    attribute: str  # "text" or "tail"

    def get(self) -> str:
        return getattr(self.element, self.attribute) or ""

    def set(self, value: str) -> None:
        setattr(self.element, self.attribute, value)


def _runs(root: ET.Element) -> list[list[_Slot]]:
    """The text nodes of `root` grouped into runs: the text between two block boundaries (a block element's
    start or end, a line break), in document order. A run is one line of `plain_text`."""
    runs: list[list[_Slot]] = [[]]

    def boundary() -> None:
        if runs[-1]:
            runs.append([])

    def walk(element: ET.Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in BLOCKS or tag in BREAKS:
            boundary()
        if tag and element.text:
            runs[-1].append(_Slot(element, "text"))
        for child in element:
            walk(child)
            if child.tail:
                runs[-1].append(_Slot(child, "tail"))
        if tag in BLOCKS:
            boundary()

    walk(root)
    return [run for run in runs if run]


def _collapsed(run: list[_Slot]) -> tuple[str, list[tuple[int, int]]]:
    """The run's text with whitespace collapsed and trimmed (as `plain_text` shows it), and for each of its
    characters the (slot, offset) it came from."""
    chars: list[str] = []
    origin: list[tuple[int, int]] = []
    pending_space: tuple[int, int] | None = None
    for index, slot in enumerate(run):
        for offset, char in enumerate(slot.get()):
            if char.isspace():
                pending_space = pending_space or (index, offset)
                continue
            if pending_space and chars:
                chars.append(" ")
                origin.append(pending_space)
            pending_space = None
            chars.append(char)
            origin.append((index, offset))
    return "".join(chars), origin


def plain_text(clean_html: str) -> str:
    """Readable plain text of sanitised HTML: one line per run, whitespace collapsed, entities decoded."""
    lines = (_collapsed(run)[0] for run in _runs(parse(clean_html)))
    return "\n".join(line for line in lines if line)


def plain_to_html(text: str) -> str:
    """Paragraphs for text typed without markup."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in (text or "").splitlines() if line.strip())


# --- masking --------------------------------------------------------------------------------------------------


def _mask_run(run: list[_Slot], target: str) -> None:
    text, origin = _collapsed(run)
    hits: dict[int, set[int]] = {}
    start = text.find(target)
    while start != -1:
        for index, offset in origin[start : start + len(target)]:
            hits.setdefault(index, set()).add(offset)
        start = text.find(target, start + len(target))
    for index, offsets in hits.items():
        value = run[index].get()
        run[index].set("".join(MASK if i in offsets and not c.isspace() else c for i, c in enumerate(value)))


def _mask_attributes(root: ET.Element, target: str) -> None:
    # An attribute value (a link's title or address) is masked as a value, in the tree: the serialiser escapes it,
    # so the mask can never end the attribute or open a tag.
    for element in _elements(root):
        for name, value in element.attrib.items():
            if target in value:
                element.set(name, value.replace(target, MASK * len(target)))


def mask_in_html(clean_html: str, targets: list[str]) -> str:
    """Mask each target in the text of the body, keeping its length (■ per character): in the text nodes of one
    run (a target may span inline markup such as `13<b>9</b>…` within a paragraph, never a block boundary) and
    in attribute values. Works on the parsed tree of the sanitised body and returns it sanitised again.
    A target that remains (it spans two blocks) is left for the caller to detect with `remains()`."""
    root = parse(sanitise(clean_html))
    for target in sorted(set(filter(None, targets)), key=len, reverse=True):
        for run in _runs(root):
            _mask_run(run, target)
        _mask_attributes(root, target)
    return sanitise(serialise(root))


def remains(clean_html: str, target: str) -> bool:
    """Is `target` still readable anywhere in the body: its text or an attribute value?"""
    root = parse(clean_html)
    if target in plain_text(clean_html):
        return True
    return any(target in value for element in _elements(root) for value in element.attrib.values())


# --- reading ----------------------------------------------------------------------------------------------------


def for_reading(clean_html: str, *, label: str) -> str:
    """The body as the reading pages show it: sanitised again (a row stored before the body rule is made
    harmless here), each table inside a region that scrolls sideways on a narrow screen (so the page itself
    never does) and takes keyboard focus, so it can be scrolled without a mouse. The region is named by the
    table's caption, else by `label` and its number. Built on the parsed tree; every value is escaped."""
    clean = sanitise(clean_html)
    if "<table" not in clean:  # nothing to wrap: the sanitiser's output is what is shown (~10× cheaper)
        return clean
    root = parse(clean)
    tables = [element for element in _elements(root) if element.tag == "table"]
    parents = {child: parent for parent in _elements(root) for child in parent}
    for count, table in enumerate(tables, start=1):
        _wrap(table, parents[table], count, label)
    return serialise(root)


def _wrap(table: ET.Element, parent: ET.Element, count: int, label: str) -> None:
    wrapper = ET.Element("div", {"class": "table-wrap", "role": "region", "tabindex": "0"})
    caption = table.find("caption")
    if caption is not None:
        name = f"body-table-{count}"
        caption.set("id", name)
        wrapper.set("aria-labelledby", name)
    else:
        wrapper.set("aria-label", f"{label} {count}")
    position = list(parent).index(table)
    parent.remove(table)
    wrapper.tail, table.tail = table.tail, None
    wrapper.append(table)
    parent.insert(position, wrapper)
