"""Pages of PDFs and pictures as images, where text stands on them, and redaction by burning boxes in.

- `page_count`, `page_size`, `render(kind, data, index, dpi)`: a PDF page rendered with pypdfium2, or the picture
  itself (turned upright by its EXIF orientation, which is then dropped).
- `text_boxes(data, targets)`: where each target stands in a PDF's text layer, as (page index, box), from
  pypdfium2's character boxes; whitespace between the characters is allowed, as extraction may add it.
- `burn_in(kind, data, boxes)`: the redacted copy. A PDF becomes a **new, image-only PDF** of its pages
  rasterised at `BURN_DPI` with black rectangles drawn on them (Pillow writes it: no text layer, so nothing can
  be under a box; no annotations, no embedded files, no metadata, no incremental updates, nothing copied from the
  original file). A picture gets the rectangles drawn and is written again in its format without EXIF or text
  chunks.
- `residue(data)`: what a published PDF still carries that it should not (text, /Annots, /EmbeddedFiles,
  metadata, JavaScript, forms), read with pypdf: an empty list for a clean copy.

Boxes are in page coordinates (see `ocr`): PDF points from the top-left corner, or a picture's pixels.
Knows no domain; raises `PageError` (Chinese message) for a file it cannot read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping, Sequence

import pypdf
import pypdfium2 as pdfium
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageOps

from gongkai.screening.filetypes import FileKind
from gongkai.screening.ocr import Box, union

BURN_DPI = 200
PREVIEW_DPI = 100
PICTURES = (FileKind.JPEG, FileKind.PNG)
# Keys a PDF written by Pillow has; anything else in a published copy is residue.
_ALLOWED_ROOT = {"/Type", "/Pages"}


class PageError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _document(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise PageError(_("PDF文件无法读取。")) from None


def _picture(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, Image.DecompressionBombError, ValueError):
        raise PageError(_("图片无法读取。")) from None
    return ImageOps.exif_transpose(image) or image


def page_count(kind: str, data: bytes) -> int:
    if kind in PICTURES:
        return 1
    document = _document(data)
    try:
        return len(document)
    finally:
        document.close()


def page_size(kind: str, data: bytes, index: int) -> tuple[float, float]:
    """Width and height of a page in page coordinates."""
    if kind in PICTURES:
        return _picture(data).size
    document = _document(data)
    try:
        width, height = document[index].get_size()
        return float(width), float(height)
    finally:
        document.close()


def render(kind: str, data: bytes, index: int, dpi: int, *, grey: bool = False) -> tuple[Image.Image, float]:
    """One page as an RGB image (or greyscale, for OCR: a quarter of the memory), and the factor that turns its
    pixels into page coordinates."""
    mode = "L" if grey else "RGB"
    if kind in PICTURES:
        return _picture(data).convert(mode), 1.0
    document = _document(data)
    try:
        if not 0 <= index < len(document):
            raise PageError(_("页码超出范围。"))
        bitmap = document[index].render(scale=dpi / 72, may_draw_forms=True, grayscale=grey)
        image = bitmap.to_pil()
        return (image if image.mode == mode else image.convert(mode)), 72 / dpi
    finally:
        document.close()


def pages(kind: str, data: bytes, dpi: int) -> Iterator[tuple[Image.Image, float]]:
    """Every page in turn (one at a time in memory)."""
    for index in range(page_count(kind, data)):
        yield render(kind, data, index, dpi)


def _loose_pattern(target: str) -> re.Pattern[str] | None:
    characters = [c for c in target if not c.isspace()]
    if not characters:
        return None
    return re.compile(r"\s*".join(re.escape(c) for c in characters), re.IGNORECASE)


def text_boxes(data: bytes, targets: Sequence[str]) -> list[tuple[int, Box]]:
    """Every place a target stands in the PDF's text layer: (page index, box in page coordinates)."""
    patterns = [p for p in (_loose_pattern(t) for t in targets) if p is not None]
    found: list[tuple[int, Box]] = []
    document = _document(data)
    try:
        for index in range(len(document)):
            page = document[index]
            height = page.get_size()[1]
            text_page = page.get_textpage()
            text = text_page.get_text_range()
            for pattern in patterns:
                for match in pattern.finditer(text):
                    box = _span_box(text_page, match.start(), match.end(), height)
                    if box is not None:
                        found.append((index, box))
    finally:
        document.close()
    return found


def _span_box(text_page: pdfium.PdfTextPage, start: int, end: int, height: float) -> Box | None:
    boxes: list[Box] = []
    for char in range(start, min(end, text_page.count_chars())):
        left, bottom, right, top = text_page.get_charbox(char)
        if right > left and top > bottom:
            boxes.append((left, height - top, right, height - bottom))  # PDF's origin is bottom-left
    return union(boxes)


def _draw(image: Image.Image, boxes: Sequence[Box], scale: float, margin: float) -> None:
    draw = ImageDraw.Draw(image)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle(
            (
                int((x0 - margin) / scale),
                int((y0 - margin) / scale),
                int((x1 + margin) / scale) + 1,
                int((y1 + margin) / scale) + 1,
            ),
            fill="black",
        )


def blank(image: Image.Image, boxes: Sequence[Box], scale: float, margin: float = 1.0) -> None:
    """Paint the boxes white: for reading a burnt-in page by OCR, whose layout analysis takes a large black block
    for a picture and garbles the text around it (the pixels inside the boxes are black by construction)."""
    draw = ImageDraw.Draw(image)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle(
            (
                int((x0 - margin) / scale) - 2,
                int((y0 - margin) / scale) - 2,
                int((x1 + margin) / scale) + 3,
                int((y1 + margin) / scale) + 3,
            ),
            fill="white",
        )


def burn_in(kind: str, data: bytes, boxes: Mapping[int, Sequence[Box]], *, margin: float = 1.0) -> bytes:
    """The redacted copy: every page as an image with the boxes (page index → boxes) drawn in black."""
    if kind in PICTURES:
        image, scale = render(kind, data, 0, BURN_DPI)
        _draw(image, boxes.get(0, ()), scale, margin)
        output = io.BytesIO()
        image.save(output, "JPEG" if kind == FileKind.JPEG else "PNG", quality=90)
        return output.getvalue()
    images: list[Image.Image] = []
    for index, (image, scale) in enumerate(pages(kind, data, BURN_DPI)):
        _draw(image, boxes.get(index, ()), scale, margin)
        images.append(image)
    if not images:
        raise PageError(_("PDF文件没有页面。"))
    output = io.BytesIO()
    # No title, no dates: Pillow would otherwise write an /Info dictionary.
    images[0].save(
        output,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=BURN_DPI,
        quality=85,
        title=None,
        creationDate=None,
        modDate=None,
    )
    return output.getvalue()


def residue(data: bytes) -> list[str]:
    """What a published image-only PDF must not carry; empty when it is clean."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    problems: list[str] = []
    extra_root = set(reader.root_object.keys()) - _ALLOWED_ROOT
    if extra_root:
        problems.append(f"catalog keys {sorted(extra_root)}")
    info = reader.trailer.get("/Info")
    if info is not None and info.get_object().keys():
        problems.append(f"metadata {sorted(info.get_object().keys())}")
    for number, page in enumerate(reader.pages, start=1):
        if (page.extract_text() or "").strip():
            problems.append(f"text on page {number}")
        if "/Annots" in page:
            problems.append(f"annotations on page {number}")
        fonts = page.get("/Resources", {}).get("/Font")
        if fonts:
            problems.append(f"fonts on page {number}")
    return problems
