import datetime as dt
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from gongkai.audit.append_only import drop_sqlite_triggers, ensure_installed
from gongkai.audit.models import AuditRecord
from gongkai.audit.trail import GENESIS, compute_hash, diff, record, verify_chain

pytestmark = pytest.mark.django_db


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def trail(users):
    """Ten fresh records on top of the demo's."""
    office = users["office"]
    for n in range(10):
        with transaction.atomic():
            record(actor=office, action="test.step", target=("test", n, f"事项{n}"), changes={"n": [n, n + 1]})
    return AuditRecord.objects.order_by("seq")


@pytest.fixture
def tamperable():
    """The triggers refuse tampering; the tests lift them inside their own transaction (as the table's owner
    could), which the rollback undoes."""
    if connection.vendor == "postgresql":
        _sql("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks may block the ALTER
        _sql("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_auditrecord_append_only")
    drop_sqlite_triggers()
    yield
    if connection.vendor == "postgresql":
        _sql("SET CONSTRAINTS ALL IMMEDIATE")
        _sql("ALTER TABLE audit_auditrecord ENABLE TRIGGER audit_auditrecord_append_only")
    ensure_installed()


def test_records_form_an_unbroken_chain(trail):
    records = list(trail)
    assert records[0].seq == 1 and records[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(records):
        assert after.seq == before.seq + 1 and after.prev_hash == before.hash
    report = verify_chain()
    assert report.ok and report.checked == len(records)


def test_a_record_names_actor_role_target_changes_and_address(users, rf):
    from gongkai.audit.context import request_ip

    token = request_ip.set("10.1.2.3")
    try:
        with transaction.atomic():
            rec = record(
                actor=users["office"],
                action="org.department.change",
                target=users["office"].department,
                changes=diff({"name": "办公室"}, {"name": "综合办公室"}),
            )
    finally:
        request_ip.reset(token)
    rec.refresh_from_db()
    assert rec.actor == users["office"] and rec.actor_name == "王晓燕" and rec.role == "office"
    assert rec.target_type == "org.department" and rec.target_repr == "办公室"
    assert rec.changes == {"name": ["办公室", "综合办公室"]}
    assert rec.ip == "10.1.2.3"
    assert rec.hash == compute_hash(rec)


def test_record_is_rolled_back_with_the_change(users):
    before = AuditRecord.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=users["office"], action="test.fail", target=None)
        raise RuntimeError
    assert AuditRecord.objects.count() == before


def test_an_updated_record_is_caught(trail, tamperable):
    victim = trail[4]
    _sql("UPDATE audit_auditrecord SET action = %s WHERE id = %s", ["test.forged", victim.pk])
    report = verify_chain()
    assert not report.ok and report.broken_seq == victim.seq
    assert "修改" in report.reason


def test_a_deleted_record_is_caught(trail, tamperable):
    victim = trail[4]
    _sql("DELETE FROM audit_auditrecord WHERE id = %s", [victim.pk])
    report = verify_chain()
    assert not report.ok and report.broken_seq == victim.seq + 1


def test_a_record_inserted_in_the_middle_is_caught(trail, tamperable):
    """Remove record k and put a forged one in its place: it lands out of insertion order."""
    victim = trail[4]
    values = {f.attname: getattr(victim, f.attname) for f in AuditRecord._meta.concrete_fields if f.attname != "id"}
    _sql("DELETE FROM audit_auditrecord WHERE id = %s", [victim.pk])
    forged = AuditRecord(**{**values, "action": "test.forged"})
    forged.hash = compute_hash(forged)
    forged.save(force_insert=True)
    report = verify_chain()
    assert not report.ok and report.broken_seq == victim.seq + 1


def test_a_record_appended_without_the_key_is_caught(trail):
    last = trail.last()
    forged = AuditRecord(
        seq=last.seq + 1,
        prev_hash=last.hash,
        at=last.at + dt.timedelta(seconds=1),
        actor_name="伪造",
        action="test.forged",
        hash="f" * 64,
    )
    forged.save(force_insert=True)
    report = verify_chain()
    assert not report.ok and report.broken_seq == forged.seq


def test_verify_command_exits_non_zero_naming_the_broken_link(trail, capsys, request):
    call_command("audit", "verify")
    assert "审计链完好" in capsys.readouterr().out
    request.getfixturevalue("tamperable")
    _sql("UPDATE audit_auditrecord SET note = %s WHERE seq = %s", ["x", trail[2].seq])
    with pytest.raises(CommandError) as broken:
        call_command("audit", "verify")
    assert f"第 {trail[2].seq} 号记录" in str(broken.value)


def test_the_database_refuses_update_and_delete(trail):
    for statement in ("UPDATE audit_auditrecord SET note = 'x'", "DELETE FROM audit_auditrecord"):
        with pytest.raises(DatabaseError), transaction.atomic():
            _sql(statement)
    assert verify_chain().ok


def test_only_the_auditor_reads_the_trail(client_as, trail):
    assert client_as("auditor").get("/workspace/audit/").status_code == 200
    for username in ("office", "leader", "sysadmin", "secadmin", "staff"):
        assert client_as(username).get("/workspace/audit/").status_code == 403, username


def test_the_trail_page_filters(client_as, trail):
    page = client_as("auditor").get("/workspace/audit/", {"action": "test.step", "actor": "王晓燕"})
    content = page.content.decode()
    assert page.status_code == 200 and content.count("<code>test.step</code>") == 10
    assert "共 10 条" in content


def test_bad_filters_get_a_chinese_message(client_as, trail):
    page = client_as("auditor").get("/workspace/audit/", {"date_from": "2026-13-45", "page": "abc"})
    assert page.status_code == 200 and "请输入有效日期" in page.content.decode()
    page = client_as("auditor").get("/workspace/audit/", {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "截止日期不能早于起始日期" in page.content.decode()
