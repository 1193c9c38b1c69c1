"""The sitemap of what the public may read (the portal's home, the public catalog, every public item) and
robots.txt pointing to it. Addresses are made from GONGKAI_SITE_URL."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from gongkai.api.links import absolute, site_domain, site_scheme
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.visibility import visible_disclosures
from gongkai.org.selectors import current_organisation


class SiteSitemap(Sitemap):
    def get_domain(self, site: Any = None) -> str:
        return site_domain()

    def get_protocol(self, protocol: str | None = None) -> str:
        return site_scheme()


class PortalPages(SiteSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["portal:home", "portal:catalog"]

    def location(self, item: str) -> str:
        return reverse(item)


class PublicItems(SiteSitemap):
    """Every item the public may read now; a withdrawn item or a closed publicity notice drops out."""

    def items(self) -> Any:
        org = current_organisation()
        if org is None:
            return Disclosure.objects.none()
        return (
            visible_disclosures(AnonymousUser(), org, as_reader=True)
            .only("pk", "published_at", "corrected_at")
            .order_by("-published_at", "-id")
        )

    def location(self, item: Disclosure) -> str:
        return reverse("portal:item", args=[item.pk])

    def lastmod(self, item: Disclosure) -> datetime.datetime | None:
        return item.corrected_at or item.published_at


SITEMAPS = {"pages": PortalPages, "items": PublicItems}


def robots(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /workspace/",
        "Disallow: /manage/",
        "Disallow: /api/",
        "Disallow: /i18n/",
        f"Sitemap: {absolute(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
