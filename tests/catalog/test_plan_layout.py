"""The implementation plan's DOCX as a GB/T 9704-2012 document: A4, the standard's margins and grid, faces and
sizes, the red head with the 发文字号, the signature and date, the 版记, page numbers — read back with python-docx."""

import datetime as dt
import io
import shutil
import subprocess

import docx
import pytest
from django.core.exceptions import ValidationError
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.catalog.exports import plan_docx
from gongkai.catalog.models import Catalog
from gongkai.printing import notices as gbt
from tests.printing import test_notice_layout as layout_test

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def catalog2026(org):
    catalog = Catalog.objects.get(organisation=org, year=2026)
    catalog.document_number = "某招党〔2026〕3号"
    catalog.approved_at = dt.datetime(2026, 1, 20, 9, 0, tzinfo=dt.UTC)
    catalog.save()
    return catalog


@pytest.fixture
def plan(catalog2026):
    return docx.Document(io.BytesIO(plan_docx(catalog2026)))


def east_asia(element) -> str:
    return element.rPr.rFonts.get(f"{W}eastAsia")


def test_the_page_is_a4_with_the_standards_margins_and_text_block(plan):
    section = plan.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(text_width - Mm(156)) < Mm(0.1)
    assert abs(text_height - Mm(225)) < Mm(0.1)


def test_the_grid_is_22_lines_of_28_characters(plan):
    grid = plan.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    line_pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert 22 * line_pitch_pt == pytest.approx(225 / 25.4 * 72, abs=1)
    assert plan.styles["Normal"].paragraph_format.line_spacing == Pt(line_pitch_pt)
    assert 22 * line_pitch_pt <= 225 / 25.4 * 72
    spacing = plan.styles["Normal"].element.rPr.find(qn("w:spacing"))
    char_pitch_pt = 16 + int(spacing.get(qn("w:val"))) / 20
    line_pt = 156 / 25.4 * 72
    assert 28 * char_pitch_pt <= line_pt < 29 * char_pitch_pt


def test_faces_and_sizes_follow_the_standard(plan):
    normal = plan.styles["Normal"]
    assert east_asia(normal.element) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    heading = plan.styles["Heading 1"]
    assert east_asia(heading.element) == "黑体"
    assert heading.font.size == Pt(16)
    assert not heading.font.bold
    title = plan.paragraphs[2]
    assert title.text == "某市招商局2026年度党务公开执行方案"
    assert east_asia(title.runs[0]._r) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)


def test_the_red_head_carries_the_issuer_and_the_document_number_over_a_red_rule(plan):
    issuer, number = plan.paragraphs[0], plan.paragraphs[1]
    assert issuer.text == "中共某市招商局党组"
    assert str(issuer.runs[0].font.color.rgb) == "D40000"
    assert abs(issuer.paragraph_format.space_before - Mm(35)) < Mm(0.1)
    assert number.text == "某招党〔2026〕3号"
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "D40000"


def test_the_signature_date_and_record_close_the_plan(plan):
    texts = [p.text for p in plan.paragraphs]
    signature = texts.index("中共某市招商局党组", 1)
    assert texts[signature + 1] == "2026年1月20日"  # approved on (Asia/Shanghai)
    assert texts[signature + 2] == "抄送：中共某市直属机关工作委员会。"
    assert texts[signature + 3] == "某市招商局办公室\t2026年1月20日印发"
    last = plan.paragraphs[signature + 3]._p.pPr.find(qn("w:pBdr"))
    assert last.find(qn("w:bottom")) is not None


def test_page_numbers_are_dashed_figures_odd_right_even_left(plan):
    assert plan.settings.odd_and_even_pages_header_footer
    section = plan.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    assert odd.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT


def test_a_plan_document_number_must_be_in_canonical_form(catalog2026):
    catalog2026.document_number = "某招党[2026]第03号"
    with pytest.raises(ValidationError) as refused:
        catalog2026.full_clean()
    assert "某招党〔2026〕3号" in str(refused.value)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer-nogui) not installed")
def test_rendered_by_libreoffice_a_full_page_sits_in_the_standards_text_block(catalog2026, tmp_path):
    """The DOCX converted to PDF by LibreOffice and to an image by poppler: page 2 is a full page of body text."""
    source = tmp_path / "plan.docx"
    source.write_bytes(plan_docx(catalog2026))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pages = layout_test.pages((tmp_path / "plan.pdf").read_bytes())
    page = pages[1]
    rows = layout_test.text_rows(page)
    body = [row for row in rows if row[1] < gbt.TOP_MM + gbt.TEXT_HEIGHT_MM + 1]
    assert len(body) == gbt.LINES_PER_PAGE
    assert body[0][0] - layout_test.HALF_LEADING_MM == pytest.approx(gbt.TOP_MM, abs=1)
    assert body[-1][1] + layout_test.HALF_LEADING_MM == pytest.approx(gbt.TOP_MM + gbt.TEXT_HEIGHT_MM, abs=1)
    left, _, right, _ = layout_test.box(layout_test.crop_mm(page, 0, gbt.TOP_MM + gbt.TEXT_HEIGHT_MM), layout_test.dark)
    assert left == pytest.approx(gbt.LEFT_MM, abs=1)
    assert right == pytest.approx(gbt.LEFT_MM + gbt.TEXT_WIDTH_MM, abs=1)
    # The page number's line 7 mm below the 版心, on the left of this even page.
    number = [row for row in rows if row[0] > gbt.TOP_MM + gbt.TEXT_HEIGHT_MM]
    assert number[0][0] == pytest.approx(gbt.TOP_MM + gbt.TEXT_HEIGHT_MM + gbt.PAGE_NUMBER_GAP_MM, abs=2)
