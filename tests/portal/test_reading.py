import datetime as dt

import pytest
from django.test import Client

from gongkai.disclosures import services
from tests.disclosures.conftest import docx_with, intranet, make_input, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(users, catalog, quarterly, clock):
    """One public item (entry 16) and one party-only item (entry 13), both published."""
    public = walk_to(
        services.disclosure_create(
            actor=users["editor_xm"],
            entry=quarterly,
            data=make_input(quarterly, title="二季度招商引资工作情况", body="<p>签约项目12个，党费无关。</p>"),
        ),
        "published",
        users,
    )
    party_entry = catalog.entries.get(code="13")
    intranet(catalog.organisation, party_entry)  # read on the platform inside the party, besides the board
    party = services.disclosure_create(
        actor=users["editor_jgdw"],
        entry=party_entry,
        data=make_input(
            party_entry,
            title="二季度党费收缴情况",
            body="<p>机关党员应交党费共计3.2万元，全部收缴到位。</p>",
            obligation_key="13:2026Q2",
        ),
    )
    services.disclosure_submit(actor=users["editor_jgdw"], disclosure=party)
    services.disclosure_review(actor=users["office"], disclosure=party)
    services.disclosure_approve(actor=users["leader"], disclosure=party)
    board = party.forms.get(code="board")
    services.offline_record_add(
        actor=users["editor_jgdw"],
        disclosure=party,
        form=board,
        held_on=dt.date(2026, 7, 1),
        place="机关党员活动室公开栏",
        how="张贴公示七日",
        evidence=[("会议记录.docx", docx_with("记录"))],
    )
    party.refresh_from_db()
    return public, party


def test_the_home_page_lists_the_latest_public_items(items):
    public, party = items
    content = Client().get("/").content.decode()
    assert public.title in content and party.title not in content


def test_the_list_filters_and_rejects_unknown_filters(items):
    public, _party = items
    assert public.title in Client().get("/list/?category=public-interest&year=2026&form=website").content.decode()
    assert public.title not in Client().get("/list/?category=cadres").content.decode()
    bad = Client().get("/list/?category=nonsense&year=abc&page=99999")
    assert bad.status_code == 200 and "筛选条件无效" in bad.content.decode()
    assert Client().get("/list/?page=-1").status_code == 200


def test_search_finds_two_character_words_with_highlighting_and_never_leaks(items):
    public, party = items
    hit = Client().get("/search/?q=招商").content.decode()
    assert public.title in hit.replace("<mark>", "").replace("</mark>", "") and "<mark>招商</mark>" in hit
    leak = Client().get("/search/?q=党费").content.decode()
    assert "3.2万元" not in leak and party.title not in leak


def test_a_member_reads_and_searches_party_items_in_the_workspace(items, client_as):
    public, party = items
    listing = client_as("member").get("/workspace/read/").content.decode()
    assert party.title in listing and public.title in listing
    assert party.title not in client_as("staff").get("/workspace/read/").content.decode()
    found = client_as("member").get("/workspace/read/search/?q=党费&order=date").content.decode()
    assert "3.2万元" in found.replace("<mark>", "").replace("</mark>", "")
    assert "3.2万元" not in client_as("staff").get("/workspace/read/search/?q=党费").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 10000,
        '"',
        "*",
        "NEAR",
        "OR",
        "党费 OR 1=1",
        "\x00\x01",
        "😀党务",
        "黨費",
        "'; DROP TABLE search_document; --",
    ],
)
def test_any_search_query_answers_without_error(items, query):
    response = Client().get("/search/", {"q": query, "page": "abc", "order": "nonsense"})
    assert response.status_code == 200
    assert "3.2万元" not in response.content.decode()


def test_public_pages_carry_cache_headers_and_etags(items):
    public, _party = items
    response = Client().get(f"/items/{public.pk}/")
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert response.has_header("ETag") and response.has_header("Last-Modified")
    again = Client().get(f"/items/{public.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    home = Client().get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert home.get("Content-Encoding") == "gzip" and "public" in home["Cache-Control"]


def test_signed_in_pages_are_private(items, client_as):
    public, _party = items
    response = client_as("member").get(f"/items/{public.pk}/")
    assert "private" in response["Cache-Control"]


def test_the_language_link_switches_and_stays_on_the_site(org):
    client = Client()
    response = client.get("/language/en/?next=https://evil.example/")
    assert response["Location"] == "/"
    for elsewhere in ("zsj", "public-interest", "//evil.example/x", "javascript:alert(1)", "\x00", "list/"):
        response = client.get("/language/en/", {"next": elsewhere})  # a bare word was read as a URL name: 500
        assert response.status_code == 302 and response["Location"] == "/", elsewhere
    assert client.get("/language/en/", {"next": "/list/?page=2"})["Location"] == "/list/?page=2"
    assert "Party Affairs Disclosure" in client.get("/").content.decode()


def test_the_server_keeps_anonymous_pages_until_anything_changes(items, users):
    public, _party = items
    first = Client().get("/list/").content.decode()
    assert public.title in first
    change = services.published_change_request(
        actor=users["editor_xm"], disclosure=public, kind="withdraw", reason="测试"
    )
    services.published_change_decide(actor=users["leader"], change=change, approve=True)
    assert public.title not in Client().get("/list/").content.decode()  # the withdrawal is visible at once
