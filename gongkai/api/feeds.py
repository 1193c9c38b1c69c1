"""RSS 2.0 and Atom feeds of the public items, overall and per content category.

Feeds are read as the public reads them, whoever asks: `visible_disclosures(AnonymousUser(), …, as_reader=True)`.
A signed-in visitor's feed reader must never carry restricted items into a place that others read.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from gongkai.api.links import absolute, item_url
from gongkai.api.representations import excerpt
from gongkai.catalog.models import Category
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.visibility import visible_disclosures
from gongkai.org.models import Organisation
from gongkai.org.selectors import current_organisation

FEED_LENGTH = 30


def public_items(org: Organisation) -> QuerySet[Disclosure]:
    """What anyone may read, newest first."""
    return (
        visible_disclosures(AnonymousUser(), org, as_reader=True)
        .select_related("entry__category", "department")
        .order_by("-published_at", "-id")
    )


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment) if moment else None


class Source:
    """What a feed is about: the organisation, and one category or all of them."""

    def __init__(self, org: Organisation, category: Category | None) -> None:
        self.org, self.category = org, category


class PublicItemsRss(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    language = "zh-CN"
    route = "feeds:rss"

    def get_object(self, request: HttpRequest, code: str | None = None) -> Source:
        org = current_organisation()
        if org is None:
            raise Http404
        category = None
        if code is not None:
            category = Category.objects.filter(organisation=org, code=code).first()
            if category is None:
                raise Http404
        return Source(org, category)

    def title(self, source: Source) -> str:
        name = _("%(org)s党务公开") % {"org": source.org.name}
        return f"{name} · {source.category.name}" if source.category else name

    def link(self, source: Source) -> str:
        return absolute(reverse("portal:home"))

    def feed_url(self, source: Source) -> str:
        if source.category:
            return absolute(reverse(f"{self.route}_category", args=[source.category.code]))
        return absolute(reverse(self.route))

    def description(self, source: Source) -> str:
        return _("向社会公开的党务公开事项，最新 %(n)d 条。") % {"n": FEED_LENGTH}

    def items(self, source: Source) -> list[Disclosure]:
        rows = public_items(source.org)
        if source.category:
            rows = rows.filter(entry__category=source.category)
        return list(rows[:FEED_LENGTH])

    def item_title(self, item: Disclosure) -> str:
        return item.title

    def item_description(self, item: Disclosure) -> str:
        return excerpt(item.body_text)

    def item_link(self, item: Disclosure) -> str:
        return item_url(item.pk)

    def item_guid(self, item: Disclosure) -> str:
        return item_url(item.pk)

    def item_pubdate(self, item: Disclosure) -> datetime.datetime | None:
        return _local(item.published_at)

    def item_updateddate(self, item: Disclosure) -> datetime.datetime | None:
        return _local(item.corrected_at or item.published_at)

    def item_categories(self, item: Disclosure) -> list[str]:
        return [item.entry.category.name]

    def item_author_name(self, item: Disclosure) -> str:
        return item.department.name


class PublicItemsAtom(PublicItemsRss):
    feed_type = Atom1Feed
    route = "feeds:atom"

    def subtitle(self, source: Source) -> str:
        return self.description(source)
