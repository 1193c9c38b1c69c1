"""Reads of notices: a person sees their own notices only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.notices.models import Notice


def notices_for(user: Any) -> QuerySet[Notice]:
    """The user's notices, newest first."""
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_notices(user: Any) -> QuerySet[Notice]:
    return notices_for(user).filter(read_at__isnull=True)


def unread_count(user: Any) -> int:
    """One COUNT over the partial index of unread notices; 0 for an anonymous visitor."""
    if user is None or not user.is_authenticated:
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
