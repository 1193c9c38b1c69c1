"""HTTP caching for reading pages: public and short-lived for anonymous visitors (a reverse proxy or the city
portal may keep them), private for signed-in users, whose pages depend on their scope. ETags come from
ConditionalGetMiddleware; Last-Modified from the data."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

View = Callable[..., HttpResponse]


def reader_cache(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated or request.method != "GET" or response.status_code != 200:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=getattr(settings, "GONGKAI_PUBLIC_MAX_AGE", 60))
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


def set_last_modified(response: HttpResponse, moment: datetime.datetime | None) -> HttpResponse:
    if moment is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(moment.timestamp())
    return response
