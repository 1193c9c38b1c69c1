"""The catalog's scheduled work, run by the huey consumer (`gongkai run_huey`, started by `gongkai serve`).

Obligation reminders run at minute 0 of every hour from 08:00 to 18:00 local time (settings.TIME_ZONE):
the 08:00 run sends the day's new reminders; the later runs catch up after a worker that was down at 08:00
and pick up obligations that turned due during the day (an event registered, the calendar corrected).
Re-runs send nothing twice (see `reminders`).
"""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_periodic_task

from gongkai.catalog.reminders import send_obligation_reminders
from gongkai.scheduling import local_crontab

log = logging.getLogger(__name__)

REMINDER_SCHEDULE = local_crontab(minute="0", hour="8-18")


@db_periodic_task(REMINDER_SCHEDULE, name="catalog.obligation_reminders")
def obligation_reminders() -> int:
    created = send_obligation_reminders()
    log.info("obligation reminders: %d notice(s) created", created)
    return created
