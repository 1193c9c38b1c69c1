"""The unread-notice count in the workspace header: one COUNT, only on pages that show the header."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.notices.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notice_count(context: dict[str, Any]) -> int:
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
