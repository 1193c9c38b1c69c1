"""The one entry point of the audit trail, and its verification.

`record()` appends one record in the caller's transaction: call it inside the same `transaction.atomic()`
block as the change it describes, so both are committed or neither is. The chain is serialised by a
transaction-scoped advisory lock on PostgreSQL and by SQLite's IMMEDIATE transactions on the embedded
default, so records are appended strictly one after another.
"""

from __future__ import annotations

import datetime
import decimal
import hmac
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.context import request_ip
from gongkai.audit.models import AuditRecord

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x60E6_4A1  # any constant; names the audit chain's advisory lock


def _plain(value: Any) -> Any:
    """A JSON-safe, stable form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The current values of a model's concrete fields (foreign keys as ids), for before/after diffs."""
    names = (
        list(fields)
        if fields is not None
        else [f.attname for f in instance._meta.concrete_fields if f.attname not in {"password"}]
    )
    return {name: _plain(getattr(instance, name)) for name in names}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for every field whose value changed (or appeared, or went)."""
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = _plain(before.get(key)), _plain(after.get(key))
        if old != new:
            changed[key] = [old, new]
    return changed


def _payload(rec: AuditRecord) -> bytes:
    fields = [
        rec.seq,
        rec.prev_hash,
        rec.at.astimezone(datetime.UTC).isoformat(),
        rec.actor_id,
        rec.actor_name,
        rec.role,
        rec.action,
        rec.target_type,
        rec.target_id,
        rec.target_repr,
        rec.changes,
        rec.note,
        rec.ip,
    ]
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def compute_hash(rec: AuditRecord) -> str:
    """HMAC-SM3 over the record's content and its predecessor's hash."""
    key = settings.GONGKAI_AUDIT_KEY.encode()
    return hmac.new(key, _payload(rec), "sm3").hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])


def _target_fields(target: Any) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk), str(target)[:300]
    if isinstance(target, tuple):
        kind, ident, text = target
        return str(kind), str(ident), str(text)[:300]
    return "", "", str(target)[:300]


def record(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    role: str = "",
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    ip: str | None = None,
) -> AuditRecord:
    """Append one audit record. `target` is a model instance, a (type, id, text) triple, or None.

    The caller has already checked permissions and made the change in the current transaction.
    """
    from gongkai.org.roles import primary_role  # ground → ground; imported late to keep models light

    user = actor if getattr(actor, "is_authenticated", False) else None
    target_type, target_id, target_repr = _target_fields(target)
    with transaction.atomic():
        _lock_chain()
        last = AuditRecord.objects.order_by("-seq").only("seq", "hash").first()
        rec = AuditRecord(
            seq=(last.seq + 1) if last else 1,
            prev_hash=last.hash if last else GENESIS,
            at=timezone.now(),
            actor=user,
            actor_name=(user.display_name if user else _("系统"))[:150],
            role=role or (primary_role(user).value if user else ""),
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_repr=target_repr,
            changes=_plain(dict(changes or {})),
            note=note,
            ip=ip if ip is not None else request_ip.get(),
        )
        rec.hash = compute_hash(rec)
        rec.save(force_insert=True)
    return rec


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    reason: str = ""


def verify_chain(*, checkpoint: Any = None, check_triggers: bool = False) -> ChainReport:
    """Walk the trail in insertion order and name the first record that breaks the chain; then, given a
    checkpoint (`checkpoint.Checkpoint`), make sure the trail still reaches it with the same hash — the
    newest records removed, or the table emptied, leave a valid but shorter chain that only this catches."""
    expected_seq, prev_hash, checked, at_checkpoint = 1, GENESIS, 0, None
    for rec in AuditRecord.objects.order_by("id").iterator(chunk_size=2000):
        problem = _check_link(rec, expected_seq, prev_hash)
        if problem:
            return ChainReport(False, checked, rec.seq, rec.pk, problem)
        if checkpoint is not None and rec.seq == checkpoint.seq:
            at_checkpoint = rec.hash
        expected_seq, prev_hash, checked = rec.seq + 1, rec.hash, checked + 1
    if checkpoint is not None and (problem := _check_checkpoint(checkpoint, at_checkpoint, expected_seq - 1)):
        return ChainReport(False, checked, checkpoint.seq, None, problem)
    if check_triggers and (problem := _check_triggers()):
        return ChainReport(False, checked, None, None, problem)
    return ChainReport(True, checked)


def _check_checkpoint(checkpoint: Any, found_hash: str | None, last_seq: int) -> str:
    if found_hash is None:
        return _(
            "审计记录只到第 %(last)d 号，而检查点（%(at)s）记录过第 %(seq)d 号：最新的记录被删除（尾部截断）或整表被清空。"
        ) % {"last": last_seq, "seq": checkpoint.seq, "at": checkpoint.written_at}
    if not hmac.compare_digest(found_hash, checkpoint.hash):
        return _("第 %(seq)d 号记录的哈希与检查点不符：从这里起的记录被整体替换过。") % {"seq": checkpoint.seq}
    return ""


def _check_triggers() -> str:
    from gongkai.audit.append_only import is_installed

    if is_installed():
        return ""
    return _("数据库中拒绝修改和删除审计记录的触发器缺失或被停用：审计表可能被改动过。")


def _check_link(rec: AuditRecord, expected_seq: int, prev_hash: str) -> str:
    if rec.seq != expected_seq:
        return _("序号应为 %(expected)d，实为 %(actual)d：此前的记录被删除，或此处插入了记录。") % {
            "expected": expected_seq,
            "actual": rec.seq,
        }
    if rec.prev_hash != prev_hash:
        return _("与前一条记录的链接断开：前一条记录被修改、删除或替换。")
    if not hmac.compare_digest(rec.hash, compute_hash(rec)):
        return _("哈希与内容不符：这条记录被修改过，或不是由本系统写入。")
    return ""
