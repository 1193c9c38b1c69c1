import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog import services
from gongkai.catalog.models import Catalog
from gongkai.catalog.obligations import obligations_for_catalog
from gongkai.errors import NotAllowed
from gongkai.workdays.models import CalendarYear, DayOverride

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def catalog2026(org):
    return Catalog.objects.get(organisation=org, year=2026)


def _of(catalog, code, today=None):
    today = today or D(2026, 6, 1)
    return [o for o in obligations_for_catalog(catalog, today=today) if o.entry.code == code]


def test_a_quarterly_q3_obligation_lands_after_the_national_day_holiday(catalog2026):
    q = {o.key.split(":")[1]: o for o in _of(catalog2026, "16")}
    assert list(q) == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    # 5 working days after 30 September: 8, 9, 10 (make-up Saturday), 12, 13 October
    assert q["2026Q3"].due_on == D(2026, 10, 13) and q["2026Q3"].label == "2026年第三季度"
    assert q["2026Q1"].due_on == D(2026, 4, 8)  # 1-3 April, then Qingming 4-6 April, 7, 8


def test_q4_waits_for_the_2027_calendar_and_says_so(catalog2026):
    q4 = _of(catalog2026, "16")[-1]
    assert q4.due_on is None and q4.status == "unknown" and "2027" in q4.warning
    DayOverride.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    CalendarYear.objects.create(year=2027, source="国务院办公厅通知")
    q4 = _of(catalog2026, "16")[-1]
    assert q4.due_on == D(2027, 1, 8) and not q4.warning  # 4-8 January


def test_half_yearly_monthly_yearly_and_long_term(catalog2026):
    assert [o.label for o in _of(catalog2026, "06")] == ["2026年上半年", "2026年下半年"]
    assert [o.label for o in _of(catalog2026, "14")] == ["2026年度"]
    review = _of(catalog2026, "03")
    assert len(review) == 1 and review[0].kind == "review" and review[0].due_on == D(2026, 3, 31)


def test_phased_stages_and_the_cross_year_summary(catalog2026):
    phased = _of(catalog2026, "17")
    assert [o.kind for o in phased] == ["stage", "stage", "stage", "summary"]
    assert phased[0].due_on == D(2026, 4, 8)  # 31 March + 5 working days across Qingming
    assert phased[-1].label == "总结性公开" and "2027" in phased[-1].warning


def test_statuses_follow_today_and_fulfilment(catalog2026, users):
    entry = catalog2026.entries.get(code="16")
    statuses = {o.key: o.status for o in _of(catalog2026, "16", today=D(2026, 7, 2))}
    # Q1 was due 8 April; Q2 is due 7 July, four working days away
    assert statuses["16:2026Q1"] == "overdue" and statuses["16:2026Q2"] == "due_soon"
    services.fulfilment_record(
        actor=users["editor_xm"],
        entry=entry,
        obligation_key="16:2026Q1",
        fulfilled_on=D(2026, 4, 3),
        source=("test", "1"),
    )
    services.fulfilment_record(
        actor=users["editor_xm"],
        entry=entry,
        obligation_key="16:2026Q2",
        fulfilled_on=D(2026, 7, 20),
        source=("test", "2"),
    )
    statuses = {o.key: o.status for o in _of(catalog2026, "16", today=D(2026, 7, 21))}
    assert statuses["16:2026Q1"] == "fulfilled" and statuses["16:2026Q2"] == "late"
    assert statuses["16:2026Q3"] == "upcoming"


def test_an_immediate_entry_owes_one_disclosure_per_registered_event(catalog2026, users):
    entry = catalog2026.entries.get(code="09")
    assert _of(catalog2026, "09") == []
    services.trigger_event_register(
        actor=users["editor_rs"],
        entry=entry,
        occurred_on=D(2026, 9, 28),
        description="局党组研究决定拟任张三为外资科科长",
    )
    (obligation,) = _of(catalog2026, "09")
    assert obligation.due_on == D(2026, 9, 30)  # 2 working days
    with pytest.raises(NotAllowed):
        services.trigger_event_register(
            actor=users["editor_xm"], entry=entry, occurred_on=D(2026, 9, 28), description="x"
        )
    with pytest.raises(ValidationError):
        services.trigger_event_register(
            actor=users["editor_rs"], entry=entry, occurred_on=D(2026, 9, 28), description=" "
        )


def test_revoked_entries_owe_nothing_and_terminated_ones_keep_what_began(catalog2026, users):
    for code, kind in (("13", "terminate"), ("16", "revoke")):
        change = services.change_request_create(
            actor=users["office"],
            catalog=catalog2026,
            kind=kind,
            entry=catalog2026.entries.get(code=code),
            reason="调整",
            effective_on=D(2026, 7, 1),
        )
        services.change_request_decide(
            actor=users["partygroup"],
            change=change,
            approve=True,
            meeting_date=D(2026, 6, 30),
            minute_ref="党组〔2026〕5号",
        )
    assert _of(catalog2026, "16") == []
    assert [o.label for o in _of(catalog2026, "13")] == ["2026年第一季度", "2026年第二季度"]
