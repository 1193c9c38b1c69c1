"""The unit that extraction produces and detection reads: a piece of text and where it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """Text from one place of a document, e.g. `Segment("第2页", "...")` or `Segment("Sheet1!B3", "...")`.

    `location` is shown to the reviewer as is; it is unique within one extraction.
    """

    location: str
    text: str


@dataclass(frozen=True)
class Extraction:
    """What extraction found in one file.

    `truncated` is true when the file held more text than the bound and only its beginning was kept: the
    automatic screening then covers only that part, and the reviewer must be told (`notes` says so).
    `notes` are Chinese remarks for the reviewer about what could not be read (pages without text, images).
    `empty_pages` are the PDF pages (from 1) without extractable text: scans, to be read by OCR.
    """

    segments: tuple[Segment, ...]
    truncated: bool = False
    notes: tuple[str, ...] = ()
    empty_pages: tuple[int, ...] = ()

    @property
    def characters(self) -> int:
        return sum(len(segment.text) for segment in self.segments)
