"""What submission does for pages beyond the text screening: boxes where text-layer findings stand, and the
unread parts (scans, pictures, the part past the bound) recorded and queued for OCR."""

from __future__ import annotations

from gongkai.disclosures import page_redaction, unread
from gongkai.disclosures.models import Disclosure


def after_screen(disclosure: Disclosure) -> None:
    """Called in the submission's transaction, right after `screening.screen`."""
    page_redaction.locate_text_findings(disclosure)
    unread.record(disclosure)
