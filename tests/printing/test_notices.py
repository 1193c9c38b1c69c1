"""Printed notices: real Chinese text in the PDF, A4, Noto CJK embedded, page footers, and no network, ever.

The text checks read the PDF back with pypdf: a character that comes out as text was embedded with a
ToUnicode map, so the notice prints Chinese, not tofu boxes.
"""

import datetime as dt
import io
import logging
import re
import socket

import pypdf
import pytest
import weasyprint
import weasyprint.text.ffi
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from gongkai.printing.notices import (
    CadreRow,
    NoticeContent,
    chinese_date,
    render_notice_html,
    render_notice_pdf,
    window_text,
)
from gongkai.printing.pdf import OfflineFetcher, URLRefused

D = dt.date
ONE_PIXEL_PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

CADRES = [
    CadreRow(
        name="张三",
        gender="男",
        ethnicity="汉族",
        birth="1985.03",
        political_status="中共党员",
        education="大学本科",
        current_post="市招商局投资促进一科副科长",
        proposed_post="市招商局投资促进一科科长",
    ),
    CadreRow(
        name="欧阳晓明",
        gender="女",
        ethnicity="回族",
        birth="1990.11",
        political_status="中共党员",
        education="研究生",
        current_post="市招商局办公室四级主任科员",
        proposed_post="市招商局项目服务科副科长",
    ),
]


def notice(**changes: object) -> NoticeContent:
    values: dict[str, object] = {
        "organisation_name": "中共某市招商局党组",
        "title": "关于张三、欧阳晓明同志任前公示的公告",
        "body_html": "<p>经市招商局党组研究，拟提拔任用以下同志，现予以公示：</p>",
        "index_number": "ZSJ-2026-0042",
        "document_number": "某招党〔2026〕5号",
        "published_on": D(2026, 9, 28),
        "written_on": D(2026, 9, 27),
        "department_name": "组织人事科",
        "window_start": D(2026, 9, 28),
        "window_end": D(2026, 10, 9),
        "window_workdays": 5,
        "objection_ways": "受理电话：0000-12345678\n通信地址：某市人民路1号\n电子邮箱：zzrs@zsj.example.gov.cn",
        "cadres": CADRES,
    }
    values.update(changes)
    return NoticeContent(**values)  # type: ignore[arg-type]


def read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with all white space removed (lines wrap anywhere in Chinese)."""
    return [re.sub(r"\s+", "", page.extract_text()) for page in read(pdf).pages]


def font_dicts(pdf: bytes) -> list[DictionaryObject]:
    fonts = []
    for page in read(pdf).pages:
        for reference in page["/Resources"]["/Font"].values():
            fonts.append(reference.get_object())
    return fonts


def all_names(pdf: bytes) -> set[str]:
    """Every name (keys and values) reachable from the trailer: the whole object graph."""
    reader = read(pdf)
    names: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) not in seen:
                seen.add((item.idnum, item.generation))
                stack.append(item.get_object())
        elif isinstance(item, DictionaryObject):
            names.update(str(key) for key in item)
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject):
            names.add(str(item))
    return names


@pytest.fixture(scope="module")
def appointment_pdf() -> bytes:
    return render_notice_pdf(notice())


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Records (and refuses) every attempt to resolve a name or open a connection."""
    attempts: list[tuple[object, ...]] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("a printing test tried to reach the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_an_appointment_notice_prints_its_chinese_as_text(appointment_pdf: bytes) -> None:
    text = "".join(page_texts(appointment_pdf))
    assert "关于张三、欧阳晓明同志任前公示的公告" in text
    assert "中共某市招商局党组" in text
    assert "某招党〔2026〕5号" in text
    for cadre in CADRES:
        assert cadre.name in text
        assert cadre.proposed_post in text
    assert "姓名性别民族出生年月政治面貌学历现任职务拟任职务" in text
    assert "公示时间：2026年9月28日至2026年10月9日（5个工作日）" in text
    assert "受理电话：0000-12345678" in text
    assert "2026年9月27日" in text  # signed on the day it was written
    assert "索引号：ZSJ-2026-0042" in text
    assert "发布日期：2026年9月28日" in text
    assert "—1—" in text


def test_every_page_is_a4(appointment_pdf: bytes) -> None:
    for page in read(appointment_pdf).pages:
        assert float(page.mediabox.width) == pytest.approx(595, abs=1)
        assert float(page.mediabox.height) == pytest.approx(842, abs=1)


def test_only_noto_cjk_is_embedded_and_every_font_maps_back_to_unicode(appointment_pdf: bytes) -> None:
    fonts = font_dicts(appointment_pdf)
    names = set()
    for font in fonts:
        assert "/ToUnicode" in font
        for descendant in font["/DescendantFonts"]:
            descriptor = descendant.get_object()["/FontDescriptor"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), "font not embedded"
            names.add(str(descriptor["/FontName"]))
    assert names
    assert all(re.fullmatch(r"/[A-Z]{6}\+Noto-(Serif|Sans)-CJK-SC(-Bold)?", name) for name in names), names


def test_a_long_body_runs_onto_more_pages_each_numbered_the_standards_way() -> None:
    paragraph = "<p>" + "为进一步加强党务公开工作，规范干部选拔任用程序，" * 20 + "</p>"
    pdf = render_notice_pdf(notice(body_html=paragraph * 6))
    texts = page_texts(pdf)
    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert text.endswith(f"—{number}—") or f"—{number}—" in text
        assert "第" + str(number) + "页" not in text
    # GB/T 9704 has no running head or footer: the index number is printed once, at the end.
    assert "索引号" not in "".join(texts[:-1])
    assert "索引号：ZSJ-2026-0042" in texts[-1]


def test_a_body_that_asks_for_urls_renders_without_any_network_access(
    network_attempts: list[tuple[object, ...]], caplog: pytest.LogCaptureFixture
) -> None:
    body = (
        '<p>附图：<img src="http://example.com/x.png"><img src="file:///etc/hostname"></p>'
        '<link rel="stylesheet" href="https://example.com/style.css">'
        '<style>@import url("http://example.com/more.css");</style>'
        '<div style="background: url(http://example.com/bg.png)">正文照常打印</div>'
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_notice_pdf(notice(body_html=body))
    assert network_attempts == []
    refused = " ".join(record.getMessage() for record in caplog.records if "URLRefused" in record.getMessage())
    for url in ("http://example.com/x.png", "file:///etc/hostname", "https://example.com/style.css"):
        assert url in refused
    assert "http://example.com/more.css" in refused
    assert "正文照常打印" in page_texts(pdf)[0]


def test_the_network_guard_would_see_weasyprints_default_fetcher(network_attempts: list[tuple[object, ...]]) -> None:
    """Proves the test above can fail: without our fetcher, WeasyPrint reaches for the network."""
    weasyprint.HTML(string='<img src="http://example.com/x.png">', base_url=None).write_pdf()
    assert network_attempts


def test_harfbuzz_subset_is_installed() -> None:
    """Without libharfbuzz-subset0 WeasyPrint falls back to fontTools: ~40 s per notice instead of ~0.5 s."""
    assert weasyprint.text.ffi.harfbuzz_subset is not None, "install libharfbuzz-subset0 (make sysdeps-run)"


def test_the_fetcher_serves_data_urls_and_refuses_everything_else() -> None:
    fetcher = OfflineFetcher()
    assert fetcher.fetch(ONE_PIXEL_PNG).read().startswith(b"\x89PNG")
    for url in ("http://example.com/", "https://example.com/", "file:///etc/passwd", "ftp://example.com/x"):
        with pytest.raises(URLRefused):
            fetcher.fetch(url)


def test_a_script_in_the_body_leaves_no_script_in_the_pdf() -> None:
    body = '<p>正文</p><script>alert("打印脚本")</script><p onclick="alert(2)">第二段</p>'
    pdf = render_notice_pdf(notice(body_html=body))
    text = page_texts(pdf)[0]
    assert "第二段" in text
    assert "alert" not in text
    assert "打印脚本" not in text
    assert not {"/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch"} & all_names(pdf)


def test_plain_fields_are_printed_as_text_not_markup() -> None:
    html = render_notice_html(notice(organisation_name="<b>某局</b>", title="</style><script>x</script>"))
    assert "<b>某局</b>" not in html
    assert "&lt;b&gt;某局&lt;/b&gt;" in html
    assert "<script>" not in html


def test_a_correction_is_printed_with_its_date_and_note() -> None:
    html = render_notice_html(notice(corrected_on=D(2026, 9, 29), correction_note="更正欧阳晓明同志的出生年月。"))
    assert "本公告已于2026年9月29日更正。更正欧阳晓明同志的出生年月。" in html


def test_a_notice_without_publicity_prints_no_window_and_no_table() -> None:
    html = render_notice_html(
        notice(window_start=None, window_end=None, window_workdays=None, cadres=[], objection_ways="")
    )
    assert "公示时间" not in html
    assert "拟任职务" not in html
    assert "意见反映方式" not in html


def test_dates_are_written_the_chinese_way() -> None:
    assert chinese_date(D(2026, 9, 28)) == "2026年9月28日"
    assert chinese_date(D(2026, 10, 9)) == "2026年10月9日"
    assert window_text(notice(window_workdays=None)) == "公示时间：2026年9月28日至2026年10月9日"


@pytest.mark.parametrize(
    "changes",
    [
        {"window_end": None},
        {"window_start": None},
        {"window_end": D(2026, 9, 27)},
        {"window_workdays": 0},
        {"window_start": None, "window_end": None, "window_workdays": 5},
        {"correction_note": "没有日期的更正"},
    ],
)
def test_inconsistent_content_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        notice(**changes)
