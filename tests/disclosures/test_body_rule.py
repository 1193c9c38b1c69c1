"""The body rule (issue 9 §1): redaction works on the parsed tree and ends in the sanitiser, so no sequence of
redactions can turn text into markup. The checks here parse with tinyhtml5 (the WHATWG algorithm, as a
browser does) and walk the tree themselves, independently of `richtext.active_content`."""

from __future__ import annotations

import html
import io
import xml.etree.ElementTree as ET

import pytest
import tinyhtml5
from hypothesis import given
from hypothesis import strategies as st

from gongkai.disclosures import richtext, services
from gongkai.disclosures.models import Finding, SensitiveTerm
from tests.disclosures.conftest import make_input, walk_to

FORBIDDEN_ELEMENTS = {"script", "style", "iframe", "object", "embed", "frame", "frameset", "form", "base"}


def dangers(markup: str) -> list[str]:
    """Everything a browser would run in `markup`: checked on the tree a browser builds."""
    document = tinyhtml5.parse(io.StringIO("<!DOCTYPE html><body>" + markup), namespace_html_elements=False)
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in FORBIDDEN_ELEMENTS:
            found.append(tag)
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            squeezed = "".join(c for c in value if c > " ").lower()
            if name.startswith("on") or name in {"style", "srcdoc"}:
                found.append(name)
            elif squeezed.startswith(("javascript:", "vbscript:", "data:")):
                found.append(f"{name}={value}")
    return found


# --- generated bodies ----------------------------------------------------------------------------------------

# Finding texts as the detectors report them, and office terms an editor can also write (one with quotes).
TARGETS = ["13912345678", "11010519491231002X", "zhang.san@example.cn", '项目代号"', "内部资料", '"甲"&<乙>']
PAYLOADS = [
    '" onmouseover="alert(1)',
    "&quot; onmouseover&#61;&quot;alert(1)",
    "&#34; onclick&#x3d;alert(1) x&#x22;",
    "#x onmouseover&#61;alert(1) x",
    "javascript:alert(1)",
    "java&#x09;script&colon;alert(1)",
    "><script>alert(1)</script>",
    "&lt;img src=x onerror=alert(1)&gt;",
]


def _char_refs(text: str) -> str:
    """`text` with its quotes and some characters written as character references, as an editor can."""
    return (
        text.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&#60;")
        .replace(">", "&#x3e;")
        .replace("1", "&#49;")
    )


target = st.sampled_from(TARGETS)
payload = st.sampled_from(PAYLOADS)
word = st.sampled_from(["联系人", "电话", "附件", "说明", " ", "\n", "、"])


@st.composite
def pieces(draw: st.DrawFn) -> str:
    t, p = draw(target), draw(payload)
    return draw(
        st.sampled_from(
            [
                html.escape(t, quote=False),  # in text
                _char_refs(t),  # in text, as character references
                f"<b>{html.escape(t[:3])}</b>{html.escape(t[3:])}",  # across inline markup
                f'<a title="{_char_refs(t)}{p}" href="{p}">{html.escape(t)}</a>',  # in attribute values
                f'<a href="{_char_refs(t)}" title="{html.escape(t)}&quot;{p}">链接</a>',
                f"<span title='{t}{p}'>{html.escape(t)}</span>",  # single-quoted, raw quotes inside
                f"<!-- {t} {p} -->",  # comment
                f"<![CDATA[{t}{p}]]>",  # CDATA (a bogus comment in HTML)
                f"<p>{t}</p>",  # raw, unescaped
                f"<script>{t}</script><style>{t}</style><iframe src='{p}'></iframe>",
                p,
            ]
        )
    )


@st.composite
def bodies(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(st.lists(st.one_of(pieces(), word), min_size=1, max_size=6), min_size=1, max_size=4))
    return "".join("<p>" + "".join(parts) + "</p>" for parts in paragraphs)


@given(body=bodies(), redactions=st.lists(target, min_size=1, max_size=4))
def test_after_any_sequence_of_redactions_the_body_is_sanitised_and_inert(body, redactions):
    stored = richtext.sanitise(body)  # what a draft stores
    assert dangers(stored) == []
    for text in redactions:
        stored = richtext.mask_in_html(stored, [text])
        assert richtext.sanitise(stored) == stored
        assert dangers(stored) == []
        assert richtext.inert(stored)
        assert dangers(richtext.for_reading(stored, label="表格")) == []


@given(body=bodies(), text=target)
def test_a_masked_target_is_gone_from_the_text_or_reported_as_remaining(body, text):
    masked = richtext.mask_in_html(richtext.sanitise(body), [text])
    if not richtext.remains(masked, text):
        assert text not in richtext.plain_text(masked)
    assert len(richtext.plain_text(masked)) == len(richtext.plain_text(richtext.sanitise(body)))


@given(body=bodies())
def test_the_sanitiser_is_a_fixed_point_on_generated_bodies(body):
    once = richtext.sanitise(body)
    assert richtext.sanitise(once) == once


def test_masking_spans_inline_markup_within_a_paragraph_but_not_two_paragraphs():
    body = richtext.sanitise("<p>电话139<b>1234</b>5678</p><p>1391234</p><p>5678</p>")
    masked = richtext.mask_in_html(body, ["13912345678"])
    assert masked == "<p>电话■■■<b>■■■■</b>■■■■</p><p>1391234</p><p>5678</p>"
    assert richtext.mask_in_html("<p>13912</p><p>345678</p>", ["13912345678"]) == "<p>13912</p><p>345678</p>"


def test_active_content_is_found_on_the_parsed_source_not_by_a_pattern():
    assert richtext.active_content('<a href=" java&#x09;script:alert(1)">x</a>')
    assert richtext.active_content('<p title="x onclick=alert(1)">x</p>') == []  # a value, not an attribute
    assert richtext.active_content("<svg><script>alert(1)</script></svg>") == ["<script>"]
    assert richtext.active_content("<p>javascript: 入门（一本书的名字）</p>") == []
    assert richtext.active_content("<!-- <script>alert(1)</script> -->") == []


def test_a_body_that_names_a_file_is_parsed_as_text_not_read_from_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text("<p>文件内容</p>")
    assert richtext.plain_text("secret.txt") == "secret.txt"
    assert richtext.plain_text("电话" * 60) == "电话" * 60  # a "name" too long for the file system


def test_for_reading_wraps_tables_in_the_tree_and_sanitises_an_old_row_again():
    old_row = '<p><a title="■" href="#" onmouseover="alert(1)">x</a></p><table><caption>名单</caption></table>'
    shown = richtext.for_reading(old_row, label="表格")
    assert dangers(shown) == []
    assert '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="body-table-1">' in shown
    assert '<caption id="body-table-1">名单</caption>' in shown


# --- the attack, through the procedure and the pages ------------------------------------------------------

ATTACK = (
    '<p>本项目代号"甲"暂不公开。</p>'
    '<p><a title="项目代号&quot;" href="#x onmouseover&#61;alert(document.domain) x">详见附件</a></p>'
)


@pytest.mark.django_db
def test_redacting_a_finding_that_also_stands_in_an_attribute_creates_no_markup(users, quarterly, clock, org, client):
    """Regression (issue 9 §1): on main the office's 遮盖 rewrote the attribute's quoting and stored an
    `onmouseover` handler; the portal and the API then served it."""
    SensitiveTerm.objects.create(organisation=org, term='项目代号"')
    item = services.disclosure_create(
        actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly, body=ATTACK)
    )
    item = walk_to(item, "in_review", users)
    finding = item.findings.get(kind="sensitive_term")
    services.finding_redact(actor=users["office"], finding=finding)

    item.refresh_from_db()
    assert Finding.objects.get(pk=finding.pk).status == Finding.Status.REDACTED
    assert dangers(item.body) == []
    assert richtext.sanitise(item.body) == item.body
    assert '项目代号"' not in item.body_text and "■■■■■" in item.body_text
    published = walk_to(item, "published", users)
    shown = article(client.get(f"/items/{published.pk}/").content)
    assert "■■■■■" in shown and dangers(shown) == []
    api = client.get(f"/api/v1/items/{published.pk}").json()
    assert dangers(api["body_html"]) == []


@pytest.mark.django_db
def test_a_stored_body_with_a_handler_is_made_harmless_when_shown(users, quarterly, clock, client):
    """Rows stored before the body rule (or changed behind the application's back) are sanitised on the way out."""
    item = walk_to(
        services.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly)),
        "published",
        users,
    )
    type(item).objects.filter(pk=item.pk).update(body='<p onclick="alert(1)">旧<script>alert(2)</script></p>')
    shown = article(client.get(f"/items/{item.pk}/").content)
    assert "旧" in shown and dangers(shown) == []
    assert dangers(client.get(f"/api/v1/items/{item.pk}").json()["body_html"]) == []


def article(page: bytes) -> str:
    """The body as a page shows it: the serialised `<div class="article">` of the parsed page."""
    document = tinyhtml5.parse(io.StringIO(page.decode()), namespace_html_elements=False)
    found = [e for e in document.iter("div") if "article" in (e.get("class") or "").split()]
    assert len(found) == 1
    return ET.tostring(found[0], encoding="unicode", method="html")
