"""Reading in the workspace: the same browsing and search as the portal, over everything the signed-in user's
scope admits (inside the bureau, inside the party, limited scopes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from gongkai.faces import browse_context, search_context, site_organisation


@never_cache
@login_required
def reading_list(request: HttpRequest) -> HttpResponse:
    context = browse_context(request, site_organisation(), request.user)
    return render(request, "portal/list.html", {**context, "base_template": "workspace/base.html"})


@never_cache
@login_required
def reading_search(request: HttpRequest) -> HttpResponse:
    context = search_context(request, site_organisation(), request.user)
    return render(
        request, "portal/search.html", {**context, "base_template": "workspace/base.html", "item_url": "portal:item"}
    )
