"""China's working-day calendar: public holidays and make-up working days (调休).

A day is decided by, in order: an override the office entered; the `chinese-calendar` package for the
years it knows; plain weekdays for a year the office has declared entered in full. For any other year the
calculation refuses with `YearNotCovered` — it never silently treats weekends as the only days off.
"""

from __future__ import annotations

import datetime
from functools import cached_property

import chinese_calendar
from chinese_calendar.constants import holidays as _PACKAGE_HOLIDAYS
from chinese_calendar.constants import workdays as _PACKAGE_WORKDAYS
from django.utils.translation import gettext as _

from gongkai.workdays.models import CalendarYear, DayOverride

PACKAGE_YEARS = frozenset(d.year for d in (*_PACKAGE_HOLIDAYS, *_PACKAGE_WORKDAYS))
_MAX_SPAN_DAYS = 3 * 366  # no calculation looks further than this; protects against runaway input


class YearNotCovered(ValueError):
    """The calendar does not know the holidays of a year yet."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            _(
                "工作日历尚未收录%(year)d年的法定节假日和调休安排，无法按工作日计算。请领导小组办公室先在“工作日历”中录入该年度安排。"
            )
            % {"year": year}
        )


class Calendar:
    """One snapshot of the calendar: the overrides and entered years, read once."""

    @cached_property
    def overrides(self) -> dict[datetime.date, bool]:
        return dict(DayOverride.objects.values_list("date", "is_workday"))

    @cached_property
    def entered_years(self) -> frozenset[int]:
        return frozenset(CalendarYear.objects.values_list("year", flat=True))

    def covers(self, year: int) -> bool:
        return year in PACKAGE_YEARS or year in self.entered_years

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in PACKAGE_YEARS:
            return bool(chinese_calendar.is_workday(day))
        if day.year in self.entered_years:
            return day.weekday() < 5
        raise YearNotCovered(day.year)

    def add_workdays(self, start: datetime.date, count: int) -> datetime.date:
        """The day `count` working days after `start` (`start` itself not counted); 0 gives `start`."""
        if count < 0:
            raise ValueError(_("工作日数不能为负数。"))
        day, left = start, count
        while left:
            day = self._step(day, start)
            if self.is_workday(day):
                left -= 1
        return day

    def window_end(self, start: datetime.date, length: int) -> datetime.date:
        """The last day of a window of `length` working days that opens on `start` (counted if a working day)."""
        if length < 1:
            raise ValueError(_("公示期至少为 1 个工作日。"))
        first = start if self.is_workday(start) else self.add_workdays(start, 1)
        return self.add_workdays(first, length - 1)

    def count_workdays(self, start: datetime.date, end: datetime.date) -> int:
        """Working days from `start` to `end`, both included; 0 when `end` is before `start`."""
        if (end - start).days > _MAX_SPAN_DAYS:
            raise ValueError(_("计算区间过长。"))
        total, day = 0, start
        while day <= end:
            total += self.is_workday(day)
            day += datetime.timedelta(days=1)
        return total

    @staticmethod
    def _step(day: datetime.date, start: datetime.date) -> datetime.date:
        nxt = day + datetime.timedelta(days=1)
        if (nxt - start).days > _MAX_SPAN_DAYS:
            raise ValueError(_("计算区间过长。"))
        return nxt


def is_workday(day: datetime.date) -> bool:
    return Calendar().is_workday(day)


def add_workdays(start: datetime.date, count: int) -> datetime.date:
    return Calendar().add_workdays(start, count)


def window_end(start: datetime.date, length: int) -> datetime.date:
    return Calendar().window_end(start, length)


def count_workdays(start: datetime.date, end: datetime.date) -> int:
    return Calendar().count_workdays(start, end)
