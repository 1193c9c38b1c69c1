"""The two index engines behind one interface; `for_connection()` picks one by the connection's vendor."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import BaseDatabaseWrapper

from gongkai.search.backends.base import Backend
from gongkai.search.backends.postgresql import PostgresBackend
from gongkai.search.backends.sqlite import SqliteBackend


def for_connection(connection: BaseDatabaseWrapper) -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SqliteBackend(connection)
    raise ImproperlyConfigured(f"gongkai.search supports SQLite and PostgreSQL, not {connection.vendor}")
