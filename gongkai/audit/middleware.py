from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gongkai.audit.context import request_ip, request_user


class AuditContextMiddleware:
    """Remembers the client address for the audit records written while serving this request.

    REMOTE_ADDR only: behind a reverse proxy, configure the proxy to pass the client address to gunicorn
    (`--forwarded-allow-ips`), never trust a header the client can set.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_ip.set(request.META.get("REMOTE_ADDR") or None)
        user_token = request_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            request_user.reset(user_token)
            request_ip.reset(token)
