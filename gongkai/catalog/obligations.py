"""Obligations, derived from an approved catalog and the calendar — never stored.

Each periodic entry owes one disclosure per period; each phased entry one per stage (and a summary when the
work crosses the year); each long-term entry a yearly review; each immediate entry one per registered
triggering event. Whether an obligation is met comes from `Fulfilment` rows; due, due soon and overdue
follow from today's date and the working-day calendar.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.catalog.models import Catalog, Entry
from gongkai.workdays.calendar import Calendar, YearNotCovered

QUARTER_LABELS = [
    gettext_lazy("%(year)d年第一季度"),
    gettext_lazy("%(year)d年第二季度"),
    gettext_lazy("%(year)d年第三季度"),
    gettext_lazy("%(year)d年第四季度"),
]

STATUS_LABELS = {
    "fulfilled": gettext_lazy("已按时公开"),
    "late": gettext_lazy("逾期后公开"),
    "overdue": gettext_lazy("已逾期"),
    "due_soon": gettext_lazy("即将到期"),
    "upcoming": gettext_lazy("未到期"),
    "unknown": gettext_lazy("到期日待定"),
}


@dataclass(frozen=True)
class Obligation:
    entry: Entry
    key: str
    kind: str  # period, stage, summary, review, event
    label: str
    period_start: datetime.date | None
    period_end: datetime.date | None
    due_on: datetime.date | None
    warning: str = ""
    fulfilled_on: datetime.date | None = None
    status: str = field(default="upcoming")

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def due_soon_workdays() -> int:
    return int(getattr(settings, "GONGKAI_DUE_SOON_WORKDAYS", 5))


def _periods(year: int, period: str) -> Iterator[tuple[str, str, datetime.date, datetime.date]]:
    if period == Entry.Period.MONTHLY:
        for month in range(1, 13):
            last = month_calendar.monthrange(year, month)[1]
            yield (
                f"M{month:02d}",
                _("%(year)d年%(month)d月") % {"year": year, "month": month},
                datetime.date(year, month, 1),
                datetime.date(year, month, last),
            )
    elif period == Entry.Period.HALF_YEARLY:
        yield "H1", _("%(year)d年上半年") % {"year": year}, datetime.date(year, 1, 1), datetime.date(year, 6, 30)
        yield "H2", _("%(year)d年下半年") % {"year": year}, datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    elif period == Entry.Period.YEARLY:
        yield "Y", _("%(year)d年度") % {"year": year}, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    else:
        for q in range(4):
            start = datetime.date(year, 3 * q + 1, 1)
            end_month = 3 * q + 3
            end = datetime.date(year, end_month, month_calendar.monthrange(year, end_month)[1])
            yield f"Q{q + 1}", str(QUARTER_LABELS[q]) % {"year": year}, start, end


def _due(cal: Calendar, base: datetime.date, workdays: int) -> tuple[datetime.date | None, str]:
    try:
        return cal.add_workdays(base, workdays), ""
    except YearNotCovered as missing:
        return None, str(missing)


def _last_workday_of_month(cal: Calendar, year: int, month: int) -> tuple[datetime.date | None, str]:
    day = datetime.date(year, month, month_calendar.monthrange(year, month)[1])
    try:
        while not cal.is_workday(day):
            day -= datetime.timedelta(days=1)
    except YearNotCovered as missing:
        return None, str(missing)
    return day, ""


def _raw_obligations(entry: Entry, cal: Calendar) -> Iterator[Obligation]:
    year, code = entry.catalog.year, entry.code
    if entry.time_type == Entry.TimeType.PERIODIC:
        for suffix, label, start, end in _periods(year, entry.period):
            due, warning = _due(cal, end, entry.due_workdays)
            yield Obligation(entry, f"{code}:{year}{suffix}", "period", label, start, end, due, warning)
    elif entry.time_type == Entry.TimeType.PHASED:
        for stage in entry.stages.all():
            due, warning = _due(cal, stage.planned_on, entry.due_workdays)
            yield Obligation(entry, f"{code}:S{stage.order}", "stage", stage.name, None, stage.planned_on, due, warning)
        if entry.crosses_year and entry.work_ends_on:
            due, warning = _due(cal, entry.work_ends_on, entry.due_workdays)
            yield Obligation(
                entry, f"{code}:SUMMARY", "summary", _("总结性公开"), None, entry.work_ends_on, due, warning
            )
    elif entry.time_type == Entry.TimeType.LONG_TERM:
        due, warning = _last_workday_of_month(cal, year, entry.review_month)
        yield Obligation(
            entry, f"{code}:{year}REVIEW", "review", _("%(year)d年度复核") % {"year": year}, None, None, due, warning
        )
    else:
        for event in entry.events.all():
            due, warning = _due(cal, event.occurred_on, entry.due_workdays)
            yield Obligation(
                entry, f"{code}:E{event.pk}", "event", event.description, None, event.occurred_on, due, warning
            )


def _still_owed(entry: Entry, obligation: Obligation) -> bool:
    """A revoked entry owes nothing; a terminated one keeps what began before it ended."""
    if entry.status == Entry.Status.REVOKED:
        return False
    if entry.status == Entry.Status.TERMINATED and entry.ended_on:
        began = obligation.period_start or obligation.period_end or obligation.due_on
        return began is None or began < entry.ended_on
    return True


def _status(obligation: Obligation, cal: Calendar, today: datetime.date) -> str:
    due, done = obligation.due_on, obligation.fulfilled_on
    if done is not None:
        return "late" if due is not None and done > due else "fulfilled"
    if due is None:
        return "unknown"
    if today > due:
        return "overdue"
    try:
        if cal.count_workdays(today, due) <= due_soon_workdays():
            return "due_soon"
    except YearNotCovered:
        return "upcoming"
    return "upcoming"


def _entries(catalog: Catalog) -> QuerySet[Entry]:
    return catalog.entries.select_related("catalog", "category", "department", "scope").prefetch_related(
        "stages", "events", "fulfilments", "forms"
    )


def obligations_of(entries: Iterable[Entry], *, today: datetime.date | None = None) -> list[Obligation]:
    """Every obligation of these entries with its status on `today`, sorted by due date."""
    today = today or timezone.localdate()
    cal = Calendar()
    result: list[Obligation] = []
    for entry in entries:
        done = {f.obligation_key: f.fulfilled_on for f in entry.fulfilments.all()}
        for raw in _raw_obligations(entry, cal):
            if not _still_owed(entry, raw):
                continue
            with_fulfilment = replace(raw, fulfilled_on=done.get(raw.key))
            result.append(replace(with_fulfilment, status=_status(with_fulfilment, cal, today)))
    return sorted(result, key=lambda o: (o.due_on or datetime.date.max, o.entry.order, o.entry.code, o.key))


def obligations_for_catalog(catalog: Catalog, *, today: datetime.date | None = None) -> list[Obligation]:
    if not catalog.is_approved:
        return []
    return obligations_of(_entries(catalog), today=today)


def find_obligation(entry: Entry, key: str) -> Obligation | None:
    return next((o for o in obligations_of([entry]) if o.key == key), None)
