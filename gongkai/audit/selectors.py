"""Reads of the audit trail. The caller has checked `may_read_audit`."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.audit.models import AuditRecord


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def search_records(
    *,
    actor: str = "",
    action: str = "",
    target_type: str = "",
    role: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    **_: Any,
) -> QuerySet[AuditRecord]:
    records = AuditRecord.objects.select_related("actor").order_by("-seq")
    if actor:
        records = records.filter(Q(actor_name__icontains=actor) | Q(actor__username__iexact=actor))
    if action:
        records = records.filter(action__istartswith=action)
    if target_type:
        records = records.filter(target_type__icontains=target_type)
    if role:
        records = records.filter(role=role)
    if date_from:
        records = records.filter(at__gte=_day_start(date_from))
    if date_to:
        records = records.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return records
