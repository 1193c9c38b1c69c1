"""Obligation reminders: the quarterly entry 16 (季度招商引资工作情况, 项目管理科) of the demo 2026 catalog.

Its second quarter is due on 7 July 2026 (5 working days after 30 June): due soon on 2 July, overdue on 8 July.
"""

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.core import mail
from huey.consumer import Scheduler
from huey.contrib.djhuey import HUEY

from gongkai.catalog import services
from gongkai.catalog.models import Catalog
from gongkai.catalog.reminders import send_obligation_reminders
from gongkai.catalog.tasks import obligation_reminders
from gongkai.notices.models import Notice

pytestmark = pytest.mark.django_db

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
DUE_SOON_DAY, OVERDUE_DAY = dt.date(2026, 7, 2), dt.date(2026, 7, 8)
DUE_SOON_KEY = "obligation:due_soon:2026:16:2026Q2"
OVERDUE_KEY = "obligation:overdue:2026:16:2026Q2"
RECIPIENTS = ["editor_xm", "office", "office2"]
SUBJECT_PART = "季度招商引资工作情况（2026年第二季度）"


@pytest.fixture
def entry16(org):
    return Catalog.objects.get(organisation=org, year=2026).entries.get(code="16")


def _recipients(key):
    return sorted(Notice.objects.filter(key=key).values_list("recipient__username", flat=True))


def _mailed_about_q2(word):
    return sorted(m.to[0].split("@")[0] for m in mail.outbox if SUBJECT_PART in m.subject and word in m.subject)


def test_due_soon_then_overdue_each_reach_editor_and_office_once(entry16, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_obligation_reminders(today=DUE_SOON_DAY) > 0
        assert send_obligation_reminders(today=DUE_SOON_DAY) == 0  # a re-run sends nothing twice
    assert _recipients(DUE_SOON_KEY) == RECIPIENTS
    assert _mailed_about_q2("即将到期") == RECIPIENTS
    notice = Notice.objects.filter(key=DUE_SOON_KEY).first()
    assert notice.title == "公开义务即将到期：季度招商引资工作情况（2026年第二季度）"
    assert "应公开日期：2026年7月7日" in notice.body and "项目管理科" in notice.body
    assert notice.url == f"/workspace/entries/{entry16.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        send_obligation_reminders(today=OVERDUE_DAY)
        send_obligation_reminders(today=OVERDUE_DAY + dt.timedelta(days=1))
    assert _recipients(OVERDUE_KEY) == RECIPIENTS
    assert _mailed_about_q2("已逾期") == RECIPIENTS
    assert _mailed_about_q2("即将到期") == RECIPIENTS  # still once


def test_a_fulfilled_obligation_is_not_chased(entry16, users, django_capture_on_commit_callbacks):
    services.fulfilment_record(
        actor=users["editor_xm"],
        entry=entry16,
        obligation_key="16:2026Q2",
        fulfilled_on=dt.date(2026, 7, 1),
        source=("test", "1"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_obligation_reminders(today=DUE_SOON_DAY)
        send_obligation_reminders(today=OVERDUE_DAY)
    assert not Notice.objects.filter(key__in=[DUE_SOON_KEY, OVERDUE_KEY]).exists()
    assert _mailed_about_q2("") == []
    assert Notice.objects.filter(key="obligation:overdue:2026:16:2026Q1").exists()  # Q1 was not fulfilled


def test_the_department_mailbox_is_written_once_per_reminder(entry16, django_capture_on_commit_callbacks):
    department = entry16.department
    department.email = "xmglk@zsj.example.gov.cn"
    department.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_obligation_reminders(today=DUE_SOON_DAY)
        send_obligation_reminders(today=DUE_SOON_DAY)
    assert _mailed_about_q2("即将到期") == [*RECIPIENTS, "xmglk"]


def test_inactive_people_and_other_departments_are_not_told(entry16, users, django_capture_on_commit_callbacks):
    users["office2"].is_active = False
    users["office2"].save()
    with django_capture_on_commit_callbacks(execute=True):
        send_obligation_reminders(today=DUE_SOON_DAY)
    assert _recipients(DUE_SOON_KEY) == ["editor_xm", "office"]


def test_the_scheduled_task_sends_the_reminder_mail_through_huey(entry16, django_capture_on_commit_callbacks):
    """The issue's test: a quarterly obligation left unfulfilled turns overdue, the scheduler mails the reminder."""
    assert HUEY.immediate  # tests run huey in immediate mode: an enqueued task is executed at once
    at_eight = dt.datetime(2026, 7, 8, 8, 0, tzinfo=BEIJING)
    with time_machine.travel(at_eight, tick=False), django_capture_on_commit_callbacks(execute=True):
        # What the consumer's scheduler does every minute: ask huey which periodic tasks are due, enqueue them.
        Scheduler(HUEY, threading.Event(), 1, True).enqueue_periodic_tasks(HUEY._get_timestamp())
    assert _recipients(OVERDUE_KEY) == RECIPIENTS
    assert _mailed_about_q2("已逾期") == RECIPIENTS


def test_calling_the_task_enqueues_it_and_huey_runs_it(entry16, django_capture_on_commit_callbacks):
    nine = dt.datetime(2026, 7, 2, 9, 0, tzinfo=BEIJING)
    with time_machine.travel(nine, tick=False), django_capture_on_commit_callbacks(execute=True):
        obligation_reminders()  # enqueue; immediate mode executes it on the spot (periodic: no result kept)
    assert _recipients(DUE_SOON_KEY) == RECIPIENTS
    assert _mailed_about_q2("即将到期") == RECIPIENTS


@pytest.mark.parametrize(
    ("beijing_time", "runs"),
    [
        (dt.datetime(2026, 7, 2, 8, 0), True),
        (dt.datetime(2026, 7, 2, 18, 0), True),
        (dt.datetime(2026, 7, 2, 8, 30), False),
        (dt.datetime(2026, 7, 2, 7, 0), False),
        (dt.datetime(2026, 7, 2, 19, 0), False),
        (dt.datetime(2026, 7, 2, 0, 0), False),  # midnight in Beijing is 16:00 UTC: the local hour counts
    ],
)
def test_the_reminders_are_scheduled_hourly_from_eight_to_eighteen_beijing_time(beijing_time, runs):
    utc_naive = beijing_time.replace(tzinfo=BEIJING).astimezone(dt.UTC).replace(tzinfo=None)
    assert (obligation_reminders.task_class in {type(t) for t in HUEY.read_periodic(utc_naive)}) is runs
