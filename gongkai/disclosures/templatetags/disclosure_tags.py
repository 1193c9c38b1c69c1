"""How a disclosure's body is shown to readers (portal and workspace)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from gongkai.disclosures import richtext

register = template.Library()


@register.filter
def reading_body(body: str) -> SafeString:
    """The body, sanitised when it was saved (`richtext.sanitise`), with its tables made to fit a phone."""
    return mark_safe(richtext.for_reading(body, label=gettext("表格")))  # noqa: S308 — sanitised on save
