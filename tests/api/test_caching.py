"""Cache headers: anonymous answers may be kept by a proxy for a minute and revalidated; token answers never."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = ["/api/v1/items", "/api/v1/search?q=工作", "/api/v1/catalog", "/api/v1/openapi.json"]


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_answers_are_public_for_a_minute_with_an_etag(world, path):
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert "authorization" in vary(response)
    etag = response["ETag"]
    assert etag.startswith('"') and len(etag) > 20
    again = Client().get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response


def test_the_etag_follows_the_content(world, users):
    from gongkai.disclosures import services

    before = Client().get("/api/v1/items")["ETag"]
    change = services.published_change_request(
        actor=users["editor_xm"], disclosure=world.items["public"], kind="withdraw", reason="内容有误"
    )
    services.published_change_decide(actor=users["leader"], change=change, approve=True)
    after = Client().get("/api/v1/items", headers={"If-None-Match": before})
    assert after.status_code == 200 and after["ETag"] != before and after.json()["count"] == 0


@pytest.mark.parametrize("path", PATHS)
def test_token_answers_are_never_stored(world, api, path):
    response = api("member")(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "authorization" in vary(response)
    assert "ETag" not in response


def test_errors_are_never_stored(world, api):
    for response in (
        api(None)("/api/v1/items/999999"),
        api(None)("/api/v1/items", {"page": "x"}),
        Client().get("/api/v1/nothing"),
        Client().get("/api/v1/items", headers={"Authorization": "Bearer nope"}),
    ):
        assert response["Cache-Control"] == "private, no-store"
