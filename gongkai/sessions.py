"""Sessions that slide their idle timeout without a database write on every request.

Django's `SESSION_SAVE_EVERY_REQUEST` wrote the session row on every signed-in request, so on SQLite every reading
page needed the write lock: while any write ran, signed-in pages waited and then answered 400. Here a session
that nothing changed is written again at most once per `TOUCH_SECONDS` (the idle timeout moves by whole minutes,
not seconds), and such a "touch" gives up at once when the database is busy — the person's page is served, and
the next request touches instead. A real change of the session (sign-in, messages, the second factor) is saved
as Django saves it, waiting for the lock as any write does.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse

TOUCH_SECONDS = 60
SEEN_KEY = "_gongkai_seen"
# A touch waits this long for SQLite's write lock (milliseconds); the connection's own timeout is restored after.
TOUCH_BUSY_MS = 50


class IdleSessionMiddleware(SessionMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is None or session.modified or not session.get("_auth_user_id"):
            return super().process_response(request, response)
        now = int(time.time())
        if now - int(session.get(SEEN_KEY, 0)) < TOUCH_SECONDS:
            return super().process_response(request, response)  # not modified: Django writes nothing
        session[SEEN_KEY] = now
        return _touch(lambda: super(IdleSessionMiddleware, self).process_response(request, response), response)


def _touch(save: Any, response: HttpResponse) -> HttpResponse:
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {TOUCH_BUSY_MS}")
    try:
        return save()
    except (DatabaseError, SessionInterrupted):
        # Busy (Django reports a failed update as an interrupted session): this touch is skipped, the next request
        # makes it. A session really deleted meanwhile (a sign-out elsewhere) stays deleted either way.
        return response
    finally:
        if sqlite:
            timeout_ms = int(float(connection.settings_dict["OPTIONS"].get("timeout", 5)) * 1000)
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
