"""The Content-Security-Policy is on every response: pages, errors, the API and its errors, feeds, static files,
the admin. (tests/browser/test_body_and_csp.py checks that the pages still work under it.)"""

import pytest
from django.urls import path

from gongkai.csp import POLICY

pytestmark = pytest.mark.django_db

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def test_the_policy_allows_no_inline_script_and_no_other_origin():
    policy = directives(POLICY)
    for name, value in EXPECTED.items():
        assert policy[name] == value
    assert "unsafe-inline" not in POLICY and "unsafe-eval" not in POLICY and "http" not in POLICY
    assert "*" not in POLICY


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        (None, "/", 200),
        (None, "/list/", 200),
        (None, "/catalog/", 200),
        (None, "/search/?q=党费", 200),
        (None, "/no/such/page/", 404),
        (None, "/items/999999/", 404),
        (None, "/api/v1/items", 200),
        (None, "/api/v1/items?page=x", 400),
        (None, "/api/v1/items/999999", 404),
        (None, "/api/v1/nothing", 404),
        (None, "/feeds/rss/", 200),
        (None, "/sitemap.xml", 200),
        (None, "/robots.txt", 200),
        (None, "/workspace/", 302),
        (None, "/workspace/login/", 200),
        ("staff", "/workspace/", 200),
        ("office", "/workspace/disclosures/", 200),
        ("office", "/manage/", 200),
        ("secadmin", "/manage/org/user/", 200),
        ("staff", "/manage/", 302),
        ("office", "/manage/org/user/", 403),
    ],
)
def test_every_kind_of_response_carries_the_policy(client, client_as, who, path, status):
    response = (client_as(who) if who else client).get(path)
    assert response.status_code == status
    assert response.headers["Content-Security-Policy"] == POLICY


def _boom(request):
    raise RuntimeError("a view that fails")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.urls("tests.test_csp")
def test_a_server_error_carries_the_policy(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert response.headers["Content-Security-Policy"] == POLICY


def test_templates_carry_no_inline_script_handler_or_style():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parent.parent / "gongkai" / "templates"
    for template in root.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert not re.search(r"\sstyle\s*=", text), template
        assert "javascript:" not in text, template
