"""全部公开: an approved catalog whose content category has no live entry shows the office a warning."""

import pytest

from gongkai.catalog.coverage import uncovered_categories
from gongkai.catalog.models import Catalog, Category, Entry

pytestmark = pytest.mark.django_db

WARNING = "在本目录中没有有效事项"


@pytest.fixture
def catalog2026(org):
    return Catalog.objects.get(organisation=org, year=2026)


def test_the_demo_catalog_covers_every_category(catalog2026, client_as):
    assert catalog2026.is_approved
    assert uncovered_categories(catalog2026) == []
    assert WARNING not in client_as("office").get(f"/workspace/catalog/{catalog2026.pk}/").content.decode()


def test_a_category_whose_entries_are_all_revoked_is_named_in_a_warning(catalog2026, client_as):
    category = Category.objects.filter(organisation=catalog2026.organisation).order_by("order").first()
    Entry.objects.filter(catalog=catalog2026, category=category).update(status=Entry.Status.REVOKED)
    assert uncovered_categories(catalog2026) == [category]
    page = client_as("office").get(f"/workspace/catalog/{catalog2026.pk}/").content.decode()
    assert WARNING in page
    assert f"<li>{category.name}</li>" in page


def test_a_draft_catalog_warns_of_nothing(catalog2026):
    Entry.objects.filter(catalog=catalog2026).update(status=Entry.Status.REVOKED)
    assert uncovered_categories(catalog2026)
    catalog2026.status = Catalog.Status.DRAFT
    assert uncovered_categories(catalog2026) == []
