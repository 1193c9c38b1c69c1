"""Reading disclosures: lists with filters and full-text search, for the portal, the workspace and the API.

Everything here starts from `visibility.visible_disclosures(..., as_reader=True)` or `visibility.audiences_of`,
so a list, a count or a snippet never includes an item outside the reader's scope.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog.models import Category, Form
from gongkai.disclosures.indexing import KIND, filter_keys
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.visibility import audiences_of, visible_among, visible_disclosures
from gongkai.org.models import Department, Organisation
from gongkai.search.engine import SearchHit, search

PAGE_SIZE = 20
MAX_PAGE = 5000


@dataclass
class Filters:
    """Reader-chosen filters, parsed from codes; `invalid` names what could not be understood."""

    category: Category | None = None
    department: Department | None = None
    form: Form | None = None
    year: int | None = None
    invalid: list[str] = field(default_factory=list)


def parse_filters(organisation: Organisation, params: Any) -> Filters:
    """Filters from query parameters (codes, not ids); unknown values are reported, not guessed."""
    found = Filters()
    for name, model in (("category", Category), ("department", Department), ("form", Form)):
        code = str(params.get(name) or "").strip()[:40]
        if code:
            value = model.objects.filter(organisation=organisation, code=code).first()
            setattr(found, name, value)
            if value is None:
                found.invalid.append(name)
    year = str(params.get("year") or "").strip()
    if year:
        found.year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
        if found.year is None:
            found.invalid.append("year")
    return found


def readable(user: Any, organisation: Organisation) -> QuerySet[Disclosure]:
    return visible_disclosures(user, organisation, as_reader=True).select_related(
        "entry__category", "department", "organisation"
    )


def listing(user: Any, organisation: Organisation, filters: Filters) -> QuerySet[Disclosure]:
    """Readable items, newest first, narrowed by the filters (nothing at all when a filter is unknown)."""
    items = readable(user, organisation)
    if filters.invalid:
        return items.none()
    if filters.category:
        items = items.filter(entry__category=filters.category)
    if filters.department:
        items = items.filter(department=filters.department)
    if filters.form:
        items = items.filter(forms=filters.form)
    if filters.year:
        items = items.filter(index_year=filters.year)
    return items.order_by("-published_at", "-id")


def open_windows(user: Any, organisation: Organisation, today: datetime.date | None = None) -> QuerySet[Disclosure]:
    today = today or timezone.localdate()
    return (
        readable(user, organisation)
        .filter(window_starts_on__lte=today, window_ends_on__gte=today)
        .order_by("window_ends_on")
    )


@dataclass
class Found:
    """A hit the reader may read, with what the results page shows besides the hit's own title and snippet."""

    hit: SearchHit
    pk: int
    published_at: datetime.datetime
    department: str
    category: str


@dataclass
class SearchPage:
    query: str
    total: int
    found: list[Found]
    message: str = ""
    notices: tuple[str, ...] = ()


def search_items(
    user: Any, organisation: Organisation, query: str, filters: Filters, *, order: str, page: int, size: int = PAGE_SIZE
) -> SearchPage:
    """Full-text search within what `user` may read, for the pages and the API; the hits are re-read through the
    visibility rules. Pages past the engine's offset bound are empty."""
    if filters.invalid:
        return SearchPage(query=query, total=0, found=[], message=_("筛选条件无效。"))
    results = search(
        query,
        audiences=audiences_of(user, organisation),
        kinds=[KIND],
        year=filters.year,
        **filter_keys(filters.category, filters.department, filters.form),
        order="date" if order == "date" else "relevance",
        offset=(max(page, 1) - 1) * size,
        limit=size,
    )
    # Re-read through the visibility rules (a publicity window may have closed within the hour), and only the
    # few columns the page shows: the hit carries the title and snippet.
    ids = [int(hit.object_id) for hit in results.hits]
    columns = ("pk", "published_at", "department__name", "entry__category__name")
    rows = {row[0]: row for row in visible_among(user, organisation, ids, as_reader=True).values_list(*columns)}
    found = [Found(hit, *rows[int(hit.object_id)]) for hit in results.hits if int(hit.object_id) in rows]
    return SearchPage(
        query=results.query, total=results.total, found=found, message=results.query_error, notices=results.notices
    )
