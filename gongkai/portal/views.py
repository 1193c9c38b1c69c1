"""The public portal: the 党务公开 column of the organisation's website."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.catalog.visibility import published_catalogs, published_entries
from gongkai.org.selectors import current_organisation


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def catalog(request: HttpRequest) -> HttpResponse:
    """The approved catalog as disclosed: its entries whose scope admits the visitor."""
    organisation = current_organisation()
    if organisation is None:
        raise Http404
    catalogs = list(published_catalogs(organisation))
    year = request.GET.get("year", "")
    chosen = next((c for c in catalogs if str(c.year) == year), catalogs[0] if catalogs else None)
    if year and (chosen is None or str(chosen.year) != year):
        raise Http404
    entries = published_entries(request.user, chosen) if chosen else []
    context = {"catalogs": catalogs, "catalog": chosen, "entries": entries}
    return render(request, "portal/catalog.html", context)
