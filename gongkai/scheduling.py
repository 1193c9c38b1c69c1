"""When periodic tasks run, said in the platform's local time.

huey hands periodic tasks a naive UTC timestamp (`utc=True`); its `crontab` would then read "8" as 08:00 UTC.
`local_crontab` reads the same fields in settings.TIME_ZONE instead, so "8" is 08:00 in Beijing time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from huey import crontab


def local_crontab(**fields: str) -> Callable[[datetime.datetime], bool]:
    """A huey schedule: `crontab(**fields)` evaluated in the local time zone of the settings."""
    matches = crontab(**fields)

    def validate(timestamp: datetime.datetime) -> bool:
        aware = timestamp.replace(tzinfo=datetime.UTC) if timezone.is_naive(timestamp) else timestamp
        return bool(matches(timezone.localtime(aware).replace(tzinfo=None)))

    return validate
