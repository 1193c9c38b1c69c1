"""Accessibility of the public pages (WCAG 2.1 AA, as GB/T 37668 asks), checked in real Chromium.

axe-core, vendored in tests/vendor/axe-core and injected into each page by Playwright (nothing is fetched and the
platform never serves it), finds no serious or critical violation of the WCAG 2.0/2.1 A and AA rules on each page,
at a desktop width and on a 360-px phone; on the phone no page scrolls sideways; form errors are tied to their
fields; the keyboard reaches the skip link, the main navigation and the search box, each with a focus ring that
stands out from what is around it. The workspace pages get the same checks.

axe finds only part of what a person checking WCAG would find; hand-written assertions here cover some more (focus
and its contrast, reflow, errors read with their fields, the language of parts), and docs/architecture.md says
what was reviewed by hand.

The data are made through the domain services. The live server runs on the real clock, so the publicity notice
opens on the latest working day up to today and is published on that day (time-machine around setup only); the
working-day calendar must know the current year.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.catalog.models import Catalog
from gongkai.disclosures import services
from gongkai.notices.services import notify
from gongkai.workdays.calendar import Calendar
from gongkai.workdays.models import CalendarYear
from tests.browser.test_catalog import _sign_in, _sign_out
from tests.disclosures.conftest import ID_NUMBER, docx_with, make_input, walk_to
from tests.disclosures.test_windows import _appointment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
CST = dt.timezone(dt.timedelta(hours=8))
NAV = ["首页", "公开内容", "公开目录", "检索", "登录"]

# A body as editors write them: a heading, a list, a table too wide for a phone (numbers and codes do not wrap),
# and a small table without a caption.
BODY = (
    "<p>第二季度共签约项目12个，到位资金8.6亿元。</p>"
    "<h2>重点工作</h2><ul><li>举办招商推介会3场</li><li>走访重点企业41家</li><li>办结客商诉求17件</li></ul>"
    "<table><caption>分领域签约情况</caption>"
    "<thead><tr><th scope='col'>领域</th><th scope='col'>项目数</th><th scope='col'>协议金额（万元）</th>"
    "<th scope='col'>到位资金（万元）</th><th scope='col'>同比</th><th scope='col'>项目编号</th></tr></thead>"
    "<tbody><tr><td>先进制造</td><td>5</td><td>124,000.00</td><td>41,000.00</td><td>+12.5%</td>"
    "<td>ZS-2026-Q2-0001-0005</td></tr>"
    "<tr><td>现代服务业</td><td>7</td><td>98,000.00</td><td>45,000.00</td><td>+8.1%</td>"
    "<td>ZS-2026-Q2-0006-0012</td></tr></tbody></table>"
    "<table><tr><th>填报科室</th><td>项目管理科</td></tr></table>"
)


def _latest_workday(day: dt.date) -> dt.date:
    calendar = Calendar()
    while not calendar.is_workday(day):
        day -= dt.timedelta(days=1)
    return day


def _calendar_knows(year: int) -> None:
    """The window runs on the real clock: in a year the calendar package does not know, enter it (and the next)
    as the office would, so the test does not depend on the package's release."""
    for each in (year, year + 1):
        if not Calendar().covers(each):
            CalendarYear.objects.get_or_create(year=each, defaults={"source": "测试：仅按周末计"})


@pytest.fixture
def published(org, users):
    """A public quarterly item with a list, tables and an attachment; a 任前公示 whose window is open today."""
    catalog = Catalog.objects.get(organisation=org, year=2026)
    quarterly, appointment = catalog.entries.get(code="16"), catalog.entries.get(code="09")
    with time_machine.travel(dt.datetime(2026, 7, 2, 10, 0, tzinfo=CST), tick=False):
        item = services.disclosure_create(
            actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly, body=BODY)
        )
        services.attachment_add(
            actor=users["editor_xm"], disclosure=item, name="签约项目清单.docx", data=docx_with("签约项目12个")
        )
        item = walk_to(item, "published", users)
    _calendar_knows(timezone.localdate().year)
    opens = _latest_workday(timezone.localdate())
    with time_machine.travel(dt.datetime.combine(opens, dt.time(9), tzinfo=CST), tick=False):
        notice = _appointment(
            users,
            appointment,
            window_starts_on=opens,
            objection_ways="电话：0000-12345678\n来信：某市招商局党务公开领导小组办公室",
        )
    assert notice.window_open_on(timezone.localdate())
    return item, notice


def _violations(page: Any) -> list[dict[str, Any]]:
    # Evaluated through the DevTools protocol, not added as an inline <script>: the pages' Content-Security-Policy
    # (rightly) refuses inline scripts, and the test tool must not need an exception from it.
    page.evaluate(AXE.read_text() + "\n;undefined")
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }""",
        WCAG_21_AA,
    )


def _problems(page: Any, name: str, *, phone: bool) -> list[str]:
    """What is wrong with the page as it is now: if axe finds a serious or critical violation, every violation it
    found (the minor ones give context); on a phone, sideways scrolling."""
    violations = _violations(page)
    found = (
        [
            f"{name}: {v['id']} ({v['impact']}) {v['help']}\n    "
            + "\n    ".join(f"{n['target']} — {n['summary']}" for n in v["nodes"])
            for v in violations
        ]
        if any(v["impact"] in BLOCKING for v in violations)
        else []
    )
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > VIEWPORTS["phone"]["width"]:
            wide = page.evaluate(
                """(limit) => {
                    const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement)
                        if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
                    return [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > limit + 0.5 && !clipped(e))
                        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
                }""",
                VIEWPORTS["phone"]["width"],
            )
            found.append(f"{name}: scrolls sideways (scrollWidth {width}); too wide: {json.dumps(wide)}")
    return found


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_pages_have_no_serious_accessibility_violation(live_server, browser, published, viewport):
    item, notice = published
    phone = viewport == "phone"
    pages = {
        "home": "/",
        "list": "/list/",
        "list by category": "/list/?category=public-interest",
        "item": f"/items/{item.pk}/",
        "publicity notice": f"/items/{notice.pk}/",
        "search": "/search/?q=招商",
        "search without result": "/search/?q=无此内容",
        "catalog": "/catalog/",
        "sign-in": "/workspace/login/",
        "not found": "/no-such-page/",
    }
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS[viewport])
    page = context.new_page()
    problems: list[str] = []
    try:
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == (404 if name == "not found" else 200), name
            assert page.locator("html").get_attribute("lang") == "zh-Hans", name
            problems += _problems(page, name, phone=phone)

        page.goto(live_server.url + "/search/?q=招商")
        expect(page.locator("ol.results mark").first).to_have_text("招商")  # the page checked had results

        page.goto(f"{live_server.url}/items/{item.pk}/")
        tables = page.locator(".article .table-wrap")
        expect(tables.first).to_have_accessible_name("分领域签约情况")
        expect(tables.nth(1)).to_have_accessible_name("表格 2")
        expect(tables.first).to_have_attribute("tabindex", "0")  # scrolled by keyboard on a phone

        page.goto(f"{live_server.url}/items/{notice.pk}/")
        page.get_by_role("button", name="提交").click()
        content = page.get_by_label("反映内容")
        expect(content).to_have_attribute("aria-invalid", "true")
        expect(content).to_have_accessible_description("这个字段是必填项。")
        problems += _problems(page, "publicity notice, form with an error", phone=phone)

        page.get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("h1")).to_have_attribute("lang", "zh-Hans")  # Chinese content inside English pages
        problems += _problems(page, "publicity notice in English", phone=phone)
        page.goto(live_server.url + "/")
        expect(page.locator(".brand .org")).to_have_attribute("lang", "zh-Hans")
        problems += _problems(page, "home in English", phone=phone)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _focused(page: Any) -> dict[str, Any]:
    """The focused element, its outline, and the colour behind the outline (the first opaque parent background)."""
    return page.evaluate(
        """() => {
            const e = document.activeElement, s = getComputedStyle(e);
            let behind = 'rgb(255, 255, 255)';
            for (let p = e.parentElement; p; p = p.parentElement) {
                const bg = getComputedStyle(p).backgroundColor;
                if (bg !== 'transparent' && !bg.startsWith('rgba(0, 0, 0, 0)')) { behind = bg; break; }
            }
            return {id: e.id, text: e.textContent.trim().slice(0, 20), style: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), colour: s.outlineColor, behind};
        }"""
    )


def _luminance(colour: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _assert_visible_focus(focused: dict[str, Any]) -> None:
    """A 2-px or wider outline whose colour has 3:1 contrast with what is behind it (WCAG 1.4.11, 2.4.7)."""
    lighter, darker = sorted((_luminance(focused["colour"]), _luminance(focused["behind"])), reverse=True)
    assert focused["style"] != "none" and focused["width"] >= 2, focused
    assert (lighter + 0.05) / (darker + 0.05) >= 3, focused


def test_the_keyboard_reaches_the_skip_link_the_navigation_and_the_search_box(live_server, page, published):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "跳到正文"
    _assert_visible_focus(_focused(page))
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"
    _assert_visible_focus(_focused(page))

    page.goto(live_server.url + "/")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(_focused(page))
        _assert_visible_focus(reached[-1])
        if reached[-1]["id"] == "home-q":
            break
    assert reached[-1]["id"] == "home-q", reached
    assert [f["text"] for f in reached if f["text"] in NAV] == NAV


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_workspace_pages_have_no_serious_accessibility_violation(live_server, page, published, users, viewport):
    item, notice = published
    quarterly = item.entry
    with time_machine.travel(dt.datetime(2026, 7, 3, 10, 0, tzinfo=CST), tick=False):
        draft = services.disclosure_create(
            actor=users["editor_xm"],
            entry=quarterly,
            data=make_input(quarterly, title="第三季度招商引资工作情况", obligation_key="16:2026Q3"),
        )
        services.attachment_add(
            actor=users["editor_xm"], disclosure=draft, name="联系人.docx", data=docx_with(f"身份证号{ID_NUMBER}")
        )
        services.disclosure_submit(actor=users["editor_xm"], disclosure=draft)
    notify(recipients=[users["office"]], title="待审核", body="请审核。", url="/workspace/", kind="test", key="a11y")

    problems: list[str] = []
    phone = viewport == "phone"
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(live_server.url + "/workspace/login/")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_label("用户名")).to_have_accessible_description("这个字段是必填项。")
    problems += _problems(page, "sign-in with errors", phone=phone)
    _sign_in(page, live_server.url, "office")
    expect(page.locator(".notices-link")).to_have_accessible_name("通知 1 条未读")
    problems += _problems(page, "office dashboard", phone=phone)
    for name, path in {
        "disclosures": "/workspace/disclosures/",
        "disclosure in review, with a finding": f"/workspace/disclosures/{draft.pk}/",
        "published disclosure": f"/workspace/disclosures/{item.pk}/",
        "publicity notice": f"/workspace/disclosures/{notice.pk}/",
        "reading": "/workspace/read/",
        "catalogs": "/workspace/catalog/",
        "obligations": "/workspace/obligations/",
        "notices": "/workspace/notices/",
    }.items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, name
        problems += _problems(page, name, phone=phone)
    _sign_out(page)
    _sign_in(page, live_server.url, "editor_xm")
    page.goto(f"{live_server.url}/workspace/disclosures/new/{quarterly.pk}/")
    expect(page.get_by_role("group", name="公开形式")).to_be_visible()
    problems += _problems(page, "new disclosure", phone=phone)
    assert not problems, "\n".join(problems)
