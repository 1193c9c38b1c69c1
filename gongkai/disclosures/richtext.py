"""The body of a disclosure: rich text sanitised on save, and its plain text for screening and search.

Anything that could run in a reader's browser (script, event handlers, javascript: links, embedded frames) is
refused with a message rather than silently dropped, so the editor knows; everything else outside the
allowed tags is removed by nh3 (the Rust ammonia sanitiser).
"""

from __future__ import annotations

import html
import re

import nh3

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
_ACTIVE = re.compile(
    r"<\s*(script|iframe|object|embed|style|form)\b|\son\w+\s*=|javascript\s*:|vbscript\s*:|"
    r"data\s*:\s*text/html",
    re.IGNORECASE,
)
_BLOCK_END = re.compile(r"</(p|li|h2|h3|h4|tr|blockquote|table|caption)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def has_active_content(raw: str) -> bool:
    return bool(_ACTIVE.search(raw or ""))


def sanitise(raw: str) -> str:
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def plain_text(clean_html: str) -> str:
    """Readable plain text of sanitised HTML: one line per block, entities decoded."""
    text = _BLOCK_END.sub("\n", clean_html or "")
    text = html.unescape(_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def plain_to_html(text: str) -> str:
    """Paragraphs for text typed without markup."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in (text or "").splitlines() if line.strip())


def mask_in_html(clean_html: str, targets: list[str]) -> str:
    """Mask each target string in the visible text of sanitised HTML, keeping its length."""
    result = clean_html
    for target in sorted(set(filter(None, targets)), key=len, reverse=True):
        for form in {target, html.escape(target, quote=False)}:
            result = result.replace(form, "■" * len(target))
    return result


_TABLE_START = re.compile(r"<table>(\s*<caption>)?")


def for_reading(clean_html: str, *, label: str) -> str:
    """Sanitised HTML as the reading pages show it: each table inside a region that scrolls sideways on a narrow
    screen (so the page itself never does) and takes keyboard focus, so it can be scrolled without a mouse. The
    region is named by the table's caption, else by `label` and its number. Expects `sanitise()` output, whose
    tables and captions carry no attributes."""
    count = 0

    def start(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        if match.group(1):
            name = f"body-table-{count}"
            return (
                f'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="{name}">'
                f'<table>{match.group(1)[:-1]} id="{name}">'
            )
        return f'<div class="table-wrap" role="region" tabindex="0" aria-label="{html.escape(label)} {count}"><table>'

    return _TABLE_START.sub(start, clean_html or "").replace("</table>", "</table></div>")
