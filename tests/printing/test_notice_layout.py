"""The printed notice measured on its rendered pages (pdftoppm, 150 dpi) against GB/T 9704-2012.

The 版心 starts 37 mm from the top (天头) and 28 mm from the left (订口) and is 156 × 225 mm. Where the
standard puts something on a line of the 22-line grid, the glyphs sit in the middle of their line, as in a word
processor's grid: the measurement subtracts that half-leading before comparing with the margin.
"""

import io
import shutil
import subprocess

import pypdf
import pytest
from PIL import Image

from gongkai.printing import notices as layout
from gongkai.printing.notices import render_notice_pdf

from .test_notices import notice

DPI = 150
MM = DPI / 25.4  # pixels per millimetre
TOLERANCE_MM = 1.0
HALF_LEADING_MM = (layout.LINE_PITCH_MM - layout.BODY_PT * 25.4 / 72) / 2
FULL_LINE = "为进一步加强党务公开工作，规范干部选拔任用程序，"  # 24 characters

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (make sysdeps-test)")


def pages(pdf: bytes) -> list[Image.Image]:
    """Each page as an RGB image, rendered by poppler (not by the library that made the PDF)."""
    images = []
    count = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for number in range(1, count + 1):
        png = subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-png", "-f", str(number), "-l", str(number), "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout
        images.append(Image.open(io.BytesIO(png)).convert("RGB"))
    return images


def box(image: Image.Image, keep) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    """(left, top, right, bottom) in mm of the pixels `keep` selects."""
    mask = Image.eval(image.convert("L"), lambda _: 0)
    pixels = image.load()
    data = mask.load()
    width, height = image.size
    for y in range(height):
        for x in range(width):
            if keep(pixels[x, y]):
                data[x, y] = 255
    bbox = mask.getbbox()
    assert bbox, "nothing selected on the page"
    left, top, right, bottom = bbox
    return left / MM, top / MM, right / MM, bottom / MM


def dark(pixel: tuple[int, int, int]) -> bool:
    return max(pixel) < 128


def red(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return r > 150 and g < 90 and b < 90


def crop_mm(image: Image.Image, top: float, bottom: float) -> Image.Image:
    return image.crop((0, round(top * MM), image.width, round(bottom * MM)))


def text_rows(image: Image.Image) -> list[tuple[float, float]]:
    """Runs of rows holding dark pixels: (top, bottom) in mm, i.e. the printed lines."""
    grey = image.convert("L")
    width, height = grey.size
    data = grey.load()
    runs: list[tuple[float, float]] = []
    start = None
    for y in range(height):
        inked = any(data[x, y] < 128 for x in range(0, width, 2))
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            if runs and start / MM - runs[-1][1] < 2:  # a comma below its line's other glyphs
                runs[-1] = (runs[-1][0], y / MM)
            else:
                runs.append((start / MM, y / MM))
            start = None
    return runs


@pytest.fixture(scope="module")
def rendered() -> list[Image.Image]:
    body = "<p>" + FULL_LINE * 40 + "</p>"
    return pages(render_notice_pdf(notice(body_html=body * 2, scope_marking="党内公开", cadres=[])))


def test_the_scope_marking_starts_the_text_block_at_37_mm_from_the_top_and_28_from_the_left(
    rendered: list[Image.Image],
) -> None:
    left, top, _, _ = box(rendered[0], dark)
    assert top == pytest.approx(layout.TOP_MM, abs=TOLERANCE_MM)
    assert left == pytest.approx(layout.LEFT_MM, abs=TOLERANCE_MM)


def test_the_red_rule_is_as_wide_as_the_text_block_and_the_issuer_red_above_it(rendered: list[Image.Image]) -> None:
    # The red pixels: the issuer above, the rule (the widest) below it.
    left, top, right, _ = box(rendered[0], red)
    assert left == pytest.approx(layout.LEFT_MM, abs=TOLERANCE_MM)
    assert right == pytest.approx(layout.LEFT_MM + layout.TEXT_WIDTH_MM, abs=TOLERANCE_MM)
    # The issuer's top 35 mm below the 版心's top (its glyphs sit a little inside their line).
    assert top == pytest.approx(layout.TOP_MM + layout.ISSUER_TOP_MM, abs=2.5)


def test_a_full_page_holds_22_lines_from_the_top_margin_to_225_mm_below_it(rendered: list[Image.Image]) -> None:
    page = rendered[1]
    rows = [row for row in text_rows(page) if row[1] < layout.TOP_MM + layout.TEXT_HEIGHT_MM + 1]
    assert len(rows) == layout.LINES_PER_PAGE
    first_top = rows[0][0] - HALF_LEADING_MM
    last_bottom = rows[-1][1] + HALF_LEADING_MM
    assert first_top == pytest.approx(layout.TOP_MM, abs=TOLERANCE_MM)
    assert last_bottom == pytest.approx(layout.TOP_MM + layout.TEXT_HEIGHT_MM, abs=TOLERANCE_MM)
    pitch = (rows[-1][0] - rows[0][0]) / (len(rows) - 1)
    assert pitch == pytest.approx(layout.LINE_PITCH_MM, abs=0.1)


def test_full_lines_fill_the_156_mm_width_from_the_binding_margin(rendered: list[Image.Image]) -> None:
    body = crop_mm(rendered[1], layout.TOP_MM - 1, layout.TOP_MM + layout.TEXT_HEIGHT_MM)
    left, _, right, _ = box(body, dark)
    assert left == pytest.approx(0 + layout.LEFT_MM, abs=TOLERANCE_MM)
    assert right == pytest.approx(layout.LEFT_MM + layout.TEXT_WIDTH_MM, abs=TOLERANCE_MM)


def test_page_numbers_sit_7_mm_below_the_text_block_on_the_outside_edge(rendered: list[Image.Image]) -> None:
    below = layout.TOP_MM + layout.TEXT_HEIGHT_MM
    one_char = layout.PAGE_NUMBER_PT * 25.4 / 72
    for number, page in enumerate(rendered[:2], start=1):
        footer = crop_mm(page, below + 1, layout.PAGE_HEIGHT_MM)
        left, top, right, _ = box(footer, dark)
        # The dash's line starts 7 mm below the 版心 (the figures' top is a little inside their line).
        assert below + 1 + top == pytest.approx(below + layout.PAGE_NUMBER_GAP_MM, abs=2.0)
        if number % 2:  # odd: right, one character in
            assert right == pytest.approx(layout.LEFT_MM + layout.TEXT_WIDTH_MM - one_char, abs=TOLERANCE_MM)
        else:  # even: left, one character in
            assert left == pytest.approx(layout.LEFT_MM + one_char, abs=TOLERANCE_MM)
