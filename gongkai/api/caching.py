"""Cache headers. What anyone may read (an anonymous API answer, a feed, the sitemap) may be kept by a proxy
or the city portal for a minute and revalidated by its ETag; anything read with a token is never stored."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers

PUBLIC_MAX_AGE = 60


def shared(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    """Mark a successful response public for PUBLIC_MAX_AGE seconds with an ETag over its body; answer a
    matching If-None-Match with 304."""
    if response.status_code != 200 or response.streaming:
        return private(response)
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    patch_vary_headers(response, ["Authorization"])
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


def private(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["Authorization"])
    return response


def shared_view(view: Callable[..., Any]) -> Callable[..., HttpResponseBase]:
    """`shared()` for a view whose answer is the same for every visitor (feeds, the sitemap, robots.txt)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()  # a TemplateResponse (the sitemap) has no content until rendered
        return shared(request, response)

    return wrapper
