"""Helpers shared by the faces (portal, workspace, API): running a domain operation from a view, so a refusal
becomes a message or field errors, never a 500; and the reading pages' context (lists and search), which the
portal builds for the public and the workspace for the signed-in user's scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai.catalog.models import Category
from gongkai.catalog.models import Form as CatalogForm
from gongkai.disclosures import browse
from gongkai.errors import Refused
from gongkai.org.models import Department, Organisation
from gongkai.org.selectors import current_organisation


def local_next(request: HttpRequest, default: str) -> str:
    """The `next` address of a request (query or form) when it is a path on this site, else `default`.

    Only absolute paths: `redirect()` would read a bare word as a URL pattern name (a 500), and a
    protocol-relative `//host` or a foreign scheme would send the reader elsewhere."""
    target = str(request.GET.get("next") or request.POST.get("next") or "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if safe and target.startswith("/") and not target.startswith("//") else default


def attempt(request: HttpRequest, operation: Callable[[], Any], form: forms.Form | None = None) -> bool:
    """Run a domain operation; a refusal becomes a message (or field errors), never a 500."""
    try:
        operation()
    except Refused as refused:
        messages.error(request, refused.message)
        return False
    except ValidationError as invalid:
        show_errors(request, invalid, form)
        return False
    return True


def show_errors(request: HttpRequest, invalid: ValidationError, form: forms.Form | None) -> None:
    if not hasattr(invalid, "error_dict"):
        messages.error(request, "；".join(invalid.messages))
        return
    for field, errors in invalid.message_dict.items():
        target = field if form is not None and field in form.fields else None
        for error in errors:
            if form is not None:
                form.add_error(target, error)
            else:
                messages.error(request, error)


# --- reading pages shared by the portal and the workspace ----------------------------------------------------


def site_organisation() -> Organisation:
    organisation = current_organisation()
    if organisation is None:
        raise Http404
    return organisation


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return min(int(raw), browse.MAX_PAGE) if raw.isdigit() and int(raw) > 0 else 1


def browse_context(request: HttpRequest, organisation: Organisation, user: Any) -> dict[str, Any]:
    filters = browse.parse_filters(organisation, request.GET)
    page = Paginator(browse.listing(user, organisation, filters), browse.PAGE_SIZE).get_page(page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "filters": filters, "query": query.urlencode(), **choices(organisation)}


def choices(organisation: Organisation) -> dict[str, Any]:
    return {
        "categories": Category.objects.filter(organisation=organisation, is_active=True),
        "departments": Department.objects.filter(organisation=organisation),
        "forms": CatalogForm.objects.filter(organisation=organisation, is_active=True),
        "years": range(timezone.localdate().year, 2019, -1),
    }


def search_context(request: HttpRequest, organisation: Organisation, user: Any) -> dict[str, Any]:
    filters = browse.parse_filters(organisation, request.GET)
    query = str(request.GET.get("q", ""))
    order = "date" if request.GET.get("order") == "date" else "relevance"
    number = page_number(request)
    result = browse.search_items(user, organisation, query, filters, order=order, page=number) if query else None
    params = request.GET.copy()
    params.pop("page", None)
    pages = (result.total + browse.PAGE_SIZE - 1) // browse.PAGE_SIZE if result else 0
    return {
        "result": result,
        "q": query[:200],
        "order": order,
        "filters": filters,
        "number": number,
        "pages": pages,
        "query": params.urlencode(),
        **choices(organisation),
    }
