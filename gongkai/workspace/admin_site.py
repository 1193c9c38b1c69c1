"""The admin, opened to the office, the security and the system administrators by gongkai's own rules."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.org import permissions


class GongkaiAdminSite(admin.AdminSite):
    site_header = _("党务公开平台 · 管理")
    site_title = _("党务公开平台管理")
    index_title = _("管理")

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:
        """One sign-in for the whole platform, with its lockout and second factor."""
        return redirect_to_login(request.get_full_path(), reverse("workspace:login"))

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and permissions.may_use_admin(request.user))
