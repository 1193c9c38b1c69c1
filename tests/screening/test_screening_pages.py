"""The page engine: OCR words mapped to boxes, marks repaired one character for one, boxes burnt in with nothing
left under them, and the published PDF free of text, annotations, attachments and metadata."""

from __future__ import annotations

import io

import pypdf
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from gongkai.screening import ocr, pdf_redact, testpages

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
WORD = st.text(alphabet=st.one_of(CJK, st.sampled_from("0123456789X")), min_size=1, max_size=6)


def _tsv(lines):
    """Tesseract's TSV for lines of (word, left, width) with a fixed top and height per line."""
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    for number, words in enumerate(lines, start=1):
        for index, (word, left, width) in enumerate(words, start=1):
            rows.append(f"5\t1\t1\t1\t{number}\t{index}\t{left}\t{number * 100}\t{width}\t40\t95\t{word}")
    return "\n".join(rows)


@st.composite
def ocr_lines(draw):
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        words, left = [], 10
        for word in draw(st.lists(WORD, min_size=1, max_size=6)):
            left += draw(st.sampled_from([0, 5, 60]))  # touching, close, a gap wider than a character
            width = 20 * len(word)
            words.append((word, left, width))
            left += width
        lines.append(words)
    return lines


@given(ocr_lines(), st.data())
def test_a_span_of_ocr_text_maps_to_the_union_of_the_boxes_of_the_words_it_touches(lines, data):
    page = ocr.parse_tsv(_tsv(lines), scale=0.5, size=(2000, 2000), page_scale=0.5)
    flat = [(word, left, width, number) for number, words in enumerate(lines, start=1) for word, left, width in words]
    assert len(page.words) == len(flat)
    for placed, (word, left, width, number) in zip(page.words, flat, strict=True):
        assert page.text[placed.start : placed.end] == ocr.repair_marks(word)
        assert placed.box == (left * 0.5, number * 50, (left + width) * 0.5, number * 50 + 20)
    start = data.draw(st.integers(0, len(page.text) - 1))
    end = data.draw(st.integers(start + 1, len(page.text)))
    touched = [b for (w, left, width, n), b in zip(flat, [p.box for p in page.words], strict=True)]
    expected = [
        box for placed, box in zip(page.words, touched, strict=True) if placed.start < end and placed.end > start
    ]
    assert ocr.box_of(page, start, end) == ocr.union(expected)


@given(st.text(alphabet=st.sampled_from("机密秘绝妇女★ 1年个月长期\n文件"), max_size=30))
def test_repairing_marks_keeps_every_offset(text):
    repaired = ocr.repair_marks(text)
    assert len(repaired) == len(text)
    assert all(a == b or b == "★" for a, b in zip(text, repaired, strict=True))


def test_a_star_read_as_another_character_is_repaired_only_in_a_mark():
    assert ocr.repair_marks("机密妇1年\n内容") == "机密★1年\n内容"
    assert ocr.repair_marks("秘密女") == "秘密★"
    assert ocr.repair_marks("机密文件的管理") == "机密文件的管理"
    assert ocr.repair_marks("保守机密妇1年") == "保守机密妇1年"  # not at the start of a line


BOXES = st.lists(
    st.tuples(st.floats(0, 500), st.floats(0, 760), st.floats(8, 90), st.floats(8, 80)).map(
        lambda b: (b[0], b[1], b[0] + b[2], b[1] + b[3])
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=15)  # each example renders and writes a page (about half a second)
@given(BOXES)
def test_every_pixel_under_a_box_is_black_and_the_copy_carries_nothing_else(boxes):
    page = testpages.page_image(testpages.planted_lines(), dpi=100)
    source = testpages.scanned_pdf([page], dpi=100)
    burnt = pdf_redact.burn_in("pdf", source, {0: boxes})
    assert pdf_redact.residue(burnt) == []
    image, scale = pdf_redact.render("pdf", burnt, 0, 72)
    grey = image.convert("L")
    for x0, y0, x1, y1 in boxes:
        inside = grey.crop((int(x0 / scale) + 2, int(y0 / scale) + 2, int(x1 / scale) - 2, int(y1 / scale) - 2))
        assert inside.getextrema()[1] < 40  # black, give or take JPEG's ringing


def test_a_text_pdf_burnt_in_has_no_text_no_annotations_no_attachments_no_metadata():
    from weasyprint import HTML

    source = HTML(
        string=f"<title>名单</title><p>身份证号 {testpages.ID_NUMBER}</p><a href='https://x.test'>链接</a>"
    ).write_pdf()
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(source))
    writer.add_attachment("secret.txt", testpages.ID_NUMBER.encode())
    writer.add_metadata({"/Author": "张三"})
    original = io.BytesIO()
    writer.write(original)
    assert pdf_redact.residue(original.getvalue())
    boxes = pdf_redact.text_boxes(original.getvalue(), [testpages.ID_NUMBER])
    assert [index for index, _box in boxes] == [0]
    burnt = pdf_redact.burn_in("pdf", original.getvalue(), {0: [box for _index, box in boxes]})
    reader = pypdf.PdfReader(io.BytesIO(burnt))
    assert pdf_redact.residue(burnt) == [] and reader.metadata is None
    assert "/Names" not in reader.trailer["/Root"] and "/Annots" not in reader.pages[0]
    assert testpages.ID_NUMBER.encode() not in burnt


def test_a_picture_is_written_again_without_exif():
    image = Image.new("RGB", (300, 200), "white")
    exif = Image.Exif()
    exif[0x013B] = "张三"  # Artist
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    burnt = Image.open(io.BytesIO(pdf_redact.burn_in("jpeg", buffer.getvalue(), {0: [(10, 10, 50, 50)]})))
    assert not burnt.getexif() and burnt.convert("L").getpixel((30, 30)) < 40


def test_a_missing_engine_is_a_clear_reason_not_a_crash(monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    try:
        ocr.engine()
    except ocr.OcrUnavailable as missing:
        assert "未安装文字识别程序" in missing.message
    else:
        raise AssertionError("no engine should be found")


def test_the_engine_version_is_found_at_run_time():
    assert ocr.engine().version.startswith("5")
    assert "chi_sim" in ocr.engine().languages


def test_an_oversized_picture_is_scaled_down_before_reading():
    grey, factor = ocr.bounded(Image.new("L", (9000, 9000), 255))
    assert grey.width * grey.height <= ocr.MAX_PIXELS and factor > 1
