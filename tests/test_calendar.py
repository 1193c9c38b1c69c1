import datetime as dt

import pytest

from gongkai.workdays.calendar import YearNotCovered, add_workdays, count_workdays, is_workday, window_end
from gongkai.workdays.models import CalendarYear, DayOverride

D = dt.date
pytestmark = pytest.mark.django_db


def test_spring_festival_2026_is_off_and_its_make_up_saturdays_are_working_days():
    assert [is_workday(D(2026, 2, d)) for d in range(15, 24)] == [False] * 9
    assert is_workday(D(2026, 2, 14))  # Saturday, 调休上班
    assert is_workday(D(2026, 2, 28))  # Saturday, 调休上班
    assert is_workday(D(2026, 2, 24))


def test_mid_autumn_and_national_day_2026():
    assert not any(is_workday(D(2026, 9, d)) for d in (25, 26, 27))
    assert is_workday(D(2026, 9, 20))  # Sunday, 调休上班
    assert not any(is_workday(D(2026, 10, d)) for d in range(1, 8))
    assert is_workday(D(2026, 10, 10))  # Saturday, 调休上班
    assert not is_workday(D(2026, 10, 11))


def test_add_workdays_skips_the_national_day_holiday():
    assert add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)  # the make-up Saturday counts
    assert add_workdays(D(2026, 9, 30), 0) == D(2026, 9, 30)


def test_publicity_window_of_five_working_days_from_28_september_ends_9_october():
    assert window_end(D(2026, 9, 28), 5) == D(2026, 10, 9)


def test_window_opening_on_a_holiday_starts_on_the_next_working_day():
    assert window_end(D(2026, 10, 3), 1) == D(2026, 10, 8)


def test_count_workdays_includes_both_ends_and_make_up_days():
    assert count_workdays(D(2026, 10, 1), D(2026, 10, 11)) == 3  # 8, 9 and the Saturday 10th
    # 9-14 (the Saturday 14th works), 15-23 off, 24-28 (the Saturday 28th works)
    assert count_workdays(D(2026, 2, 9), D(2026, 2, 28)) == 11
    assert count_workdays(D(2026, 3, 2), D(2026, 3, 1)) == 0


def test_negative_or_empty_windows_are_refused():
    with pytest.raises(ValueError):
        add_workdays(D(2026, 5, 6), -1)
    with pytest.raises(ValueError):
        window_end(D(2026, 5, 6), 0)


def test_a_window_into_2027_is_refused_until_2027_is_entered_then_counts_its_holidays():
    start = D(2026, 12, 28)
    with pytest.raises(YearNotCovered) as refused:
        window_end(start, 5)
    assert "2027" in str(refused.value) and "工作日历" in str(refused.value)

    DayOverride.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    CalendarYear.objects.create(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    # 28, 29, 30, 31 December, then 1 January 2027 is a holiday, 2-3 a weekend: the fifth day is 4 January.
    assert window_end(start, 5) == D(2027, 1, 4)


def test_an_override_beats_the_package():
    DayOverride.objects.create(date=D(2026, 10, 8), is_workday=False, name="临时调整")
    assert add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 9)


def test_each_refusal_says_why_in_chinese():
    with pytest.raises(ValueError) as negative:
        add_workdays(D(2026, 5, 6), -1)
    assert str(negative.value) == "工作日数不能为负数。"
    with pytest.raises(ValueError) as empty:
        window_end(D(2026, 5, 6), 0)
    assert str(empty.value) == "公示期至少为 1 个工作日。"
    with pytest.raises(YearNotCovered) as unknown:
        is_workday(D(2031, 3, 3))
    assert unknown.value.year == 2031
    assert str(unknown.value) == (
        "工作日历尚未收录2031年的法定节假日和调休安排，无法按工作日计算。请领导小组办公室先在“工作日历”中录入该年度安排。"
    )


def test_a_year_is_covered_by_the_package_or_once_entered(org):
    from gongkai.workdays.calendar import Calendar

    assert Calendar().covers(2026) and not Calendar().covers(2031)
    CalendarYear.objects.create(year=2031, source="国务院办公厅关于2031年部分节假日安排的通知")
    assert Calendar().covers(2031)
    assert is_workday(D(2031, 3, 3)) and not is_workday(D(2031, 3, 1))  # an entered year: plain weekdays


def test_calculations_span_at_most_the_bound_and_refuse_one_day_more(monkeypatch):
    from gongkai.workdays import calendar

    monkeypatch.setattr(calendar, "_MAX_SPAN_DAYS", 10)
    start = D(2026, 6, 1)  # a Monday; 11 June (10 days on) is a Thursday, a working day
    assert count_workdays(start, start + dt.timedelta(days=10)) == 9
    with pytest.raises(ValueError) as too_long:
        count_workdays(start, start + dt.timedelta(days=11))
    assert str(too_long.value) == "计算区间过长。"
    assert add_workdays(start, 8) == D(2026, 6, 11)  # the 8th working day after 1 June is exactly 10 days on
    with pytest.raises(ValueError) as runaway:
        add_workdays(start, 9)  # would need 12 June, 11 days on
    assert str(runaway.value) == "计算区间过长。"
