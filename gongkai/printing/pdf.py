"""HTML to PDF with WeasyPrint, offline: no network, and from the disk only the office's configured font files.

The platform runs on an intranet; a printed notice must never make the server reach out — not for an image in
a body, a stylesheet, an `@import` or an `@font-face`. The fetcher below lets `data:` URLs through (they carry
their bytes inline) and refuses every other URL, `file:` included, so a body cannot pull files off the server
either. The one exception is the exact font files the office configured (`printing.fonts`): a `file:` URL whose
resolved path is one of them is served, any other path is refused. WeasyPrint logs each refusal as a warning
and renders the rest of the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class URLRefused(ValueError):
    """A document asked for a URL; printing fetches none."""


class OfflineFetcher(URLFetcher):
    """Serves `data:` URLs and the allowed font files, and refuses everything else."""

    def __init__(self, *args: Any, allowed_files: Iterable[Path] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_files = frozenset(Path(path).resolve() for path in allowed_files)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            # urllib's DataHandler decodes it in memory.
            return super().fetch(url, headers)
        path = self._allowed_file(url) if url[:5].lower() == "file:" else None
        if path is not None:
            # The resolved path is opened, not the URL as written.
            return super().fetch(path.as_uri(), headers)
        raise URLRefused(f"printing fetches no URL: {url[:200]}")

    def _allowed_file(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or parts.query or parts.fragment:
            return None
        # Resolved, so neither "..", a symlink nor percent-encoding reaches a file outside the list.
        path = Path(unquote(parts.path)).resolve()
        return path if path in self.allowed_files else None


def html_to_pdf(html: str, *, allowed_files: Iterable[Path] = ()) -> bytes:
    """Lay out `html` and return the PDF's bytes. The caller vouches for the HTML (escaped, sanitised)."""
    fetcher = OfflineFetcher(allowed_files=allowed_files)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()
    return pdf
