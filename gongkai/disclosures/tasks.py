"""The disclosures' background work: publicity windows close by themselves; OCR and redacted copies run here.

Every hour at minute 5 (and right after midnight, when most windows end) the worker closes the windows that
ended before today: the notice leaves the public pages and the search index, and a window without objections
records its result. Re-runs change nothing.
"""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.disclosures.services import windows_close
from gongkai.scheduling import local_crontab

log = logging.getLogger(__name__)

WINDOW_SCHEDULE = local_crontab(minute="5")


@db_periodic_task(WINDOW_SCHEDULE, name="disclosures.close_windows")
def close_windows() -> int:
    closed = windows_close()
    log.info("publicity windows: %d closed", closed)
    return closed


@db_task(name="disclosures.ocr_unread")
def ocr_unread(run_id: int) -> None:
    """Read the scanned pages or picture of one unread part, then screen the text (see `unread.run_ocr`)."""
    from gongkai.disclosures.unread import run_ocr

    run_ocr(run_id)


@db_task(name="disclosures.make_redacted_copy")
def make_redacted_copy(copy_id: int) -> None:
    """Burn the reviewer's boxes into the pages and check the copy by OCR (see `page_redaction.make_copy`)."""
    from gongkai.disclosures.page_redaction import make_copy

    make_copy(copy_id)
