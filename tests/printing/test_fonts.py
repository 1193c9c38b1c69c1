"""The four faces of a GB/T 9704 document: the free defaults, and the office's licensed fonts by setting —
loaded from exactly the configured files while every other file stays out of reach."""

import io
import logging
import re
from pathlib import Path

import pypdf
import pytest
from django.test import override_settings

from gongkai.printing import fonts
from gongkai.printing.notices import render_notice_html, render_notice_pdf
from gongkai.printing.pdf import OfflineFetcher, URLRefused

from .test_notices import notice

UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")
NOTO_SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def embedded_font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for reference in page["/Resources"]["/Font"].values():
            for descendant in reference.get_object()["/DescendantFonts"]:
                names.add(str(descendant.get_object()["/FontDescriptor"]["/FontName"]))
    return names


def test_by_default_the_closest_free_fonts_print_and_the_guide_can_say_which() -> None:
    current = fonts.faces()
    assert current["TITLE"].css_family.startswith('"Noto Serif CJK SC"')
    assert current["TITLE"].weight == "bold"
    assert current["BODY"].css_family.startswith('"Noto Serif CJK SC"')
    assert current["HEADING"].css_family.startswith('"Noto Sans CJK SC"')
    assert current["KAI"].css_family.startswith('"AR PL UKai CN"')
    assert ("仿宋（仿宋_GB2312）", "Noto Serif CJK SC（免费替代字体）") in fonts.fonts_in_use()
    assert fonts.font_face_css(current) == ""
    assert fonts.allowed_font_files(current) == frozenset()


@pytest.mark.skipif(not UKAI.is_file(), reason="fonts-arphic-ukai (make sysdeps-test)")
def test_a_second_level_heading_prints_in_the_free_kai_face() -> None:
    pdf = render_notice_pdf(notice(body_html="<h3>（一）指导思想</h3><p>正文</p>", cadres=[]))
    assert any("UKai" in name for name in embedded_font_names(pdf))


@pytest.mark.skipif(not UKAI.is_file(), reason="fonts-arphic-ukai (make sysdeps-test)")
def test_a_configured_font_file_is_loaded_and_embedded_for_its_role() -> None:
    with override_settings(GONGKAI_FONTS={"BODY": str(UKAI)}):
        assert fonts.fonts_in_use()[1] == ("仿宋（仿宋_GB2312）", "ukai.ttc（配置的字体文件）")
        html = render_notice_html(notice(cadres=[]))
        assert f"src: url('{UKAI.as_uri()}')" in html
        pdf = render_notice_pdf(notice(cadres=[]))
    names = embedded_font_names(pdf)
    # Embedded under the family the @font-face rule gives it; the free body face is no longer used.
    assert any(name.endswith("+gongkai-body") for name in names), names
    assert not any(name.endswith("+Noto-Serif-CJK-SC") for name in names), names


@pytest.mark.skipif(not UKAI.is_file(), reason="fonts-arphic-ukai (make sysdeps-test)")
def test_a_configured_font_file_opens_no_other_file_to_a_body(caplog: pytest.LogCaptureFixture) -> None:
    body = f'<p>正文</p><img src="{NOTO_SANS.as_uri()}"><img src="file:///etc/passwd">'
    with override_settings(GONGKAI_FONTS={"BODY": str(UKAI)}), caplog.at_level(logging.WARNING, "weasyprint"):
        render_notice_pdf(notice(body_html=body, cadres=[]))
    refused = " ".join(record.getMessage() for record in caplog.records if "URLRefused" in record.getMessage())
    assert NOTO_SANS.as_uri() in refused
    assert "file:///etc/passwd" in refused


def test_the_fetcher_serves_exactly_the_allowed_files_however_the_url_is_spelt(tmp_path: Path) -> None:
    font = tmp_path / "licensed.ttf"
    font.write_bytes(b"not really a font")
    (tmp_path / "other.ttf").write_bytes(b"secret")
    fetcher = OfflineFetcher(allowed_files=[font])
    assert fetcher.fetch(font.as_uri()).read() == b"not really a font"
    assert fetcher.fetch(f"file://{tmp_path}/sub/../licensed.ttf").read() == b"not really a font"
    for url in (
        (tmp_path / "other.ttf").as_uri(),
        f"file://{tmp_path}/licensed.ttf/../other.ttf",
        f"file://example.com{font}",
        f"{font.as_uri()}?x=1",
        "file:///etc/passwd",
        "http://example.com/licensed.ttf",
    ):
        with pytest.raises(URLRefused):
            fetcher.fetch(url)


def test_a_configured_family_name_is_asked_for_first_and_the_free_font_backs_it_up() -> None:
    with override_settings(GONGKAI_FONTS={"TITLE": '方正小标宋简体"; }', "BODY": "仿宋_GB2312"}):
        current = fonts.faces()
    assert current["TITLE"].css_family == '"方正小标宋简体; }", "Noto Serif CJK SC", serif'
    assert current["TITLE"].weight == "normal"
    assert current["BODY"].css_family.startswith('"仿宋_GB2312", "Noto Serif CJK SC"')


def test_a_path_that_is_no_font_file_is_ignored_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    for value in ("/etc/passwd", "/nonexistent/font.ttf"):
        with override_settings(GONGKAI_FONTS={"BODY": value}), caplog.at_level(logging.WARNING):
            face = fonts.faces()["BODY"]
        assert face.path is None
        assert face.css_family.startswith('"Noto Serif CJK SC"')
    assert re.search(r"not a font file", caplog.text)
