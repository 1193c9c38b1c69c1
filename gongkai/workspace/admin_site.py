"""The admin, opened to the office, the security and the system administrators by gongkai's own rules."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.org import permissions

# Permission groups (roles are derived, never granted), second-factor devices (enrolled by their owner on the
# sign-in pages; resetting one is not an admin act here).
UNMANAGED = ("auth.Group", "otp_totp.TOTPDevice", "otp_static.StaticDevice")


class GongkaiAdminSite(admin.AdminSite):
    site_header = _("党务公开平台 · 管理")
    site_title = _("党务公开平台管理")
    index_title = _("管理")

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:
        """One sign-in for the whole platform, with its lockout and second factor."""
        return redirect_to_login(request.get_full_path(), reverse("workspace:login"))

    def get_urls(self) -> list[Any]:
        """Every model in this admin is changed through an audited path; third-party admins that none of our
        roles manages (and whose changes would go unrecorded) are left out. Called after autodiscovery."""
        for label in UNMANAGED:
            model = apps.get_model(label)
            if self.is_registered(model):
                self.unregister(model)
        return super().get_urls()

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and permissions.may_use_admin(request.user))
