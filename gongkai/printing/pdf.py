"""HTML to PDF with WeasyPrint, offline: no network, no disk, fonts only from the system's fontconfig.

The platform runs on an intranet; a printed notice must never make the server reach out — not for an image in
a body, a stylesheet, an `@import` or an `@font-face`. The fetcher below lets `data:` URLs through (they carry
their bytes inline) and refuses every other URL, `file:` included, so a body cannot pull files off the server
either. WeasyPrint logs each refusal as a warning and renders the rest of the document.
"""

from __future__ import annotations

from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class URLRefused(ValueError):
    """A document asked for a URL; printing fetches none."""


class OfflineFetcher(URLFetcher):
    """Serves `data:` URLs and refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            # urllib's DataHandler decodes it in memory.
            return super().fetch(url, headers)
        raise URLRefused(f"printing fetches no URL: {url[:200]}")


def html_to_pdf(html: str) -> bytes:
    """Lay out `html` and return the PDF's bytes. The caller vouches for the HTML (escaped, sanitised)."""
    document = HTML(string=html, base_url=None, url_fetcher=OfflineFetcher())
    pdf: bytes = document.write_pdf()
    return pdf
