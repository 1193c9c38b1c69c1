"""Bad input of every kind: a clear JSON error (400, 404, 405) or an empty result — never a 500, never a leak."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import WORDS

pytestmark = pytest.mark.django_db

ODD_TEXT = [
    "x" * 10_000,
    '"',
    '"党费专户',
    "*",
    "党*",
    "NEAR",
    "党费 NEAR 专户",
    "OR",
    "党费 OR 签约",
    "AND NOT",
    "\x01\x02\x1f",
    "\x00",
    "党费\x00专户",
    "😀🇨🇳",
    "黨費專戶",  # traditional characters
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%",
    "_",
    "\\",
    "(",
    "{}[]",
    "\ufeff\u200b",
]


def assert_error(response, status, code, parameter=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    if parameter:
        assert error["parameter"] == parameter
    return error


@pytest.mark.parametrize("caller", [None, "staff"])
def test_any_search_text_is_searched_or_explained(world, api, caller):
    for text in ODD_TEXT:
        response = api(caller)("/api/v1/search", {"q": text})
        assert response.status_code == 200, (text, response.content)
        body = response.json()
        assert body["total"] >= len(body["hits"]), text
        for name in ("party", "draft", "withdrawn"):
            assert world.items[name].title not in response.content.decode(), text
        assert WORDS["party"] not in "".join(h["snippet_html"] for h in body["hits"]), text


def test_bytes_that_are_not_utf8_are_searched_or_explained(world):
    for raw in ("%FF%FE", "%ED%A0%80", "%C0%AF", "%", "%%32%30", "%E5%85"):
        response = Client().get(f"/api/v1/search?q={raw}")
        assert response.status_code == 200 and response.json()["total"] == 0, raw
        assert Client().get(f"/api/v1/items?category={raw}").status_code == 400, raw


@pytest.mark.parametrize("parameter", ["category", "department", "form"])
def test_odd_filter_values_are_unknown_codes(org, api, parameter):
    for text in ODD_TEXT:
        for path in ("/api/v1/items", "/api/v1/search"):
            assert_error(api(None)(path, {parameter: text}), 400, "unknown_filter", parameter)


MALFORMED = [
    ({"page": "abc"}, "page"),
    ({"page": "0"}, "page"),
    ({"page": "-1"}, "page"),
    ({"page": "1.5"}, "page"),
    ({"page": " 1"}, "page"),
    ({"page": "١"}, "page"),  # an Arabic-Indic digit: int() would take it, we do not
    ({"page": "10001"}, "page"),
    ({"page": "9" * 400}, "page"),
    ({"page": "\x00"}, "page"),
    ({"page_size": "0"}, "page_size"),
    ({"page_size": "101"}, "page_size"),
    ({"page_size": "1000"}, "page_size"),
    ({"page_size": "1e2"}, "page_size"),
    ({"year": "20x6"}, "year"),
    ({"year": "0226"}, "year"),
    ({"year": "202"}, "year"),
    ({"year": "20266"}, "year"),
    ({"year": "２０２６"}, "year"),  # full-width digits
]


@pytest.mark.parametrize("path", ["/api/v1/items", "/api/v1/search"])
def test_malformed_numbers_are_400(org, api, path):
    for params, parameter in MALFORMED:
        assert_error(api(None)(path, params), 400, "bad_parameter", parameter)


def test_a_bad_order_is_400(org, api):
    error = assert_error(api(None)("/api/v1/search", {"q": "工作", "order": "foo"}), 400, "bad_parameter", "order")
    assert "relevance" in error["message"]


def test_a_bad_catalog_year_is_400(org, api):
    assert_error(api(None)("/api/v1/catalog", {"year": "20x6"}), 400, "bad_parameter", "year")


def test_unknown_and_repeated_parameters_are_400(org, api):
    for path in ("/api/v1/items", "/api/v1/search", "/api/v1/catalog", "/api/v1/openapi.json"):
        error = assert_error(api(None)(path, {"colour": "red"}), 400, "unknown_parameter", "colour")
        assert "colour" in error["message"]
        repeated = "unknown_parameter" if "openapi" in path else "bad_parameter"
        assert_error(api(None)(f"{path}?year=2026&year=2025"), 400, repeated)


def test_an_item_takes_no_parameters(world, api):
    assert_error(api(None)(f"/api/v1/items/{world.pk('public')}", {"x": "1"}), 400, "unknown_parameter")


UNKNOWN_ADDRESSES = [
    "/api/",
    "/api/v1/",
    "/api/v2/items",
    "/api/v1/nothing",
    "/api/v1/items/abc",
    "/api/v1/items/-1",
    "/api/v1/items/1/2",
    "/api/v1/items/%00",
    "/api/v1/files/",
    "/api/v1/files/..%2F..%2Fsettings.py",
]


def test_unknown_addresses_under_api_are_json_404(org):
    for path in UNKNOWN_ADDRESSES:
        for method in ("get", "post"):
            assert_error(getattr(Client(), method)(path), 404, "no_such_endpoint")


def test_out_of_range_ids_are_404(org, api):
    for pk in ("0", "99999999999999999999", "9" * 5000, "9223372036854775807", "9223372036854775808"):
        assert_error(api(None)(f"/api/v1/items/{pk}"), 404, "not_found")


def test_only_get_is_accepted(org):
    client = Client(enforce_csrf_checks=True)
    for path in ("/api/v1/items", "/api/v1/search", "/api/v1/catalog", "/api/v1/openapi.json", "/api/v1/items/1"):
        for method in ("post", "put", "patch", "delete", "options"):
            response = getattr(client, method)(path)
            assert_error(response, 405, "method_not_allowed")
            assert response["Allow"] == "GET, HEAD"


def test_head_answers_like_get(world):
    response = Client().head("/api/v1/items")
    assert response.status_code == 200


def test_too_many_parameters_are_400_not_500(org):
    query = "&".join(f"p{i}=1" for i in range(1200))
    response = Client().get(f"/api/v1/items?{query}")
    assert_error(response, 400, "bad_request")


def test_a_page_past_the_last_is_an_empty_page(world, api):
    body = api("member")("/api/v1/items", {"page": "5", "page_size": "2"}).json()
    assert body["results"] == [] and body["count"] == 3 and body["pages"] == 2
    assert body["next"] is None and "page=2" in body["previous"]


def test_pages_of_items(world, api):
    get = api("member")
    first = get("/api/v1/items", {"page_size": "1", "category": ""}).json()
    assert (first["count"], first["pages"], first["page"], first["page_size"]) == (3, 3, 1, 1)
    assert first["previous"] is None and "page=2" in first["next"] and "page_size=1" in first["next"]
    seen = [first["results"][0]["id"]]
    page = first
    while page["next"]:
        page = get(page["next"][page["next"].index("/api/") :]).json()
        seen += [row["id"] for row in page["results"]]
    assert page["page"] == 3 and "page=2" in page["previous"]
    assert len(seen) == len(set(seen)) == 3
    assert get("/api/v1/items", {"page_size": "100"}).json()["pages"] == 1
