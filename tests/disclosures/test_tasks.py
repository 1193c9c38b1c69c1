import datetime as dt

import pytest
import time_machine

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.tasks import WINDOW_SCHEDULE, close_windows
from tests.disclosures.test_windows import CST, _appointment

pytestmark = pytest.mark.django_db


def test_the_scheduler_closes_an_ended_window(users, appointment):
    with time_machine.travel(dt.datetime(2026, 9, 25, 9, tzinfo=CST), tick=False):
        item = _appointment(users, appointment)
    assert WINDOW_SCHEDULE(dt.datetime(2026, 10, 9, 16, 5))  # 00:05 on 10 October in Beijing, as huey passes UTC
    with time_machine.travel(dt.datetime(2026, 10, 10, 0, 5, tzinfo=CST), tick=False):
        close_windows()
    item.refresh_from_db()
    assert item.window_result == Disclosure.WindowResult.NO_OBJECTION
