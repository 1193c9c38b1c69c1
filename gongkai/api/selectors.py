"""The API's reads, built on the domains' visibility functions, and the paged answer they share."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from gongkai.api.links import absolute
from gongkai.api.params import Paging, Query
from gongkai.catalog.models import Category, Form
from gongkai.disclosures import browse
from gongkai.disclosures.models import Disclosure
from gongkai.org.models import Department, Organisation


def readable(caller: Any, org: Organisation, filters: browse.Filters | None = None) -> QuerySet[Disclosure]:
    """What the caller may read now (never work in progress), newest first, with what an answer shows:
    the portal's own listing (`browse.listing`), so the API and the pages filter alike."""
    return browse.listing(caller, org, filters or browse.Filters()).select_related("scope").prefetch_related("forms")


def filters_from(query: Query, org: Organisation) -> browse.Filters:
    return browse.Filters(
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
