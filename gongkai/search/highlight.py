"""Highlighted titles and snippets, cut in Python from the stored text, so both engines show the same.

Matching runs on the normalised text (as the index does) and the marks are placed on the original text, so
what the reader sees is the text as it was given, HTML-escaped, with `<mark>` around every occurrence of a
query piece. When normalisation changes the length of the text (a few compatibility characters such as ㈠ or
ﬁ), a per-character map translates positions; that path is slower, so it looks at the first
SLOW_PATH_CHARS characters only. Highlighting is best effort: it never changes which documents match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.search.tokens import ParsedQuery, normalise, piece_pattern

SNIPPET_CHARS = 120
SNIPPET_LEAD = 30  # characters shown before the first match
SLOW_PATH_CHARS = 20_000
_SPACES_RE = re.compile(r"\s+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x9f]")

Span = tuple[int, int]


@dataclass(frozen=True)
class _Aligned:
    """Normalised text and, when lengths differ, the original position of each normalised character."""

    text: str
    norm: str
    origin: list[int] | None  # None: positions are the same in both

    def to_original(self, position: int) -> int:
        if self.origin is None:
            return position
        return self.origin[position] if position < len(self.origin) else len(self.text)


def _align(text: str, *, slow: bool = False) -> _Aligned:
    norm = normalise(text)
    if len(norm) == len(text) and not slow:
        return _Aligned(text, norm, None)
    text = text[:SLOW_PATH_CHARS]
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        part = normalise(char)
        parts.append(part)
        origin.extend([index] * len(part))
    return _Aligned(text, "".join(parts), origin)


class Highlighter:
    """Marks the pieces of one parsed query in any number of texts."""

    def __init__(self, query: ParsedQuery) -> None:
        self.patterns = [piece_pattern(piece) for piece in query.pieces]

    def title_html(self, title: str) -> SafeString:
        aligned, _start, spans = self._matches(title, whole=True)
        return mark_safe(_render(aligned.text, _to_original(aligned, spans), 0, len(aligned.text)))  # noqa: S308

    def snippet_html(self, texts: Sequence[str]) -> SafeString:
        """A window of about SNIPPET_CHARS around the first match in the first text that has one."""
        for text in texts:
            if text and (html := self._window_html(text)):
                return html
        first = next((text for text in texts if text), "")
        return mark_safe(_render_plain(first[:SNIPPET_CHARS], cut_end=len(first) > SNIPPET_CHARS))  # noqa: S308

    def _window_html(self, text: str) -> SafeString | None:
        aligned, start_norm, spans = self._matches(text, whole=False)
        if not spans:
            return None
        start = aligned.to_original(start_norm)
        end = min(len(aligned.text), start + SNIPPET_CHARS)
        body = _render(aligned.text, _to_original(aligned, spans), start, end)
        ellipsis_end = end < len(text)
        return mark_safe(("…" if start > 0 else "") + body + ("…" if ellipsis_end else ""))  # noqa: S308

    def _matches(self, text: str, *, whole: bool) -> tuple[_Aligned, int, list[Span]]:
        """The text aligned with its normalised form, where the window starts, and the merged match spans in it.

        Equal lengths almost always mean equal positions; when a match says otherwise (an expanding and a
        shrinking character cancelled out), the per-character map is used instead.
        """
        aligned = _align(text)
        start, spans = self._spans(aligned.norm, whole)
        if aligned.origin is None and any(normalise(text[s:e]) != aligned.norm[s:e] for s, e in spans):
            aligned = _align(text, slow=True)
            start, spans = self._spans(aligned.norm, whole)
        return aligned, start, spans

    def _spans(self, norm: str, whole: bool) -> tuple[int, list[Span]]:
        if whole:
            start, end = 0, len(norm)
        else:
            firsts = [m.start() for p in self.patterns if (m := p.search(norm))]
            if not firsts:
                return 0, []
            # A little context before the first match, but no shorter window than the text allows.
            start = max(0, min(min(firsts) - SNIPPET_LEAD, len(norm) - SNIPPET_CHARS))
            end = min(len(norm), start + 2 * SNIPPET_CHARS)
        return start, _merge(sorted(m.span() for p in self.patterns for m in p.finditer(norm, start, end)))


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _to_original(aligned: _Aligned, spans: list[Span]) -> list[Span]:
    if aligned.origin is None:
        return spans
    return [(aligned.to_original(s), aligned.origin[e - 1] + 1) for s, e in spans]


def _render(text: str, spans: list[Span], start: int, end: int) -> str:
    """text[start:end], escaped, with the spans (clipped to the window) wrapped in <mark>."""
    out: list[str] = []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        out.append(_clean(text[position:span_start]))
        out.append(f"<mark>{_clean(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(_clean(text[position:end]))
    return "".join(out)


def _render_plain(text: str, *, cut_end: bool) -> str:
    return _clean(text) + ("…" if cut_end else "")


def _clean(text: str) -> str:
    return str(escape(_SPACES_RE.sub(" ", _CONTROL_RE.sub("", text))))
