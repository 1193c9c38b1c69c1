"""Issue 9 §4, the chain: tail truncation, emptying the table and a missing trigger are all found."""

import logging
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from gongkai.audit import checkpoint as cp
from gongkai.audit.append_only import drop_sqlite_triggers, ensure_installed, is_installed
from gongkai.audit.models import AuditRecord
from gongkai.audit.tasks import checkpoint as checkpoint_task
from gongkai.audit.trail import record, verify_chain

pytestmark = pytest.mark.django_db


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    settings.GONGKAI_AUDIT_CHECKPOINT = str(tmp_path / "audit-checkpoint.json")
    return Path(settings.GONGKAI_AUDIT_CHECKPOINT)


@pytest.fixture
def trail(users):
    for n in range(6):
        with transaction.atomic():
            record(actor=users["office"], action="test.step", target=("test", n, f"事项{n}"))
    return AuditRecord.objects.order_by("seq")


def _lift_triggers():
    """What an owner of the table (or anyone with the SQLite file) can do."""
    if connection.vendor == "postgresql":
        _sql("SET CONSTRAINTS ALL IMMEDIATE")
        _sql("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_auditrecord_append_only")
    drop_sqlite_triggers()


def test_the_checkpoint_holds_the_newest_seq_and_hash_and_says_so_in_the_log(trail, checkpoint_file, caplog):
    with caplog.at_level(logging.INFO, logger="gongkai.audit"):
        written = cp.write_checkpoint()
    newest = trail.last()
    assert (written.seq, written.hash) == (newest.seq, newest.hash)
    assert cp.read_checkpoint() == written and checkpoint_file.exists()
    assert f"audit checkpoint seq={newest.seq} hash={newest.hash}" in caplog.text


def test_deleting_the_newest_records_fails_verify(trail, checkpoint_file):
    call_command("audit", "checkpoint")
    _lift_triggers()
    _sql("DELETE FROM audit_auditrecord WHERE seq > %s", [trail[2].seq])
    assert verify_chain().ok  # the chain alone cannot tell: that is the hole the checkpoint closes
    report = verify_chain(checkpoint=cp.read_checkpoint())
    assert not report.ok and "尾部截断" in report.reason
    with pytest.raises(CommandError, match="尾部截断"):
        call_command("audit", "verify")


def test_emptying_the_table_fails_verify(trail, checkpoint_file):
    call_command("audit", "checkpoint")
    _lift_triggers()
    _sql("TRUNCATE audit_auditrecord" if connection.vendor == "postgresql" else "DELETE FROM audit_auditrecord")
    assert AuditRecord.objects.count() == 0
    assert not verify_chain(checkpoint=cp.read_checkpoint()).ok


def test_a_tail_replaced_with_a_valid_new_chain_fails_verify(trail, checkpoint_file, users):
    checkpointed = cp.write_checkpoint()
    _lift_triggers()
    _sql("DELETE FROM audit_auditrecord WHERE seq >= %s", [checkpointed.seq])
    ensure_installed()
    with transaction.atomic():
        record(actor=users["office"], action="test.forged", target=None)
    report = verify_chain(checkpoint=cp.read_checkpoint())
    assert not report.ok and "被整体替换" in report.reason


def test_a_checkpoint_never_moves_backwards(trail, checkpoint_file):
    first = cp.write_checkpoint()
    _lift_triggers()
    _sql("DELETE FROM audit_auditrecord WHERE seq > %s", [trail[1].seq])
    with pytest.raises(cp.CheckpointRefused):
        cp.write_checkpoint()
    assert cp.read_checkpoint() == first
    assert checkpoint_task.call_local() == -1  # the scheduler keeps the evidence too
    with pytest.raises(CommandError):
        call_command("audit", "checkpoint")


def test_the_scheduler_writes_checkpoints(trail, checkpoint_file):
    assert checkpoint_task.call_local() == trail.last().seq
    assert cp.read_checkpoint().seq == trail.last().seq


def test_without_a_checkpoint_verify_warns(trail, checkpoint_file, capsys):
    call_command("audit", "verify")
    assert "没有检查点" in capsys.readouterr().out


def test_a_missing_trigger_is_refused_or_found(trail, checkpoint_file):
    assert is_installed()
    for statement in ("UPDATE audit_auditrecord SET note = 'x'", "DELETE FROM audit_auditrecord"):
        with pytest.raises(DatabaseError), transaction.atomic():
            _sql(statement)
    _lift_triggers()
    report = verify_chain(check_triggers=True)
    assert not report.ok and "触发器" in report.reason
    with pytest.raises(CommandError, match="触发器"):
        call_command("audit", "verify")


def test_migrate_puts_the_triggers_back(trail):
    """A migration that drops or disables the triggers is undone by the next migrate."""
    from django.core.management.sql import emit_post_migrate_signal

    _lift_triggers()
    assert not is_installed()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert is_installed()


DEPLOY_SQL = Path(__file__).resolve().parent.parent / "deploy" / "postgresql-roles.sql"


@pytest.mark.postgres
def test_the_application_role_cannot_truncate_delete_or_disable_the_trigger(trail, users):
    """deploy/postgresql-roles.sql, applied with throw-away role names, inside the test's transaction."""
    suffix = uuid.uuid4().hex[:8]
    app, owner = f"gk_app_{suffix}", f"gk_owner_{suffix}"
    script = DEPLOY_SQL.read_text().replace("gongkai_app", app).replace("gongkai_owner", owner)
    _sql(script.replace(" LOGIN;", " NOLOGIN;"))
    _sql(f"SET ROLE {app}")
    try:
        with transaction.atomic():
            record(actor=users["office"], action="test.as_app_role", target=None)  # appending still works
        for statement in (
            "TRUNCATE audit_auditrecord",
            "DELETE FROM audit_auditrecord",
            "UPDATE audit_auditrecord SET note = 'x'",
            "ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_auditrecord_append_only",
            "DROP TRIGGER audit_auditrecord_append_only ON audit_auditrecord",
        ):
            with pytest.raises(DatabaseError) as refused, transaction.atomic():
                _sql(statement)
            assert "permission denied" in str(refused.value) or "must be owner" in str(refused.value), statement
    finally:
        _sql("RESET ROLE")
    assert verify_chain(check_triggers=True).ok
