"""The public portal: the 党务公开 column of the organisation's website."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongkai.catalog.models import Category
from gongkai.catalog.visibility import published_catalogs, published_entries
from gongkai.disclosures import browse, services
from gongkai.disclosures.attachments import mime_of, publishable, read
from gongkai.disclosures.models import Attachment, Disclosure
from gongkai.disclosures.notice import notice_pdf
from gongkai.disclosures.visibility import may_view, may_work_on, visible_disclosures
from gongkai.faces import attempt, browse_context, local_next, search_context, site_organisation
from gongkai.portal.caching import reader_cache, set_last_modified
from gongkai.portal.forms import ObjectionForm


def _latest(items: Any) -> Any:
    return items.aggregate(latest=Max("updated_at"))["latest"]


@reader_cache
def home(request: HttpRequest) -> HttpResponse:
    """The latest public items and the publicity notices open today. The portal lists what is public."""
    organisation = site_organisation()
    public = browse.readable(AnonymousUser(), organisation)
    context = {
        "latest": public.order_by("-published_at", "-id")[:10],
        "windows": browse.open_windows(AnonymousUser(), organisation)[:10],
        "categories": Category.objects.filter(organisation=organisation, is_active=True),
    }
    return set_last_modified(render(request, "portal/home.html", context), _latest(public))


@reader_cache
def listing(request: HttpRequest) -> HttpResponse:
    """Public items by category, year, department and form."""
    organisation = site_organisation()
    context = browse_context(request, organisation, AnonymousUser())
    return render(request, "portal/list.html", {**context, "base_template": "portal/base.html"})


@reader_cache
def search_page(request: HttpRequest) -> HttpResponse:
    """Full-text search of the public items, with highlighting."""
    organisation = site_organisation()
    context = search_context(request, organisation, AnonymousUser())
    return render(
        request, "portal/search.html", {**context, "base_template": "portal/base.html", "item_url": "portal:item"}
    )


def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the interface language (a harmless preference: GET, no token, so reading pages stay cacheable)."""
    response = HttpResponseRedirect(local_next(request, "/"))
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@reader_cache
def catalog(request: HttpRequest) -> HttpResponse:
    """The approved catalog as disclosed: its entries whose scope admits the visitor."""
    organisation = site_organisation()
    catalogs = list(published_catalogs(organisation))
    year = request.GET.get("year", "")
    chosen = next((c for c in catalogs if str(c.year) == year), catalogs[0] if catalogs else None)
    if year and (chosen is None or str(chosen.year) != year):
        raise Http404
    entries = published_entries(request.user, chosen) if chosen else []
    context = {"catalogs": catalogs, "catalog": chosen, "entries": entries}
    return render(request, "portal/catalog.html", context)


# --- disclosed items ------------------------------------------------------------------------------------------


def _readable(request: HttpRequest, pk: int) -> Disclosure:
    """A disclosure the visitor may read, else 404 — the same answer whether it is missing or out of scope."""
    organisation = site_organisation()
    queryset = visible_disclosures(request.user, organisation, as_reader=True).select_related(
        "organisation", "entry__category", "department", "scope"
    )
    return get_object_or_404(queryset, pk=pk)


@reader_cache
def item(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _readable(request, pk)
    form = ObjectionForm(request.POST or None)
    today = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done: list[Any] = []
        if attempt(
            request,
            lambda: done.append(
                services.objection_submit(
                    disclosure=disclosure, name=data["name"], contact=data["contact"], content=data["content"]
                )
            ),
            form,
        ):
            messages.success(request, _("您的意见已收到，查询码：%(code)s。") % {"code": done[0].tracking_code})
            return redirect("portal:item", pk=disclosure.pk)
    context = {
        "d": disclosure,
        "attachments": publishable(disclosure),
        "form": form,
        "window_open": disclosure.window_open_on(today),
    }
    return set_last_modified(render(request, "portal/item.html", context), disclosure.updated_at)


def file(request: HttpRequest, token: str) -> HttpResponse:
    """An attachment, by its unguessable token, to someone who may see its disclosure (evidence: only the
    people whose work it is)."""
    attachment = Attachment.objects.filter(token=token, removed=False).select_related("disclosure").first()
    if attachment is None:
        raise Http404
    allowed = (
        may_view(request.user, attachment.disclosure)
        if attachment.purpose == Attachment.Purpose.PUBLISH
        else may_work_on(request.user, attachment.disclosure)
    )
    if not allowed:
        raise Http404
    response = HttpResponse(read(attachment), content_type=mime_of(attachment))
    response["Content-Disposition"] = content_disposition_header(True, attachment.original_name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def item_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The A4 notice for the bulletin board, for an approved or published item the visitor may see."""
    organisation = site_organisation()
    disclosure = get_object_or_404(
        visible_disclosures(request.user, organisation).filter(
            state__in=[Disclosure.State.APPROVED, Disclosure.State.PUBLISHED]
        ),
        pk=pk,
    )
    response = HttpResponse(notice_pdf(disclosure), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{disclosure.title[:40]}.pdf") or "inline"
    response["Cache-Control"] = "private, no-store"
    return response
