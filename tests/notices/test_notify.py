import pytest
from django.core import mail
from django.db import transaction

from gongkai.audit.models import AuditRecord
from gongkai.audit.trail import verify_chain
from gongkai.notices.models import Notice
from gongkai.notices.selectors import unread_count
from gongkai.notices.services import mark_read, notify

pytestmark = pytest.mark.django_db


def _notify(people, key="test:1", **extra):
    return notify(recipients=people, title="测试通知", body="正文", url="/workspace/", kind="test", key=key, **extra)


def test_notify_gives_each_recipient_one_notice_and_mails_after_commit(users, django_capture_on_commit_callbacks):
    people = [users["office"], users["office2"], users["office"]]  # a duplicate is told once
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = _notify(people)
    assert sorted(n.recipient.username for n in created) == ["office", "office2"]
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["office2@zsj.example.gov.cn", "office@zsj.example.gov.cn"]
    assert all(m.subject == "测试通知" and "http://127.0.0.1:8000/workspace/" in m.body for m in mail.outbox)


def test_notify_writes_one_audit_record_by_the_system(users, django_capture_on_commit_callbacks):
    before = AuditRecord.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([users["office"], users["editor_xm"]])
    rec = AuditRecord.objects.order_by("-seq").first()
    assert AuditRecord.objects.count() == before + 1
    assert rec.action == "notices.notify" and rec.actor is None and rec.actor_name == "系统"
    assert rec.target_id == "test:1"
    assert sorted(rec.changes["recipients"][1]) == sorted([users["office"].pk, users["editor_xm"].pk])
    assert verify_chain().ok


def test_the_same_key_reaches_nobody_twice(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([users["office"]])
    audit_count = AuditRecord.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = _notify([users["office"], users["office2"]])
    assert [n.recipient.username for n in again] == ["office2"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _notify([users["office"], users["office2"]]) == []
    assert callbacks == [] and AuditRecord.objects.count() == audit_count + 1
    assert [m.to for m in mail.outbox] == [["office@zsj.example.gov.cn"], ["office2@zsj.example.gov.cn"]]
    assert Notice.objects.filter(key="test:1").count() == 2


def test_a_rolled_back_notice_mails_nobody(users, django_capture_on_commit_callbacks):
    def failing_change():
        with transaction.atomic():
            _notify([users["office"]])
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_change()
    assert mail.outbox == [] and not Notice.objects.exists()


def test_a_person_without_an_address_gets_the_notice_but_no_mail(users, django_capture_on_commit_callbacks):
    users["office2"].email = ""
    users["office2"].save()
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify([users["office2"]])
    assert len(created) == 1 and mail.outbox == []


def test_further_addresses_are_written_only_when_the_key_is_first_issued(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([users["editor_xm"]], also_mail=["xmglk@zsj.example.gov.cn"])
        _notify([users["office"]], also_mail=["xmglk@zsj.example.gov.cn"])
    assert [m.to for m in mail.outbox] == [
        ["editor_xm@zsj.example.gov.cn"],
        ["xmglk@zsj.example.gov.cn"],
        ["office@zsj.example.gov.cn"],
    ]


def test_a_notice_links_only_inside_the_platform(users):
    for url in ("https://example.com/", "//example.com/", "javascript:alert(1)"):
        with pytest.raises(ValueError):
            notify(recipients=[users["office"]], title="t", body="b", url=url, kind="test", key="k")


def test_mark_read_touches_only_ones_own_notices(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mine = _notify([users["office"], users["office2"]])
        _notify([users["office"]], key="test:2")
    theirs = next(n for n in mine if n.recipient == users["office2"])
    assert unread_count(users["office"]) == 2
    assert mark_read(user=users["office"], notice_ids=[theirs.pk]) == 0
    assert unread_count(users["office2"]) == 1
    assert mark_read(user=users["office"]) == 2
    assert unread_count(users["office"]) == 0 and mark_read(user=users["office"]) == 0
    assert AuditRecord.objects.filter(action="notices.read", actor=users["office"]).count() == 1


def test_a_concurrent_run_that_got_there_first_costs_only_its_row(users, monkeypatch):
    _notify([users["office"]])
    # As if another worker inserted office's notice between our check and our insert.
    monkeypatch.setattr("gongkai.notices.services._without_key", lambda people, key: list(people))
    created = _notify([users["office"], users["office2"]])
    assert [n.recipient.username for n in created] == ["office2"]
    assert Notice.objects.filter(key="test:1").count() == 2
