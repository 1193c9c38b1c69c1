"""The read-only JSON API (/api/v1/). Every read goes through the domains' reading functions, as the portal's
pages do: `browse.listing` and `browse.search_items` (both on `visible_disclosures(..., as_reader=True)` and the
caller's `audiences_of`) for items, `published_entries` for the catalog, `may_view` for files. Nothing here
reads a disclosure any other way."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header

from gongkai.api import openapi
from gongkai.api import representations as rep
from gongkai.api.endpoint import Caller, endpoint, organisation
from gongkai.api.params import Query, not_found
from gongkai.api.selectors import filters_from, listing, readable
from gongkai.catalog.visibility import published_catalogs, published_entries
from gongkai.disclosures import browse
from gongkai.disclosures.attachments import mime_of, publishable, read
from gongkai.disclosures.models import Attachment
from gongkai.disclosures.visibility import may_view

ITEM_PARAMETERS = ("category", "department", "form", "year", "page", "page_size")
SEARCH_PARAMETERS = ("q", "order", *ITEM_PARAMETERS)
MAX_ID = 2**63 - 1


@endpoint
def items(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    """The items the caller may read, newest first, filtered and paged."""
    org = organisation()
    query = Query(request.GET, ITEM_PARAMETERS)
    paging, filters = query.paging(), filters_from(query, org)
    rows = readable(caller, org, filters)
    count = rows.count()
    page = list(rows[paging.offset : paging.offset + paging.size])
    return listing(request, paging, count, "results", [rep.item_summary(d) for d in page])


@endpoint
def item(request: HttpRequest, caller: Caller, pk: str) -> dict[str, Any]:
    """One item with its body, attachments and cadres; 404 alike for missing and out of scope."""
    Query(request.GET, ())
    if len(pk) > len(str(MAX_ID)) or int(pk) > MAX_ID:
        raise not_found()
    disclosure = readable(caller, organisation()).filter(pk=int(pk)).first()
    if disclosure is None:
        raise not_found()
    return rep.item_detail(disclosure, publishable(disclosure))


@endpoint
def file(request: HttpRequest, caller: Caller, token: str) -> HttpResponseBase:
    """An attachment of an item the caller may read (the portal's /files/ needs a session; this a token)."""
    Query(request.GET, ())
    attachment = (
        Attachment.objects.filter(token=token, removed=False, purpose=Attachment.Purpose.PUBLISH)
        .select_related("disclosure__organisation")
        .first()
    )
    if attachment is None or not may_view(caller, attachment.disclosure, as_reader=True):
        raise not_found()
    response = HttpResponse(read(attachment), content_type=mime_of(attachment))
    response["Content-Disposition"] = content_disposition_header(True, attachment.original_name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@endpoint
def catalog(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    """The approved catalog of a year (default: the latest) as disclosed to the caller."""
    query = Query(request.GET, ("year",))
    year = query.year()
    catalogs = list(published_catalogs(organisation()))
    chosen = next((c for c in catalogs if c.year == year), None) if year else next(iter(catalogs), None)
    if chosen is None:
        raise not_found()
    entries = list(published_entries(caller, chosen))
    return rep.catalog(chosen, entries, [c.year for c in catalogs])


@endpoint
def search(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    """Full-text search of what the caller may read; totals, hits and snippets never include anything else."""
    org = organisation()
    query = Query(request.GET, SEARCH_PARAMETERS)
    paging, filters = query.paging(), filters_from(query, org)
    order = query.choice("order", ("relevance", "date"), "relevance")
    found = browse.search_items(caller, org, query.text("q"), filters, order=order, page=paging.page, size=paging.size)
    hits = [rep.hit(f.hit) for f in found.found]
    body = listing(request, paging, found.total, "hits", hits, count_key="total")
    return body | {"query": found.query, "order": order, "query_error": found.message, "notices": list(found.notices)}


@endpoint
def schema(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    Query(request.GET, ())
    return openapi.document()
