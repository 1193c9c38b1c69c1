"""Feeds, the sitemap and robots.txt: only what the public may read, whoever asks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NOT_PUBLIC = ("bureau", "party", "draft", "withdrawn")


def rss_items(response):
    root = ET.fromstring(response.content)
    return [
        (i.findtext("title"), i.findtext("link"), i.findtext("guid"), i.findtext("description"))
        for i in root.iter("item")
    ]


@pytest.mark.parametrize("who", [None, "member", "auditor", "office"])
def test_the_feeds_carry_only_public_items_whoever_is_signed_in(world, client_as, who):
    client = client_as(who) if who else Client()
    for path in ("/feeds/rss/", "/feeds/atom/"):
        response = client.get(path)
        assert response.status_code == 200
        text = response.content.decode()
        assert world.items["public"].title in text
        for name in NOT_PUBLIC:
            assert world.items[name].title not in text
        assert "党费专户" not in text and "廉政风险" not in text


def test_an_rss_item(world):
    response = Client().get("/feeds/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    [(title, link, guid, description)] = rss_items(response)
    public = world.items["public"]
    assert title == public.title
    assert link == guid and link.startswith("http") and link.endswith(f"/items/{public.pk}/")
    assert description == "本季度签约项目的有关情况如下。"
    assert "<pubDate>Thu, 02 Jul 2026 10:00:00 +0800</pubDate>" in response.content.decode()


def test_an_atom_entry(world):
    response = Client().get("/feeds/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == world.items["public"].title
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/items/{world.pk('public')}/")
    assert entry.findtext(f"{ATOM}published").startswith("2026-07-02T10:00:00+08:00")


def test_category_feeds(world, client_as):
    assert len(rss_items(Client().get("/feeds/category/public-interest/rss/"))) == 1
    member = client_as("member")
    for code in ("organisation", "clean-governance"):  # the party and bureau items' categories
        for kind in ("rss", "atom"):
            response = member.get(f"/feeds/category/{code}/{kind}/")
            assert response.status_code == 200
            text = response.content.decode()
            assert "党费专户" not in text and "廉政风险防控" not in text
            assert world.items["party"].title not in text and world.items["bureau"].title not in text
    assert "<item>" not in member.get("/feeds/category/organisation/rss/").content.decode()
    assert Client().get("/feeds/category/no-such-thing/rss/").status_code == 404
    assert Client().get("/feeds/category/no-such-thing/atom/").status_code == 404


def test_the_portal_announces_its_feeds(org):
    page = Client().get("/").content.decode()
    assert 'type="application/rss+xml"' in page and 'href="/feeds/rss/"' in page
    assert 'type="application/atom+xml"' in page and 'href="/feeds/atom/"' in page


@pytest.mark.parametrize("who", [None, "member", "auditor"])
def test_the_sitemap_lists_the_portal_and_only_public_items(world, client_as, who):
    client = client_as(who) if who else Client()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in root.iter(f"{ns}url")}
    paths = {loc.split("://", 1)[1].split("/", 1)[1] for loc in urls}
    assert paths == {"", "catalog/", f"items/{world.pk('public')}/"}
    item_loc = next(loc for loc in urls if "items/" in loc)
    assert urls[item_loc].startswith("2026-07-02")


def test_robots_points_to_the_sitemap(org):
    response = Client().get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http" in text and text.rstrip().splitlines()[-1].endswith("/sitemap.xml")
    assert "Disallow: /workspace/" in text and "Disallow: /api/" in text


def test_a_corrected_item_shows_its_correction_time(world, users, clock):
    import datetime as dt

    from gongkai.disclosures import services

    clock.move_to(dt.datetime(2026, 7, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    public = world.items["public"]
    change = services.published_change_request(
        actor=users["editor_xm"],
        disclosure=public,
        kind="correct",
        reason="数据有误",
        new_title=public.title,
        new_body="<p>本季度签约项目的有关情况更正如下。</p>",
    )
    services.published_change_decide(actor=users["leader"], change=change, approve=True)
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert "<lastmod>2026-07-05" in sitemap
    body = Client().get(f"/api/v1/items/{public.pk}").json()
    assert body["corrected_at"].startswith("2026-07-05T09:00:00+08:00") and body["correction_note"] == "数据有误"
    assert "<updated>2026-07-05T09:00:00+08:00</updated>" in Client().get("/feeds/atom/").content.decode()


@pytest.mark.parametrize("path", ["/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/robots.txt"])
def test_feeds_and_the_sitemap_are_public_for_a_minute(world, path):
    response = Client().get(path)
    assert response["Cache-Control"] == "public, max-age=60" and response["ETag"]
    assert Client().get(path, headers={"If-None-Match": response["ETag"]}).status_code == 304
