"""The database refuses UPDATE and DELETE on the audit trail: triggers on SQLite and PostgreSQL.

The migrations install them; `ensure_installed` puts them back after every `migrate` and `flush` (post_migrate;
on PostgreSQL as the owner role that migrates), so a migration that drops or disables them is undone at the
next migrate, and `is_installed` lets `audit verify` say so when they are missing or (PostgreSQL) disabled. An owner of the table — on SQLite anyone who can write the
file — can still drop them: that is what the checkpoint (`checkpoint.py`) is for.
"""

from __future__ import annotations

from typing import Any

from django.db import connection as default_connection

TABLE = "audit_auditrecord"
SQLITE_TRIGGERS = ("audit_auditrecord_no_update", "audit_auditrecord_no_delete")
PG_TRIGGER = "audit_auditrecord_append_only"

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_auditrecord_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_auditrecord_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: DELETE refused'); END""",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
# As migration audit 0003 creates it; run again after every migrate, as the owner role that migrates.
PG_CREATE = f"""
CREATE OR REPLACE FUNCTION gongkai_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{TABLE} is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {PG_TRIGGER} ON {TABLE};
CREATE TRIGGER {PG_TRIGGER} BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION gongkai_audit_append_only();
"""


def _table_exists(connection: Any) -> bool:
    return TABLE in connection.introspection.table_names()


def ensure_installed(connection: Any = default_connection) -> None:
    """(Re)create the triggers (on PostgreSQL also re-enabling a disabled one): after every migrate."""
    if connection.vendor not in ("sqlite", "postgresql") or not _table_exists(connection):
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_CREATE if connection.vendor == "sqlite" else [PG_CREATE]:
            cursor.execute(statement)


def drop_sqlite_triggers(connection: Any = default_connection) -> None:
    """Only for the test suite's flush between transactional tests (and the migration's reverse)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_DROP:
            cursor.execute(statement)


def is_installed(connection: Any = default_connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name IN (%s, %s)",
                [TABLE, *SQLITE_TRIGGERS],
            )
            return bool(cursor.fetchone()[0] == len(SQLITE_TRIGGERS))
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgenabled FROM pg_trigger WHERE tgname = %s AND tgrelid = %s::regclass", [PG_TRIGGER, TABLE]
            )
            row = cursor.fetchone()
            return bool(row and row[0] != "D")
    return False


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    ensure_installed(connections[using])
