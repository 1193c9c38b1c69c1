"""The OpenAPI document: valid OpenAPI 3.1, and it describes every route the API serves."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(org):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_it_is_a_valid_openapi_3_1_document(document):
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_it_lists_every_route(document, world):
    """Every route is documented (and answers 200 at its documented address), every documented path is served."""
    placeholders = {"pk": "424242", "token": "TOKENTOKEN"}
    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/")
    served = set()
    for route in api.url_patterns:
        if route.name == "unknown":
            continue
        address = reverse(f"api:{route.name}", kwargs={k: placeholders[k] for k in route.pattern.regex.groupindex})
        served.add(address.replace("424242", "{id}").replace("TOKENTOKEN", "{token}").removeprefix("/api/v1"))
    assert served == set(document["paths"])
    for path, operations in document["paths"].items():
        token = world.items["public"].attachments.get().token
        address = "/api/v1" + path.replace("{id}", str(world.pk("public"))).replace("{token}", token)
        assert Client().get(address).status_code == 200, address
        assert set(operations) == {"get"}, path
        assert {"200", "400", "401", "405"} <= set(operations["get"]["responses"]), path


def test_it_names_the_bearer_scheme_bounds_and_the_error_shape(document):
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    parameters = document["components"]["parameters"]
    assert parameters["page_size"]["schema"]["maximum"] == 100 and parameters["page_size"]["schema"]["minimum"] == 1
    assert parameters["order"]["schema"]["enum"] == ["relevance", "date"]
    error = document["components"]["schemas"]["Error"]["properties"]["error"]
    assert error["required"] == ["code", "message"]
    assert document["servers"][0]["url"].endswith("/api/v1")


def test_the_codes_the_api_answers_are_the_codes_it_documents(document, world):
    documented = set(document["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"])
    seen = {
        Client().get("/api/v1/items", {"page": "x"}).json()["error"]["code"],
        Client().get("/api/v1/items", {"x": "1"}).json()["error"]["code"],
        Client().get("/api/v1/items", {"category": "x"}).json()["error"]["code"],
        Client().get("/api/v1/items/99999").json()["error"]["code"],
        Client().get("/api/v1/x").json()["error"]["code"],
        Client().post("/api/v1/items").json()["error"]["code"],
        Client().get("/api/v1/items", headers={"Authorization": "Bearer x"}).json()["error"]["code"],
    }
    assert seen <= documented
