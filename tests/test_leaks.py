"""The leak test: every reading URL, as every role, against items of every scope and state.

Each item carries a marker word (in its title, body and attachment) that appears nowhere else. For every role
the test states — independently of the visibility code — which items that role may see, then walks the pages,
search, attachment downloads and the API, and asserts each marker shows up exactly where it may: no more, no
less. It runs on SQLite and on PostgreSQL (the Makefile runs the suite on both).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from gongkai.catalog.models import Catalog, Scope
from gongkai.disclosures import services
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.visibility import visible_among
from gongkai.org.models import User
from tests.disclosures.conftest import intranet, make_input

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
ROLES = [
    "anonymous",
    "newcomer",  # signed in, no department, no party, no seat (a new hire)
    "staff",
    "member",
    "editor_xm",
    "editor_rs",
    "office",
    "leader",
    "partygroup",
    "auditor",
    "sysadmin",
    "secadmin",
]


@dataclass(frozen=True)
class Item:
    marker: str
    scope: str  # public, bureau, party, leadership
    state: str  # draft, in_review, approved, published, withdrawn, window_closed, offline


ITEMS = [
    Item("蓝鲸", "public", "published"),
    Item("赤狐", "bureau", "published"),
    Item("青鸾", "party", "published"),
    Item("白鹿", "leadership", "published"),
    Item("黄鹂", "public", "draft"),
    Item("玄龟", "public", "in_review"),
    Item("紫燕", "public", "approved"),
    Item("金雕", "public", "withdrawn"),
    Item("银杏", "public", "window_closed"),
    # approved for the briefing only and recorded as given out: disclosed offline, never read online
    Item("墨兰", "public", "offline"),
    Item("雪豹", "bureau", "offline"),
]

# Who may READ a published item of each scope (the rule, written out by hand).
READERS = {
    "public": set(ROLES),
    "bureau": {"newcomer", "staff", "member", "editor_xm", "editor_rs", "office", "leader", "partygroup", "auditor"},
    "party": {"member", "editor_xm", "editor_rs", "office", "leader", "partygroup", "auditor"},
    "leadership": {"office", "leader", "partygroup", "auditor"},  # the leading group and the party group
}
# Who may see an item in WORK (not readable) states, in the workspace.
WORKERS = {
    "draft": {"editor_xm", "auditor"},
    "in_review": {"editor_xm", "office", "auditor"},
    "approved": {"editor_xm", "office", "leader", "auditor"},
    "withdrawn": {"editor_xm", "office", "leader", "auditor"},
    "window_closed": {"editor_rs", "office", "leader", "auditor"},
    "offline": {"editor_xm", "office", "leader", "auditor"},
}


def may_read(role: str, item: Item) -> bool:
    return item.state == "published" and role in READERS[item.scope]


def may_see(role: str, item: Item) -> bool:
    return (
        may_read(role, item)
        or role in WORKERS.get(item.state, set())
        or (item.state == "published" and role == "editor_xm")
    )


def _make(users, catalog, item: Item) -> Disclosure:
    editor = users["editor_xm"]
    entry = catalog.entries.get(code="16")
    scope = Scope.objects.get(organisation=catalog.organisation, code=item.scope)
    # The 招商网 is for public items only: inside the bureau, the party or a limited scope, the 局内网.
    forms = None if item.scope == "public" else [entry.forms.get(code="intranet")]
    if item.state == "offline":
        forms = [entry.forms.get(code="briefing")]
    data = make_input(
        entry,
        title=f"{item.marker}事项公开",
        body=f"<p>{item.marker}正文内容。</p>",
        scope=scope,
        obligation_key="",
        forms=forms,
    )
    disclosure = services.disclosure_create(actor=editor, entry=entry, data=data)
    services.attachment_add(
        actor=editor, disclosure=disclosure, name=f"{item.marker}.txt", data=f"{item.marker}附件内容".encode()
    )
    steps = {"in_review": 1, "approved": 3, "published": 4, "withdrawn": 4, "offline": 3}.get(item.state, 0)
    actions = [
        lambda d: services.disclosure_submit(actor=editor, disclosure=d),
        lambda d: services.disclosure_review(actor=users["office"], disclosure=d),
        lambda d: services.disclosure_approve(actor=users["leader"], disclosure=d),
        lambda d: services.disclosure_publish(actor=editor, disclosure=d),
    ]
    for action in actions[:steps]:
        disclosure = action(disclosure)
    if item.state == "offline":
        services.offline_record_add(
            actor=editor,
            disclosure=disclosure,
            form=entry.forms.get(code="briefing"),
            held_on=dt.date(2026, 7, 1),
            place="局机关",
            how="印发简报",
            evidence=[("简报.txt", "简报已印发".encode())],
        )
    if item.state == "withdrawn":
        change = services.published_change_request(
            actor=editor, disclosure=disclosure, kind="withdraw", reason="测试撤回"
        )
        services.published_change_decide(actor=users["leader"], change=change, approve=True)
    return disclosure


def _closed_window(users, catalog, item: Item) -> Disclosure:
    entry = catalog.entries.get(code="09")
    editor = users["editor_rs"]
    with time_machine.travel(dt.datetime(2026, 9, 25, 9, tzinfo=CST), tick=False):
        data = make_input(
            entry,
            title=f"{item.marker}任前公示",
            body=f"<p>{item.marker}正文内容。</p>",
            obligation_key="",
            window_starts_on=dt.date(2026, 9, 28),
            objection_ways="电话",
        )
        disclosure = services.disclosure_create(actor=editor, entry=entry, data=data)
        services.attachment_add(
            actor=editor, disclosure=disclosure, name=f"{item.marker}.txt", data=f"{item.marker}附件内容".encode()
        )
        services.disclosure_submit(actor=editor, disclosure=disclosure)
        services.disclosure_review(actor=users["office"], disclosure=disclosure)
        services.disclosure_approve(actor=users["leader"], disclosure=disclosure)
        disclosure = services.disclosure_publish(actor=editor, disclosure=disclosure)
    services.windows_close()
    return disclosure


@pytest.fixture
def world(org, users):
    catalog = Catalog.objects.get(organisation=org, year=2026)
    intranet(org, catalog.entries.get(code="16"))
    users["newcomer"] = User.objects.create(username="newcomer", full_name="新同志", organisation=org)
    made = {}
    with time_machine.travel(dt.datetime(2026, 7, 2, 10, tzinfo=CST), tick=False):
        for item in ITEMS:
            if item.state != "window_closed":
                made[item] = _make(users, catalog, item)
    for item in ITEMS:
        if item.state == "window_closed":
            made[item] = _closed_window(users, catalog, item)
    return made


def _client(users, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


def _markers(text: str) -> set[str]:
    return {item.marker for item in ITEMS if item.marker in text}


def _results(response) -> str:
    """The result list of a search page (the query itself is echoed elsewhere on the page)."""
    body = _body(response)
    start = body.find('<ol class="results">')
    return body[start : body.find("</ol>", start)] if start >= 0 else ""


def _body(response) -> str:
    return response.content.decode("utf-8", errors="replace") if response.status_code == 200 else ""


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_what_it_may(world, users, role):
    client = _client(users, role)
    public = {item.marker for item in ITEMS if may_read("anonymous", item)}

    for item, disclosure in world.items():
        page = client.get(f"/items/{disclosure.pk}/")
        assert (page.status_code == 200) == may_read(role, item), (role, item, page.status_code)
        attachment = disclosure.attachments.get(purpose="publish")
        download = client.get(f"/files/{attachment.token}/")
        assert (download.status_code == 200) == may_see(role, item), (role, item, "file", download.status_code)
        if download.status_code != 200:
            assert item.marker not in _body(download)

    # The portal's lists and search show what is public, to everyone.
    for url in ("/", "/list/", "/list/?year=2026", "/catalog/"):
        assert _markers(_body(client.get(url))) <= public, (role, url)
    assert _markers(_body(client.get("/list/"))) == public
    for item in ITEMS:
        found = _markers(_results(client.get("/search/", {"q": item.marker})))
        assert found == ({item.marker} & public), (role, item, "portal search")


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_the_workspace_shows_each_role_its_scope_and_its_work(world, users, role):
    client = _client(users, role)
    readable = {item.marker for item in ITEMS if may_read(role, item)}
    assert _markers(_body(client.get("/workspace/read/"))) == readable, role
    for item in ITEMS:
        found = _markers(_results(client.get("/workspace/read/search/", {"q": item.marker})))
        assert found == ({item.marker} & readable), (role, item, "workspace search")
    for item, disclosure in world.items():
        detail = client.get(f"/workspace/disclosures/{disclosure.pk}/")
        expected = may_see(role, item) or (role == "auditor")
        assert (detail.status_code == 200) == expected, (role, item, detail.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_the_visibility_functions_give_each_role_exactly_its_items(world, org, users, role):
    """`visible_among` (the search pages' re-read) agrees with the rule, read and work alike."""
    user = AnonymousUser() if role == "anonymous" else users[role]
    ids = [disclosure.pk for disclosure in world.values()] + [999_999]
    read = set(visible_among(user, org, ids, as_reader=True).values_list("pk", flat=True))
    assert read == {d.pk for item, d in world.items() if may_read(role, item)}, role
    seen = set(visible_among(user, org, ids).values_list("pk", flat=True))
    assert seen == {d.pk for item, d in world.items() if may_see(role, item) or role == "auditor"}, role
    assert set(visible_among(user, org, ids[:2], as_reader=True).values_list("pk", flat=True)) == read & set(ids[:2])


def test_anonymous_errors_reveal_nothing(world):
    client = Client()
    hidden = [d for item, d in world.items() if not may_read("anonymous", item)]
    for disclosure in hidden:
        for url in (
            f"/items/{disclosure.pk}/",
            f"/items/{disclosure.pk}/notice.pdf",
            f"/workspace/disclosures/{disclosure.pk}/",
        ):
            response = client.get(url)
            assert response.status_code in (302, 404)
            assert not _markers(_body(response))
    missing = client.get("/items/999999/")
    hidden_page = client.get(f"/items/{hidden[0].pk}/")
    assert missing.status_code == hidden_page.status_code == 404
    # the same answer for "missing" and "not yours" (but for the page's own address, echoed in the language links)
    same = missing.content.decode().replace("/items/999999/", "/items/N/")
    assert same == hidden_page.content.decode().replace(f"/items/{hidden[0].pk}/", "/items/N/")


def _api_client(users, role: str) -> Client:
    """The API as this role: anonymous, or with a token of the role's own."""
    from gongkai.api.tokens import token_create

    if role == "anonymous":
        return Client()
    _token, secret = token_create(actor=users[role], name="leak test", verified_session=True)
    return Client(headers={"authorization": f"Bearer {secret}"})


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_each_role_exactly_its_scope(world, users, role):
    client = _api_client(users, role)
    readable = {item.marker for item in ITEMS if may_read(role, item)}
    listing = client.get("/api/v1/items", {"page_size": 100})
    assert listing.status_code == 200
    assert _markers(listing.content.decode()) == readable, (role, "items")
    for item, disclosure in world.items():
        detail = client.get(f"/api/v1/items/{disclosure.pk}")
        assert (detail.status_code == 200) == may_read(role, item), (role, item, detail.status_code)
        if detail.status_code != 200:
            assert not _markers(detail.content.decode())
        found = client.get("/api/v1/search", {"q": item.marker})
        hits = json.loads(found.content)["hits"]
        assert _markers(json.dumps(hits, ensure_ascii=False)) == ({item.marker} & readable), (role, item, "search")
        assert json.loads(found.content)["total"] == len(hits)
        attachment = disclosure.attachments.get(purpose="publish")
        download = client.get(f"/api/v1/files/{attachment.token}")
        assert (download.status_code == 200) == may_read(role, item), (role, item, "file", download.status_code)


def test_feeds_and_sitemap_carry_only_what_is_public(world, users):
    public = {item.marker for item in ITEMS if may_read("anonymous", item)}
    for client in (Client(), _client(users, "auditor")):
        for url in (
            "/feeds/rss/",
            "/feeds/atom/",
            "/feeds/category/public-interest/rss/",
            "/feeds/category/public-interest/atom/",
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert _markers(response.content.decode()) == public, url
        sitemap = client.get("/sitemap.xml").content.decode()
        for item, disclosure in world.items():
            assert (f"/items/{disclosure.pk}/</loc>" in sitemap) == may_read("anonymous", item), item


# --- the review record is not reading material ------------------------------------------------------------------

PHONE = "13912345678"
REVIEW_WORDS = ("退回意见锦鲤", "审核意见锦鲤")
RECORD_KEEPERS = {"editor_xm", "office", "leader", "auditor"}  # its department's editor, office, leader, supervision


@pytest.fixture
def reviewed_item(org, users):
    """A public item whose body had an ID and a phone number, masked by the office, returned once, published."""
    from tests.disclosures.conftest import ID_NUMBER

    catalog = Catalog.objects.get(organisation=org, year=2026)
    entry = catalog.entries.get(code="16")
    editor = users["editor_xm"]
    users["newcomer"] = User.objects.create(username="newcomer", full_name="新同志", organisation=org)
    body = f"<p>联系人身份证号{ID_NUMBER}，电话{PHONE}，负责签约项目。</p>"
    with time_machine.travel(dt.datetime(2026, 7, 2, 10, tzinfo=CST), tick=False):
        item = services.disclosure_create(
            actor=editor, entry=entry, data=make_input(entry, title="审核记录测试事项", body=body, obligation_key="")
        )
        services.disclosure_submit(actor=editor, disclosure=item)
        services.disclosure_return(actor=users["office"], disclosure=item, comment=REVIEW_WORDS[0])
        services.disclosure_submit(actor=editor, disclosure=item)
        for finding in item.findings.filter(status="open"):
            services.finding_redact(actor=users["office"], finding=finding)
        services.disclosure_review(actor=users["office"], disclosure=item, comment=REVIEW_WORDS[1])
        services.disclosure_approve(actor=users["leader"], disclosure=item)
        item = services.disclosure_publish(actor=editor, disclosure=item)
    assert ID_NUMBER not in item.body and PHONE not in item.body
    return item, ID_NUMBER


@pytest.mark.parametrize("role", ROLES)
def test_the_review_record_is_shown_only_to_those_who_work_on_the_item(reviewed_item, users, role):
    """Masked original text and internal comments: on no page and in no API answer for a mere reader."""
    item, id_number = reviewed_item
    secrets_ = (id_number, PHONE, *REVIEW_WORDS)
    client, api = _client(users, role), _api_client(users, role)
    answers = {
        "workspace": client.get(f"/workspace/disclosures/{item.pk}/"),
        "portal": client.get(f"/items/{item.pk}/"),
        "api": api.get(f"/api/v1/items/{item.pk}"),
        "api list": api.get("/api/v1/items", {"page_size": 100}),
        "api search": api.get("/api/v1/search", {"q": "签约项目"}),
    }
    assert answers["portal"].status_code == 200 and answers["api"].status_code == 200
    for face, response in answers.items():
        text = response.content.decode()
        if role in RECORD_KEEPERS and face == "workspace":
            assert id_number in text and REVIEW_WORDS[1] in text, (role, "the record is there for its keepers")
        else:
            assert not [s for s in secrets_ if s in text], (role, face)


# --- narrowing a scope narrows the audience, not the rank -----------------------------------------------------------


def _limited(org, code, *, departments=(), bodies=(), people=()):
    scope = Scope.objects.create(organisation=org, code=code, name=f"限定{code}", kind=Scope.Kind.LIMITED)
    scope.departments.set(departments)
    scope.bodies.set(bodies)
    scope.people.set(people)
    return scope


def _draft(users, entry, scope):
    from django.core.exceptions import ValidationError

    editor = User.objects.filter(department=entry.department, is_department_editor=True).first()
    data = make_input(entry, scope=scope, obligation_key="", forms=[entry.forms.exclude(code="website").first()])
    try:
        return services.disclosure_create(actor=editor, entry=entry, data=data)
    except ValidationError as refused:
        return refused.message_dict


def test_a_party_item_is_never_narrowed_to_a_department_with_non_members(org, users):
    """The class: 党内公开 narrowed to 限定范围 naming 外资科 let 孙丽 (not a party member) read it."""
    from gongkai.org.models import Body

    catalog = Catalog.objects.get(organisation=org, year=2026)
    party_entry = catalog.entries.get(code="13")  # 党费, 党内公开
    staff, member = users["staff"], users["member"]
    refused = _draft(users, party_entry, _limited(org, "wzk", departments=[staff.department]))
    assert isinstance(refused, dict) and "科室" in refused["scope"][0]
    refused = _draft(users, party_entry, _limited(org, "lg", bodies=Body.objects.filter(organisation=org)))
    assert isinstance(refused, dict) and "scope" in refused
    refused = _draft(users, party_entry, _limited(org, "two", people=[member, staff]))
    assert isinstance(refused, dict) and staff.display_name in refused["scope"][0]
    accepted = _draft(users, party_entry, _limited(org, "one", people=[member]))
    assert isinstance(accepted, Disclosure)


def test_one_limited_scope_is_never_swapped_for_a_wider_one(org, users):
    from gongkai.org.models import Body

    catalog = Catalog.objects.get(organisation=org, year=2026)
    entry = catalog.entries.get(code="16")
    leadership = Scope.objects.get(organisation=org, code="leadership")  # the leading group and the party group
    entry.scope = leadership
    entry.save(update_fields=["scope"])
    refused = _draft(users, entry, _limited(org, "dept", departments=[users["staff"].department]))
    assert isinstance(refused, dict) and "scope" in refused
    refused = _draft(users, entry, _limited(org, "stranger", people=[users["staff"]]))
    assert isinstance(refused, dict) and "scope" in refused
    leading = Body.objects.get(organisation=org, kind=Body.Kind.LEADING_GROUP)
    assert isinstance(_draft(users, entry, _limited(org, "lead", bodies=[leading])), Disclosure)
    assert isinstance(_draft(users, entry, _limited(org, "office", people=[users["office"]])), Disclosure)
