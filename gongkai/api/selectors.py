"""The API's reads, built on the domains' visibility functions, and the paged answer they share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from gongkai.api.links import absolute
from gongkai.api.params import Paging, Query
from gongkai.catalog.models import Category, Form
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.visibility import visible_disclosures
from gongkai.org.models import Department, Organisation
from gongkai.search.engine import SearchHit


def readable(caller: Any, org: Organisation) -> QuerySet[Disclosure]:
    """What the caller may read now (never work in progress), newest first, with what an answer shows."""
    return (
        visible_disclosures(caller, org, as_reader=True)
        .select_related("organisation", "entry__category", "department", "scope")
        .prefetch_related("forms")
        .order_by("-published_at", "-id")
    )


def readable_among(caller: Any, org: Organisation, hits: Iterable[SearchHit]) -> list[SearchHit]:
    """The hits the caller may still read. The index follows visibility in the same transaction; this second
    check covers the hour between a publicity window's end and the scheduled task that takes it out."""
    hits = list(hits)
    ids = [int(h.object_id) for h in hits if h.object_id.isdigit()]
    allowed = {
        str(pk)
        for pk in visible_disclosures(caller, org, as_reader=True).filter(pk__in=ids).values_list("pk", flat=True)
    }
    return [h for h in hits if h.object_id in allowed]


@dataclass(frozen=True)
class Filters:
    category: Category | None = None
    department: Department | None = None
    form: Form | None = None
    year: int | None = None

    def search_keys(self) -> dict[str, Any]:
        """The same filters as the search engine's keys (see `gongkai.disclosures.indexing`)."""
        return {
            "category": f"c{self.category.pk}" if self.category else None,
            "department": f"d{self.department.pk}" if self.department else None,
            "form": f"f{self.form.pk}" if self.form else None,
            "year": self.year,
        }


def filters_from(query: Query, org: Organisation) -> Filters:
    return Filters(
        category=query.code("category", lambda: _by_code(Category.objects.filter(organisation=org)), _("内容类别")),
        department=query.code("department", lambda: _by_code(Department.objects.filter(organisation=org)), _("科室")),
        form=query.code("form", lambda: _by_code(Form.objects.filter(organisation=org)), _("公开形式")),
        year=query.year(),
    )


def _by_code(rows: QuerySet[Any]) -> dict[str, Any]:
    return {row.code: row for row in rows}


def listing(
    request: HttpRequest, paging: Paging, count: int, key: str, rows: list[Any], *, count_key: str = "count"
) -> dict[str, Any]:
    """A page of an answer: a page past the last is an empty page, not an error."""
    pages = paging.pages(count)
    return {
        count_key: count,
        "page": paging.page,
        "page_size": paging.size,
        "pages": pages,
        "next": _page_link(request, paging.page + 1) if paging.page < pages else None,
        "previous": _page_link(request, min(paging.page - 1, max(pages, 1))) if paging.page > 1 else None,
        key: rows,
    }


def _page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return absolute(f"{request.path}?{query.urlencode()}")
