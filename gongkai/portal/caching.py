"""HTTP caching for reading pages.

- Anonymous visitors get `Cache-Control: public, max-age=60` (a reverse proxy or the city portal may keep the
  page) — unless the response sets a cookie (a form's CSRF token) or shows this visitor a message (a tracking
  code): those are `private, no-store`. Signed-in users get private pages, since what they see depends on their
  scope. ETags come from
  ConditionalGetMiddleware, Last-Modified from the data.
- The server also keeps anonymous pages in its cache (local memory, or Redis with REDIS_URL). The key holds the
  number of the latest audit record: every change to any record is audited in its own transaction, so any
  publication, withdrawal or correction makes every cached page stale at once, in every process — and a
  page never outlives the change that should remove it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from gongkai.audit.models import AuditRecord

View = Callable[..., HttpResponse]
KEPT_HEADERS = ("Content-Type", "Last-Modified")


def _generation() -> int:
    return AuditRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def _key(request: HttpRequest) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{get_language()}:{_generation()}:{address}"


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
    )


def _store(key: str, response: HttpResponse) -> None:
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    cache.set(key, (response.content, headers), getattr(settings, "GONGKAI_PAGE_CACHE_SECONDS", 300))


def _rebuild(entry: tuple[bytes, dict[str, str]]) -> HttpResponse:
    content, headers = entry
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def _anonymous_page(view: View, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    key = _key(request)
    entry = cache.get(key)
    if entry is not None:
        return _rebuild(entry)
    response = view(request, *args, **kwargs)
    if _cacheable(request, response):
        _store(key, response)
    return response


def _carries_messages(request: HttpRequest) -> bool:
    """A flash message (e.g. a tracking code just given out) waits for this visitor: the page is theirs alone."""
    return CookieStorage.cookie_name in request.COOKIES or SessionStorage.session_key in getattr(request, "session", {})


def reader_cache(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        anonymous = not request.user.is_authenticated and request.method == "GET"
        shared = anonymous and not _carries_messages(request)
        response = _anonymous_page(view, request, *args, **kwargs) if shared else view(request, *args, **kwargs)
        if shared and _cacheable(request, response):
            patch_cache_control(response, public=True, max_age=getattr(settings, "GONGKAI_PUBLIC_MAX_AGE", 60))
        elif response.cookies or (anonymous and not shared):
            # A cookie set, or a message shown (a tracking code): no shared cache, and no copy on disk either.
            patch_cache_control(response, private=True, no_store=True)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


def set_last_modified(response: HttpResponse, moment: datetime.datetime | None) -> HttpResponse:
    if moment is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(moment.timestamp())
    return response
