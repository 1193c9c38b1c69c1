"""Every field of the writing forms, given integers no database column can hold, answers with a form, never a 500.

The forms are read from their pages (the field names the page offers), so a field added later is fuzzed too.
The Django test client re-raises a view's exception, so a 500 fails the test with its traceback.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from gongkai.catalog.models import Catalog, ChangeRequest, Scope

pytestmark = pytest.mark.django_db

HUGE = ("99999999999999999999", "-99999999999999999999", "18446744073709551616", "1e400")


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = dict(attrs).get("name")
        if tag in ("input", "select", "textarea") and name and name != "csrfmiddlewaretoken":
            self.names.add(name)


def _field_names(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Fields()
    parser.feed(response.content.decode())
    assert parser.names, f"no form fields found on {url}"
    return parser.names


def _writing_forms(org) -> list[tuple[str, str]]:
    catalog = Catalog.objects.get(organisation=org, year=2026)
    entry = catalog.entries.get(code="16")
    scope = Scope.objects.first()
    assert scope is not None
    return [
        ("editor_xm", f"/workspace/disclosures/new/{entry.pk}/"),
        ("office", f"/workspace/catalog/{catalog.pk}/changes/{ChangeRequest.Kind.ADD}/new/"),
        ("office", f"/workspace/catalog/{catalog.pk}/changes/{ChangeRequest.Kind.MODIFY}/new/?entry={entry.pk}"),
        ("office", f"/manage/catalog/scope/{scope.pk}/change/"),
    ]


@pytest.mark.parametrize("value", HUGE)
def test_out_of_range_integers_in_any_field_are_refused_with_a_form(client_as, org, value):
    for username, url in _writing_forms(org):
        client = client_as(username)
        names = _field_names(client, url)
        for name in sorted(names):
            response = client.post(url, {name: [value, "1"]})
            assert response.status_code in (200, 302, 400, 403, 404), (url, name, response.status_code)
        response = client.post(url, dict.fromkeys(names, value))
        assert response.status_code in (200, 302, 400, 403, 404), (url, "all", response.status_code)


def _int_routes() -> list[str]:
    """Every route of ours with an integer in its path, the integers replaced by one no column can hold."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<int:" in route and not route.startswith(("manage/", "^")):
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return found


def test_out_of_range_integers_in_any_path_or_query_are_not_found(client_as, org):
    import re

    routes = _int_routes()
    assert len(routes) > 10
    for username in ("office", "staff"):
        client = client_as(username)
        for route in routes:
            path = "/" + re.sub(r"<[^>]+>", lambda m: HUGE[0] if m.group().startswith("<int:") else "x", route)
            for url in (path, f"{path}?entry={HUGE[0]}&page={HUGE[0]}&department={HUGE[0]}&year={HUGE[0]}"):
                response = client.get(url)
                assert response.status_code < 500, (url, response.status_code)
                response = client.post(url, {"id": HUGE[0]})
                assert response.status_code < 500, (url, "POST", response.status_code)
