"""The demo bureau: every department that owns an entry of the catalog has an editor who can carry it out."""

import pytest

from gongkai.catalog.models import Catalog
from gongkai.org import permissions

pytestmark = pytest.mark.django_db


def test_every_department_with_entries_has_an_editor_who_may_draft_for_it(org, users):
    catalog = Catalog.objects.get(organisation=org, year=2026)
    departments = {entry.department for entry in catalog.entries.select_related("department")}
    assert len(departments) >= 7
    for department in departments:
        editors = [u for u in users.values() if permissions.may_draft_for_department(u, department.pk)]
        assert editors, f"no editor for {department.name}"
