"""全部公开: the plan's principle that all that can be disclosed is disclosed. An approved catalog in which a
content category (执行方案 二) has no live entry is shown with a warning, so the office can check it is not a gap."""

from __future__ import annotations

from gongkai.catalog.models import Catalog, Category, Entry


def uncovered_categories(catalog: Catalog) -> list[Category]:
    """The organisation's active categories without an active entry in this approved catalog (none otherwise)."""
    if not catalog.is_approved:
        return []
    covered = catalog.entries.filter(status=Entry.Status.ACTIVE).values("category_id")
    return list(
        Category.objects.filter(organisation_id=catalog.organisation_id, is_active=True)
        .exclude(pk__in=covered)
        .order_by("order", "id")
    )
