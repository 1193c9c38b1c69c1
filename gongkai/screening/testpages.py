"""Generated scanned pages: known Chinese text with planted items, drawn with Noto CJK, rasterised at a chosen
resolution and slightly rotated, as a scanner would give them. For tests and the OCR benchmark only (never
imported by the request path).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

A4_POINTS = (595, 842)
FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
ID_NUMBER = "11010519491231002X"
MOBILE = "13912345678"
MARK = "机密★1年"


@dataclass(frozen=True)
class Plant:
    kind: str
    text: str


def ordinary_lines(n: int) -> list[str]:
    """Bureau prose without anything to find."""
    base = [
        "为进一步做好招商引资工作，现将本季度项目推进情况通报如下。",
        "一、重点项目进展顺利，新签约项目十二个，到位资金八点六亿元。",
        "二、各科室要加强协调配合，按照时间节点完成各项工作任务。",
        "三、请各单位于月底前报送项目台账，并做好材料归档工作。",
    ]
    return [base[i % len(base)] for i in range(n)]


def planted_lines(id_number: str = ID_NUMBER, mobile: str = MOBILE, mark: str = MARK) -> list[str]:
    return [
        mark,
        "关于项目联系人情况的说明",
        *ordinary_lines(2),
        f"联系人：张三，身份证号：{id_number}",
        f"联系电话：{mobile}",
        *ordinary_lines(2),
    ]


@functools.lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size, index=2)  # index 2 of the collection: simplified Chinese (SC)
        except OSError:
            continue
    raise OSError("Noto CJK fonts are missing (apt-get install fonts-noto-cjk)")


def page_image(lines: Sequence[str], *, dpi: int = 300, rotate: float = 0.0, font_points: float = 12) -> Image.Image:
    """An A4 page at `dpi` with the lines drawn from the top, rotated by `rotate` degrees like a skewed scan."""
    scale = dpi / 72
    width, height = int(A4_POINTS[0] * scale), int(A4_POINTS[1] * scale)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = _font(int(font_points * scale))
    y = 72 * scale
    for line in lines:
        draw.text((72 * scale, y), line, font=font, fill=0)
        y += font_points * scale * 1.8
    if rotate:
        image = image.rotate(rotate, resample=Image.Resampling.BILINEAR, fillcolor=255)
    return image


def scanned_pdf(pages: Sequence[Image.Image], dpi: int = 300) -> bytes:
    """The pages as an image-only PDF (no text layer), as a scanner writes it."""
    output = io.BytesIO()
    pages[0].save(output, "PDF", save_all=True, append_images=list(pages[1:]), resolution=dpi)
    return output.getvalue()


def png(image: Image.Image) -> bytes:
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def scanned_pdf_with_id_on_page_2(dpi: int = 200) -> bytes:
    """Two pages: ordinary prose, then a page with an ID number."""
    return scanned_pdf(
        [
            page_image(ordinary_lines(6), dpi=dpi, rotate=0.8),
            page_image(["关于项目联系人情况的说明", f"联系人：张三，身份证号：{ID_NUMBER}"], dpi=dpi, rotate=-0.6),
        ],
        dpi=dpi,
    )
