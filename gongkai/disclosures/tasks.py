"""The disclosures' scheduled work: publicity windows close by themselves.

Every hour at minute 5 (and right after midnight, when most windows end) the worker closes the windows that
ended before today: the notice leaves the public pages and the search index, and a window without objections
records its result. Re-runs change nothing.
"""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_periodic_task

from gongkai.disclosures.services import windows_close
from gongkai.scheduling import local_crontab

log = logging.getLogger(__name__)

WINDOW_SCHEDULE = local_crontab(minute="5")


@db_periodic_task(WINDOW_SCHEDULE, name="disclosures.close_windows")
def close_windows() -> int:
    closed = windows_close()
    log.info("publicity windows: %d closed", closed)
    return closed
