"""Checkpoints: the latest sequence number and hash of the trail, kept outside the table and the database.

The hash chain finds a record changed, removed or inserted in the middle, but not the newest records removed
(or the whole table emptied): what is left is still a valid chain. A checkpoint written to a file in the data
directory (GONGKAI_AUDIT_CHECKPOINT) and to the log lets `audit verify` see that the trail once reached
record N with hash H: if N is missing, or has another hash, the tail was cut or replaced.

The scheduler writes one periodically (`audit/tasks.py`), and `gongkai audit checkpoint` on demand. A
checkpoint never moves backwards: it is written only after the trail verifies against the previous one.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from gongkai.audit.models import AuditRecord

log = logging.getLogger("gongkai.audit")


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    written_at: str


class CheckpointRefused(Exception):
    """The trail does not verify against the previous checkpoint: writing a new one would hide that."""


def checkpoint_path() -> Path:
    return Path(settings.GONGKAI_AUDIT_CHECKPOINT)


def read_checkpoint() -> Checkpoint | None:
    """The last checkpoint, or None when none was ever written. An unreadable file is an error, not None:
    deleting or garbling the file must not quietly switch the check off."""
    path = checkpoint_path()
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Checkpoint(seq=int(data["seq"]), hash=str(data["hash"]), written_at=str(data["written_at"]))


def _write(checkpoint: Checkpoint) -> None:
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".checkpoint-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(checkpoint), handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def write_checkpoint() -> Checkpoint | None:
    """Verify the trail against the previous checkpoint, then record the newest record's seq and hash.

    Returns None when the trail is empty and no checkpoint exists yet. Raises CheckpointRefused when the
    trail fails verification (the previous checkpoint is kept, so the evidence stays)."""
    from gongkai.audit.trail import verify_chain

    report = verify_chain(checkpoint=read_checkpoint())
    if not report.ok:
        log.error("audit checkpoint refused: %s (seq %s)", report.reason, report.broken_seq)
        raise CheckpointRefused(report.reason)
    last = AuditRecord.objects.order_by("-seq").only("seq", "hash").first()
    if last is None:
        return None
    checkpoint = Checkpoint(seq=last.seq, hash=last.hash, written_at=timezone.now().isoformat())
    _write(checkpoint)
    # The log line is the second copy, kept wherever the logs go (journal, syslog server).
    log.info("audit checkpoint seq=%d hash=%s", checkpoint.seq, checkpoint.hash)
    return checkpoint
