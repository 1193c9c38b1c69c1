"""Reads of the organisation."""

from __future__ import annotations

from django.conf import settings

from gongkai.org.models import Body, Organisation


def current_organisation() -> Organisation | None:
    """The organisation this installation speaks for: GONGKAI_ORGANISATION_CODE, or the first one."""
    code = getattr(settings, "GONGKAI_ORGANISATION_CODE", "")
    queryset = Organisation.objects.all()
    if code:
        return queryset.filter(code=code).first()
    return queryset.order_by("id").first()


def body_of(organisation: Organisation, kind: str) -> Body | None:
    return Body.objects.filter(organisation=organisation, kind=kind).first()
