"""A signed-in reading request writes nothing: the idle timeout slides by a write at most once a minute, and that
write gives way when the database is busy."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

START = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)


def _expiry(client: Client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.mark.django_db
def test_reading_pages_write_the_session_at_most_once_a_minute(users):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(users["staff"])
        assert client.get("/workspace/").status_code == 200  # first touch
        first = _expiry(client)
        clock.shift(dt.timedelta(seconds=30))
        assert client.get("/workspace/").status_code == 200
        assert _expiry(client) == first  # within the minute: nothing written
        clock.shift(dt.timedelta(seconds=31))
        assert client.get("/workspace/").status_code == 200
        assert _expiry(client) == first + dt.timedelta(seconds=61)  # the idle timeout slid


@pytest.mark.django_db
def test_the_idle_timeout_still_signs_out(users, settings):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(users["staff"])
        assert client.get("/workspace/").status_code == 200
        clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 30))
        assert client.get("/workspace/").status_code == 200  # active: kept
        clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        assert client.get("/workspace/").status_code == 302  # idle past the limit: signed out


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_a_signed_in_page_answers_while_another_process_holds_the_write_lock(org, users):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(users["staff"])
        client.get("/workspace/")
        clock.shift(dt.timedelta(minutes=2))  # a touch is due
        other = sqlite3.connect(connection.settings_dict["NAME"], timeout=1, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another process writing (a long screening, an import)
            assert client.get("/workspace/").status_code == 200
        finally:
            other.execute("ROLLBACK")
            other.close()
