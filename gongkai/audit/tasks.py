"""The audit trail's scheduled work: a checkpoint every ten minutes (see checkpoint.py)."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from gongkai.audit.checkpoint import CheckpointRefused, write_checkpoint
from gongkai.scheduling import local_crontab

CHECKPOINT_SCHEDULE = local_crontab(minute="*/10")


@db_periodic_task(CHECKPOINT_SCHEDULE, name="audit.checkpoint")
def checkpoint() -> int:
    try:
        written = write_checkpoint()
    except CheckpointRefused:
        return -1  # logged as an error by write_checkpoint; the old checkpoint stays as evidence
    return written.seq if written else 0
