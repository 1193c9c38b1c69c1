"""Items, an item, its files and the catalog, as each caller: exactly what they may read, nothing else."""

from __future__ import annotations

import pytest

from tests.api.conftest import ALL, SEES

pytestmark = pytest.mark.django_db

CALLERS = [None, "staff", "member", "sysadmin", "auditor"]


@pytest.mark.parametrize("caller", CALLERS)
def test_items_lists_exactly_what_the_caller_may_read(world, api, caller):
    response = api(caller)("/api/v1/items")
    assert response.status_code == 200, response.content
    body = response.json()
    assert world.names_of([row["id"] for row in body["results"]]) == SEES[caller]
    assert body["count"] == len(SEES[caller]) and body["pages"] == 1
    text = response.content.decode()
    for name in set(ALL) - SEES[caller]:
        assert world.items[name].title not in text


@pytest.mark.parametrize("caller", CALLERS)
def test_an_item_is_read_in_scope_and_404_alike_outside_it(world, api, caller):
    get = api(caller)
    missing = get("/api/v1/items/999999")
    assert missing.status_code == 404
    for name in ALL:
        response = get(f"/api/v1/items/{world.pk(name)}")
        if name in SEES[caller]:
            assert response.status_code == 200
            assert response.json()["title"] == world.items[name].title
        else:
            assert response.status_code == 404
            assert response.content == missing.content  # nothing tells "exists, not for you" from "does not exist"
            assert response["Content-Type"] == missing["Content-Type"]


def test_an_editor_reads_no_draft_through_the_api(world, api):
    get = api("editor_xm")
    assert get(f"/api/v1/items/{world.pk('draft')}").status_code == 404
    assert world.pk("draft") not in [row["id"] for row in get("/api/v1/items").json()["results"]]


def test_an_item_as_the_api_shows_it(world, api):
    item = world.items["public"]
    body = api(None)(f"/api/v1/items/{item.pk}").json()
    assert body["index_number"] == item.index_number and body["index_number"].startswith("zsj/2026-")
    assert body["category"] == {"code": "public-interest", "name": item.entry.category.name}
    assert body["department"] == {"code": "xmglk", "name": "项目管理科"}
    assert body["scope"] == {"kind": "public", "name": "向社会公开"}
    assert body["published_at"] == "2026-07-02T10:00:00+08:00"
    assert body["written_on"] == "2026-07-01"
    assert body["corrected_at"] is None and body["window"] is None
    assert body["url"].endswith(f"/items/{item.pk}/") and body["url"].startswith("http")
    assert body["body_html"] == "<p>本季度签约项目的有关情况如下。</p>"
    assert body["body_text"] == "本季度签约项目的有关情况如下。"
    assert body["cadres"] == []
    [attachment] = body["attachments"]
    assert attachment["name"] == "附件说明.docx" and attachment["kind"] == "docx" and attachment["size"] > 0
    assert "/files/" in attachment["url"]
    assert {form["code"] for form in body["forms"]} == {"website", "briefing"}


def test_attachments_download_with_a_token_only_in_scope(world, api):
    public = api(None)(f"/api/v1/items/{world.pk('public')}").json()["attachments"][0]["api_url"]
    party = api("member")(f"/api/v1/items/{world.pk('party')}").json()["attachments"][0]["api_url"]
    path = lambda url: url[url.index("/api/") :]  # noqa: E731
    assert api(None)(path(public)).status_code == 200
    response = api("member")(path(party))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert response["Cache-Control"] == "private, no-store"
    for caller in (None, "staff", "sysadmin"):
        assert api(caller)(path(party)).status_code == 404
    assert api(None)("/api/v1/files/not-a-token").status_code == 404


@pytest.mark.parametrize("caller", CALLERS)
def test_items_filters(world, api, caller):
    get = api(caller)

    def names(**params):
        response = get("/api/v1/items", params)
        assert response.status_code == 200, response.content
        return world.names_of([row["id"] for row in response.json()["results"]])

    assert names(category="organisation") == SEES[caller] & {"party"}
    assert names(category="clean-governance") == SEES[caller] & {"bureau"}
    assert names(department="xmglk") == {"public"}
    assert names(form="board") == SEES[caller] & {"bureau", "party"}
    assert names(form="website") == {"public"}
    assert names(year="2026") == SEES[caller]
    assert names(year="2025") == set()
    assert names(category="", department="") == SEES[caller]  # empty values do not filter


@pytest.mark.parametrize(
    ("caller", "codes"),
    [
        (None, {"public"}),
        ("sysadmin", {"public"}),
        ("staff", {"public", "bureau"}),
        ("member", {"public", "bureau", "party"}),
    ],
)
def test_the_catalog_holds_the_entries_of_the_callers_scopes(org, api, caller, codes):
    response = api(caller)("/api/v1/catalog")
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026 and body["years"] == [2026]
    kinds = {entry["scope"]["kind"] for entry in body["entries"]}
    assert kinds == codes
    listed = {entry["code"] for entry in body["entries"]}
    assert "16" in listed
    assert ("06" in listed) == ("bureau" in codes)
    assert ("13" in listed) == ("party" in codes)
    assert api(caller)("/api/v1/catalog", {"year": "2026"}).json() == body


def test_a_catalog_year_without_an_approved_catalog_is_a_json_404(org, api):
    response = api(None)("/api/v1/catalog", {"year": "2019"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_publicity_notice_is_read_with_its_cadres_while_its_window_is_open(org, users, api):
    import datetime as dt

    import time_machine

    from gongkai.catalog.models import Catalog
    from tests.api.conftest import CST
    from tests.disclosures.test_windows import _appointment

    appointment = Catalog.objects.get(organisation=org, year=2026).entries.get(code="09")
    with time_machine.travel(dt.datetime(2026, 9, 25, 9, tzinfo=CST), tick=False):
        item = _appointment(users, appointment)
    with time_machine.travel(dt.datetime(2026, 9, 29, 9, tzinfo=CST), tick=False):
        body = api(None)(f"/api/v1/items/{item.pk}").json()
        assert body["window"] == {"starts_on": "2026-09-28", "ends_on": "2026-10-09", "workdays": 5}
        assert body["cadres"][0]["proposed_post"] == "外资科科长"
        assert "0000-12345678" in body["objection_ways"]
    with time_machine.travel(dt.datetime(2026, 10, 12, 9, tzinfo=CST), tick=False):
        assert api(None)(f"/api/v1/items/{item.pk}").status_code == 404
        assert api(None)("/api/v1/items").json()["count"] == 0
        assert f"/items/{item.pk}/" not in api(None)("/sitemap.xml").content.decode()
        assert "干部任前公示" not in api(None)("/feeds/rss/").content.decode()
