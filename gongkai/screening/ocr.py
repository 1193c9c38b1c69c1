"""OCR of scanned pages and pictures with Tesseract 5 (`chi_sim`), called as a program.

- `engine()` finds the engine at run time: `Engine(version, languages)`, or raises `OcrUnavailable` with a
  Chinese reason (no program, no Chinese model) that the caller records for the reviewer instead of crashing.
- `read_image(image)` reads one picture: `OcrPage(text, words, width, height)`. The text is made of the words
  Tesseract finds (TSV output), a line per line; words close together are joined without a space, since Chinese
  has none and Tesseract often splits a number into pieces. Each word keeps its character span and its box.
- `box_of(page, start, end)` maps a character span of the text (a finding's) to the union of the boxes of the
  words it touches.

Boxes are in **page coordinates**: for a PDF page, PDF points (1/72 inch) from the page's top-left corner; for a
picture, its pixels. A page is rendered by `pdf_pages.render` at `OCR_DPI`, so a pixel box is scaled by
72 / dpi.

Bounds: a picture larger than `MAX_PIXELS` is scaled down before reading (a 300 dpi A3 page is about 17.5
megapixels); each call of the program has a timeout (`TIMEOUT_SECONDS`), after which it is killed and
`OcrFailed` raised. The picture goes to the program through its standard input, as PNG: no file is written.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image

LANGUAGE = "chi_sim"
OCR_DPI = 300
MAX_PIXELS = 40_000_000
# "6": the page as one block of horizontal lines. The automatic layout ("3") took a sparse page of short Chinese
# lines (a notice with a name and a blacked-out number) for vertical text and read it column by column, missing
# what was on it; horizontal lines are what the bureau's scans hold, tables included (read row by row).
PAGE_SEGMENTATION = "6"
TIMEOUT_SECONDS = 180
Box = tuple[float, float, float, float]


class OcrUnavailable(RuntimeError):
    """The engine or its Chinese model is missing; `message` is Chinese, for the reviewer."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class OcrFailed(OcrUnavailable):
    """The engine ran but did not answer (timeout, crash)."""


@dataclass(frozen=True)
class Engine:
    version: str
    languages: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"Tesseract {self.version} ({LANGUAGE})"


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    box: Box


@dataclass(frozen=True)
class OcrPage:
    """The text read from one page, its words with their boxes, and the page's size in page coordinates."""

    text: str
    words: tuple[Word, ...]
    width: float
    height: float


def _program() -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise OcrUnavailable(_("服务器未安装文字识别程序（Tesseract），无法识别扫描页和图片中的文字。"))
    return found


@functools.lru_cache(maxsize=1)
def _engine_cached(program: str) -> Engine:
    try:
        version = _run([program, "--version"], b"", 30).decode("utf-8", "replace")
        languages = _run([program, "--list-langs"], b"", 30).decode("utf-8", "replace")
    except OcrFailed as failed:
        raise OcrUnavailable(failed.message) from None
    match = re.search(r"tesseract\s+v?(\d[\w.\-]*)", version, re.IGNORECASE)
    listed = tuple(line.strip() for line in languages.splitlines()[1:] if line.strip())
    return Engine(match.group(1) if match else "?", listed)


def engine() -> Engine:
    """The installed engine with the Chinese model, or `OcrUnavailable` saying what is missing."""
    found = _engine_cached(_program())
    if LANGUAGE not in found.languages:
        raise OcrUnavailable(_("文字识别程序缺少简体中文识别模型（chi_sim），无法识别扫描页和图片中的文字。"))
    return found


# One OpenMP thread per call: Tesseract's own threads fight over a busy machine's cores (measured on a loaded
# 2-core box: 8 s a page with one thread, 63 s with two); the worker's threads give the parallelism instead.
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _run(command: list[str], data: bytes, timeout: float) -> bytes:
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout, check=False, env=_ENV)
    except subprocess.TimeoutExpired:
        raise OcrFailed(_("文字识别超时（超过 %(n)d 秒），该页未能识别。") % {"n": int(timeout)}) from None
    except OSError:
        raise OcrFailed(_("文字识别程序无法运行。")) from None
    if done.returncode != 0:
        raise OcrFailed(_("文字识别程序运行出错，该页未能识别。"))
    return done.stdout


def bounded(image: Image.Image) -> tuple[Image.Image, float]:
    """The image in grey, scaled down under MAX_PIXELS; and the factor from its pixels to the original's."""
    grey = image.convert("L")
    pixels = grey.width * grey.height
    if pixels <= MAX_PIXELS:
        return grey, 1.0
    factor = (MAX_PIXELS / pixels) ** 0.5
    size = (max(1, int(grey.width * factor)), max(1, int(grey.height * factor)))
    return grey.resize(size), 1 / factor


def read_image(image: Image.Image, *, scale: float = 1.0, timeout: float = TIMEOUT_SECONDS) -> OcrPage:
    """Read one picture. `scale` turns its pixels into page coordinates (72 / dpi for a rendered PDF page)."""
    program = _program()
    engine()
    grey, factor = bounded(image)
    buffer = io.BytesIO()
    grey.save(buffer, "PNG")
    command = [program, "stdin", "stdout", "-l", LANGUAGE, "--psm", PAGE_SEGMENTATION, "--dpi", "300", "tsv"]
    tsv = _run(command, buffer.getvalue(), timeout)
    return parse_tsv(tsv.decode("utf-8", "replace"), scale=scale * factor, size=image.size, page_scale=scale)


def parse_tsv(tsv: str, *, scale: float, size: tuple[int, int], page_scale: float) -> OcrPage:
    """Tesseract's TSV (level 5 rows are words) as text with word spans and boxes in page coordinates."""
    lines: dict[tuple[int, int, int], list[tuple[str, Box]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(value) for value in cells[6:10])
        box = (left * scale, top * scale, (left + width) * scale, (top + height) * scale)
        lines.setdefault((int(cells[2]), int(cells[3]), int(cells[4])), []).append((cells[11].strip(), box))
    text: list[str] = []
    words: list[Word] = []
    position = 0
    for line in lines.values():
        if text:
            text.append("\n")
            position += 1
        previous: Box | None = None
        for word, box in line:
            if previous is not None and _apart(previous, box):
                text.append(" ")
                position += 1
            text.append(word)
            words.append(Word(position, position + len(word), box))
            position += len(word)
            previous = box
    return OcrPage(repair_marks("".join(text)), tuple(words), size[0] * page_scale, size[1] * page_scale)


# The chi_sim model has no "★": the star of a classification mark comes out as some other character ("机密妇1年").
# At the start of a line, a level followed by one stray character and then a term or the line's end is read as a
# mark with its star (one character for one, so the word spans stay right). A false mark costs the reviewer a
# click; a missed one a leak.
_STAR = re.compile(r"(?m)^(\s*(?:绝密|机密|秘密))[^\s\d★☆](?=\s*(?:\d+\s*(?:年|个月)|长期|$))")


def repair_marks(text: str) -> str:
    return _STAR.sub(lambda match: match.group(1) + "★", text)


def _apart(previous: Box, box: Box) -> bool:
    """Words further apart than about a character's width are separate; closer ones are one run of text."""
    height = max(previous[3] - previous[1], box[3] - box[1], 1.0)
    return box[0] - previous[2] > 0.6 * height


def box_of(page: OcrPage, start: int, end: int) -> Box | None:
    """The union of the boxes of the words that the span [start, end) touches."""
    touched = [word.box for word in page.words if word.start < end and word.end > start]
    return union(touched)


def union(boxes: list[Box]) -> Box | None:
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
