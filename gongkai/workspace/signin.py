"""Second-factor state of a signed-in user (django-otp's TOTP devices)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.org.permissions import must_use_second_factor


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def needs_second_factor(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return must_use_second_factor(
        user, required_roles=settings.GONGKAI_REQUIRE_2FA_ROLES, has_device=confirmed_device(user) is not None
    )
