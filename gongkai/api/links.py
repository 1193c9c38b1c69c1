"""Absolute addresses, from GONGKAI_SITE_URL: the address people and other systems use to reach the platform.

The API, the feeds and the sitemap name their links from the setting rather than from the request's Host
header, so a response cached by a proxy or fetched under an internal host name still links to the public site.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.GONGKAI_SITE_URL.rstrip("/") + path


def site_domain() -> str:
    return urlsplit(settings.GONGKAI_SITE_URL).netloc


def site_scheme() -> str:
    return urlsplit(settings.GONGKAI_SITE_URL).scheme


def item_url(pk: int) -> str:
    return absolute(reverse("portal:item", args=[pk]))


def file_url(token: str) -> str:
    return absolute(reverse("portal:file", args=[token]))
