"""Search through the API: totals, hits and snippets only from what the caller may read."""

from __future__ import annotations

import pytest

from tests.api.conftest import ALL, SEES, WORDS

pytestmark = pytest.mark.django_db

CALLERS = [None, "staff", "member", "sysadmin"]


@pytest.mark.parametrize("caller", CALLERS)
def test_a_common_word_finds_exactly_the_callers_items(world, api, caller):
    response = api(caller)("/api/v1/search", {"q": "工作情况", "order": "date"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == len(SEES[caller])
    assert world.names_of([hit["id"] for hit in body["hits"]]) == SEES[caller]
    assert body["query_error"] == "" and body["order"] == "date"


@pytest.mark.parametrize("caller", CALLERS)
def test_a_word_of_one_item_is_found_only_by_those_who_may_read_it(world, api, caller):
    for name in ALL:
        response = api(caller)("/api/v1/search", {"q": WORDS[name]})
        body = response.json()
        if name in SEES[caller]:
            assert body["total"] == 1 and body["hits"][0]["id"] == world.pk(name), name
            assert f"<mark>{WORDS[name]}</mark>" in body["hits"][0]["snippet_html"], name
        else:
            assert body["total"] == 0 and body["hits"] == [], name
            assert WORDS[name] not in response.content.decode().replace(body["query"], ""), name


def test_an_anonymous_search_for_the_party_word_shows_no_trace_of_it(world, api):
    body = api(None)("/api/v1/search", {"q": "党费专户"}).json()
    assert body["total"] == 0 and body["hits"] == [] and body["pages"] == 0
    assert "党费收缴" not in str(body) and "snippet" not in str(body)


@pytest.mark.parametrize("caller", CALLERS)
def test_search_filters_match_the_item_filters(world, api, caller):
    get = api(caller)
    for params in ({"category": "organisation"}, {"department": "jjjcs"}, {"form": "website"}, {"year": "2026"}):
        items = {row["id"] for row in get("/api/v1/items", params).json()["results"]}
        hits = {hit["id"] for hit in get("/api/v1/search", {"q": "工作情况", **params}).json()["hits"]}
        assert hits == items, params


def test_search_pages(world, api):
    get = api("member")
    first = get("/api/v1/search", {"q": "工作情况", "order": "date", "page_size": "2"}).json()
    assert first["total"] == 3 and first["pages"] == 2 and len(first["hits"]) == 2
    assert first["previous"] is None and "page=2" in first["next"]
    second = get(first["next"][first["next"].index("/api/") :]).json()
    assert len(second["hits"]) == 1 and second["next"] is None
    assert {h["id"] for h in first["hits"] + second["hits"]} == {world.pk(n) for n in SEES["member"]}
    beyond = get("/api/v1/search", {"q": "工作情况", "page": "9", "page_size": "2"}).json()
    assert beyond["hits"] == [] and beyond["total"] == 3 and "page=2" in beyond["previous"]


def test_a_missing_or_empty_query_is_explained_not_an_error(world, api):
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "，。！"}):
        response = api(None)("/api/v1/search", params)
        assert response.status_code == 200
        body = response.json()
        assert body["total"] == 0 and body["hits"] == [] and body["query_error"]


def test_a_long_query_is_shortened_with_a_notice(world, api):
    body = api(None)("/api/v1/search", {"q": "签约项目" + "长" * 10_000}).json()
    assert body["notices"] and "100" in body["notices"][0]
    assert body["total"] == 0
