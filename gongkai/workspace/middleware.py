from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.http import urlencode

from gongkai.workspace.signin import confirmed_device, needs_second_factor

_OPEN_VIEWS = {
    "workspace:login",
    "workspace:logout",
    "workspace:otp_verify",
    "workspace:otp_setup",
    "set_language",
    "portal:language",
}


class SecondFactorMiddleware:
    """A user who must use a second factor sees nothing but the second-factor pages until verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        if user.is_authenticated and not verified and not self._is_open(request) and needs_second_factor(user):
            target = "workspace:otp_verify" if confirmed_device(user) else "workspace:otp_setup"
            return redirect(f"{_url(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_open(request: HttpRequest) -> bool:
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        # The API never reads the session (its caller is the bearer token): it answers as for anyone else.
        return match.view_name in _OPEN_VIEWS or match.namespace == "api"


class PasswordChangeRequiredMiddleware:
    """Someone whose password was set by another person (`User.must_change_password`) sets a new one before
    anything else: every page but sign-in, sign-out, the second factor and the password page itself sends them
    there. (After the second factor: that comes first.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if getattr(user, "must_change_password", False) and not _is_password_open(request):
            return redirect(f"{_url('workspace:password_change')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _is_password_open(request: HttpRequest) -> bool:
    if SecondFactorMiddleware._is_open(request):
        return True
    return resolve(request.path_info).view_name == "workspace:password_change"


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
