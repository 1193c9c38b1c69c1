"""Day boundaries, pinned on the day before, the day itself and the day after — in working days, around the 2026
Mid-Autumn and National Day holidays (25–27 September, 1–7 October) and the make-up working day of Saturday
10 October. A comparison flipped from < to <= in a window or a due date fails here."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from gongkai.catalog.obligations import Obligation, _status, due_soon_workdays
from gongkai.disclosures import services
from gongkai.disclosures.visibility import may_view
from gongkai.search.engine import search
from gongkai.workdays.calendar import Calendar
from tests.disclosures.test_windows import _appointment

pytestmark = pytest.mark.django_db
D = dt.date
CST = dt.timezone(dt.timedelta(hours=8))


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=CST)


# --- publicity windows ------------------------------------------------------------------------------------------


def test_a_window_is_open_all_of_its_last_day_and_closes_the_day_after(users, appointment):
    with time_machine.travel(_at(D(2026, 9, 25)), tick=False):
        item = _appointment(users, appointment)
    last = D(2026, 10, 9)
    assert item.window_ends_on == last
    assert not item.window_open_on(D(2026, 9, 27)) and item.window_open_on(D(2026, 9, 28))  # the first day
    assert item.window_open_on(last) and not item.window_closed_on(last)
    assert not item.window_open_on(last + dt.timedelta(days=1)) and item.window_closed_on(last + dt.timedelta(days=1))
    with time_machine.travel(_at(last, 23), tick=False):
        assert services.windows_close() == 0  # the last evening: still open
        assert may_view(AnonymousUser(), item) and search("任前公示", audiences={"public"}).total == 1
        services.objection_submit(disclosure=item, name="", contact="", content="最后一天的意见", today=last)
    with time_machine.travel(_at(last + dt.timedelta(days=1), 0), tick=False):
        assert services.windows_close() == 1
        assert not may_view(AnonymousUser(), item)


def test_a_window_opening_on_a_holiday_counts_from_the_next_working_day_and_the_make_up_saturday(users, appointment):
    with time_machine.travel(_at(D(2026, 9, 25)), tick=False):
        item = _appointment(users, appointment, window_starts_on=D(2026, 10, 1))
    # 8, 9, 10 (the make-up Saturday), 12, 13 October: five working days.
    assert item.window_ends_on == D(2026, 10, 13)
    assert Calendar().window_end(D(2026, 10, 1), 5) == D(2026, 10, 13)
    assert Calendar().window_end(D(2026, 10, 8), 3) == D(2026, 10, 10)  # a window may end on the make-up day
    assert Calendar().window_end(D(2026, 10, 8), 1) == D(2026, 10, 8)  # one day: the day it opens
    assert item.window_open_on(D(2026, 10, 13)) and item.window_closed_on(D(2026, 10, 14))


# --- obligations: due, due soon, overdue ------------------------------------------------------------------------

DUE = D(2026, 10, 8)  # the first working day after National Day


def _state(today: dt.date, fulfilled: dt.date | None = None) -> str:
    obligation = Obligation(
        entry=None,  # type: ignore[arg-type]  (the status rule reads the dates only)
        key="16:2026Q3",
        kind="period",
        label="2026年第三季度",
        period_start=D(2026, 7, 1),
        period_end=D(2026, 9, 30),
        due_on=DUE,
        fulfilled_on=fulfilled,
    )
    return _status(obligation, Calendar(), today)


def test_an_obligation_on_its_due_date_is_due_not_overdue_and_overdue_the_day_after(org):
    assert _state(DUE) == "due_soon"
    assert _state(D(2026, 10, 9)) == "overdue"
    assert _state(D(2026, 10, 7)) == "due_soon"  # a holiday before the due date


def test_the_due_soon_threshold_counts_working_days_across_the_holidays(org, settings):
    settings.GONGKAI_DUE_SOON_WORKDAYS = 5
    assert due_soon_workdays() == 5
    # Working days up to the due date, both ends counted: 24, 28, 29, 30 September and 8 October = 5.
    assert Calendar().count_workdays(D(2026, 9, 24), DUE) == 5
    assert _state(D(2026, 9, 24)) == "due_soon"  # exactly at the threshold
    assert _state(D(2026, 9, 23)) == "upcoming"  # one working day more
    assert _state(D(2026, 9, 26)) == "due_soon"  # a holiday inside the threshold
    settings.GONGKAI_DUE_SOON_WORKDAYS = 4
    assert _state(D(2026, 9, 24)) == "upcoming"
    assert _state(D(2026, 9, 25)) == "due_soon"  # a holiday: from it, 28, 29, 30 Sep and 8 Oct = 4


def test_fulfilled_on_the_due_date_is_on_time_and_a_day_later_is_late(org):
    assert _state(D(2026, 10, 20), fulfilled=DUE) == "fulfilled"
    assert _state(D(2026, 10, 20), fulfilled=D(2026, 10, 9)) == "late"
    assert _state(D(2026, 9, 1), fulfilled=D(2026, 8, 31)) == "fulfilled"  # before the period even ends
