"""The demo bureau's approved 2026 catalog, made through the same operations the office and leader use."""

from __future__ import annotations

from gongkai.catalog import services
from gongkai.catalog.models import Catalog
from gongkai.catalog.template import seed_reference_data
from gongkai.org.models import Organisation, User

DEMO_YEAR = 2026


def load_demo_catalog(organisation: Organisation, *, office: User, leader: User) -> Catalog:
    seed_reference_data(organisation)
    existing = Catalog.objects.filter(organisation=organisation, year=DEMO_YEAR).first()
    if existing is not None:
        return existing
    catalog = services.catalog_create(actor=office, organisation=organisation, year=DEMO_YEAR)
    services.catalog_submit(actor=office, catalog=catalog)
    return services.catalog_approve(actor=leader, catalog=catalog, comment="同意。")
