"""Decoding of plain-text files: UTF-8 (with or without BOM) first, then GB18030."""

from __future__ import annotations

from dataclasses import dataclass

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class NotText(ValueError):
    """The bytes are not UTF-8 or GB18030 text, or contain NUL bytes."""

    def __init__(self, *, utf16: bool = False) -> None:
        self.utf16 = utf16
        super().__init__("not UTF-8 or GB18030 text" if not utf16 else "UTF-16 text")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-8-sig" (with BOM) or "gb18030": encoding with it gives the same bytes back


def decode_text(data: bytes) -> DecodedText:
    """Decode text bytes; raise `NotText` for NUL bytes (binary, or UTF-16) and undecodable bytes."""
    if b"\x00" in data:
        raise NotText(utf16=data.startswith(_UTF16_BOMS))
    encodings = ("utf-8-sig",) if data.startswith(_UTF8_BOM) else ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return DecodedText(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    raise NotText
