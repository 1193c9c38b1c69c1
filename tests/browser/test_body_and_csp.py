"""In a real browser (Chromium): the body rule holds where readers meet the body, and every page works under the
Content-Security-Policy.

1. An item whose body carried the issue's attack (a finding text also inside an attribute value, its quotes as
   character references), redacted by the office and published: on the portal and in the workspace every
   element is hovered and clicked, with the CSP bypassed (so the body rule alone is tested), and no dialog opens.
2. The main portal, workspace and admin pages, visited as several roles: the browser reports no CSP violation
   (console errors and `securitypolicyviolation` events) and no page fails.
"""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.disclosures import services
from gongkai.disclosures.models import SensitiveTerm
from gongkai.org.models import User
from tests.disclosures.conftest import make_input, walk_to
from tests.disclosures.test_body_rule import ATTACK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _signed_in_context(browser, base, username, **options):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, **options)
    if username:
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookie = client.cookies["sessionid"]
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base}])
    return context


@pytest.fixture
def attacked_item(org, users):
    from gongkai.catalog.models import Catalog

    entry = Catalog.objects.get(organisation=org, year=2026).entries.get(code="16")
    SensitiveTerm.objects.create(organisation=org, term='项目代号"')
    data = make_input(entry, body=ATTACK, window_starts_on=None)
    item = services.disclosure_create(actor=users["editor_xm"], entry=entry, data=data)
    item = walk_to(item, "in_review", users)
    services.finding_redact(actor=users["office"], finding=item.findings.get(kind="sensitive_term"))
    return walk_to(item, "published", users)


STAY = """
document.addEventListener('click', e => { if (e.target.closest('a, button, input, label')) e.preventDefault(); }, true);
document.addEventListener('submit', e => e.preventDefault(), true);
"""


def _touch_everything(page, url):
    """Hover and click every visible element of the page. Links are not followed and forms not sent (the default
    action is prevented in the capture phase, which leaves any handler on the element free to run): only what
    the page itself would run matters here."""
    page.add_init_script(STAY)
    page.goto(url)
    elements = page.locator("body *")
    for index in range(elements.count()):
        element = elements.nth(index)
        try:
            if element.is_visible():
                element.hover(timeout=1000)
                element.click(timeout=1000, no_wait_after=True)
        except Exception:  # covered or detached: the dialog watch is what counts
            continue
    assert page.url == url


def test_the_attack_item_opens_no_dialog_on_the_portal_or_in_the_workspace(live_server, browser, attacked_item):
    base = live_server.url
    for username, path in (
        (None, f"/items/{attacked_item.pk}/"),
        ("office", f"/workspace/disclosures/{attacked_item.pk}/"),
    ):
        context = _signed_in_context(browser, base, username, bypass_csp=True)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog, seen=dialogs: (seen.append(dialog.message), dialog.dismiss()))
        _touch_everything(page, base + path)
        assert page.locator(".article").count() == 1 and "■■■■■" in page.locator(".article").inner_text()
        assert dialogs == [], (path, dialogs)
        context.close()


PAGES = {
    None: ["/", "/list/", "/catalog/", "/search/?q=党费", "/workspace/login/", "/items/{item}/", "/no-such-page/"],
    "staff": ["/workspace/", "/workspace/read/", "/workspace/read/search/?q=党费", "/workspace/notices/"],
    "editor_xm": ["/workspace/disclosures/", "/workspace/disclosures/{item}/", "/workspace/api-tokens/"],
    "office": [
        "/workspace/",
        "/workspace/disclosures/",
        "/workspace/disclosures/{item}/",
        "/workspace/catalog/",
        "/workspace/obligations/",
        "/manage/",
        "/manage/org/department/",
        "/manage/org/department/add/",
        "/manage/workdays/dayoverride/add/",
    ],
    "leader": ["/workspace/", "/workspace/disclosures/{item}/"],
    "auditor": ["/workspace/audit/", "/workspace/disclosures/{item}/"],
    "secadmin": ["/manage/", "/manage/org/user/", "/manage/org/user/add/"],
    "sysadmin": ["/manage/", "/workspace/system/"],
}


def test_the_main_pages_work_under_the_policy_for_every_role(live_server, browser, attacked_item):
    base = live_server.url
    problems: list[str] = []
    for username, paths in PAGES.items():
        context = _signed_in_context(browser, base, username)
        context.add_init_script(WATCH_VIOLATIONS)
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message, seen=console: seen.append(message.text) if message.type == "error" else None)
        for path in paths:
            url = base + path.format(item=attacked_item.pk)
            response = page.goto(url)
            assert response is not None
            page.wait_for_load_state("load")
            if path != "/no-such-page/" and response.status >= 400:
                problems.append(f"{username} {path}: {response.status}")
            violations = page.evaluate("window.__csp")
            policy_errors = [text for text in console if "Content Security Policy" in text]
            if violations or policy_errors:
                problems.append(f"{username} {path}: {violations} {policy_errors}")
            console.clear()
        context.close()
    assert problems == []
