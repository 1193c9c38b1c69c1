from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
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

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        """A signed-in person refused a page or an act (403) is a security event: on the record, then the
        usual 403 page. Anonymous refusals are sign-in redirects, not recorded."""
        user = getattr(request, "user", None)
        if isinstance(exception, PermissionDenied) and getattr(user, "is_authenticated", False):
            from gongkai.audit.trail import record

            with transaction.atomic():
                record(
                    actor=user,
                    action="auth.refused",
                    target=("http.path", request.method, request.path[:300]),
                    note=str(exception)[:500],
                )
        return None
