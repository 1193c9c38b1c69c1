"""A form must fit its scope: the bureau's public website (招商网, `Form.public_only`) is for public items only —
refused with a message in the catalog (every entry edit and change request goes through `entry_data.validate`)
and in the disclosure; the default catalog and the demo keep to it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog import entry_data
from gongkai.catalog.models import Catalog, Entry, Form, Scope
from gongkai.disclosures import services
from tests.disclosures.conftest import make_input

pytestmark = pytest.mark.django_db


def test_the_website_is_marked_for_public_items_only(org):
    assert Form.objects.get(organisation=org, code="website").public_only


def test_a_catalog_entry_on_the_website_must_be_public(org):
    catalog = Catalog.objects.get(organisation=org, year=2026)
    entry = catalog.entries.get(code="16")  # 招商网 + 简报, public
    data = entry_data.from_entry(entry)
    data["scope"] = Scope.objects.get(organisation=org, code="bureau")
    with pytest.raises(ValidationError) as refused:
        entry_data.validate(catalog, data, existing=entry)
    assert "招商网" in refused.value.message_dict["forms"][0]
    data["forms"] = [f for f in data["forms"] if f.code != "website"]
    entry_data.validate(catalog, data, existing=entry)  # the briefing alone fits the bureau


def test_a_disclosure_on_the_website_must_be_public(org, users):
    catalog = Catalog.objects.get(organisation=org, year=2026)
    entry = catalog.entries.get(code="16")
    party = Scope.objects.get(organisation=org, code="party")
    with pytest.raises(ValidationError) as refused:
        services.disclosure_create(actor=users["editor_xm"], entry=entry, data=make_input(entry, scope=party))
    assert "招商网" in refused.value.message_dict["forms"][0]
    briefing = entry.forms.get(code="briefing")
    made = services.disclosure_create(
        actor=users["editor_xm"], entry=entry, data=make_input(entry, scope=party, forms=[briefing])
    )
    assert made.scope == party


def test_the_default_catalog_keeps_the_website_for_public_entries(org):
    for entry in Entry.objects.filter(catalog__organisation=org, forms__public_only=True):
        assert entry.scope.kind == Scope.Kind.PUBLIC, entry.code
