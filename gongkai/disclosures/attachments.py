"""Attachment files: checked by content, stored under generated names, never served by their path.

The original (often Chinese) file name is kept for display only. Readers receive the redacted copy when the
reviewer masked something; a file with findings that its format cannot mask blocks publication until the
editor replaces it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from gongkai.disclosures.models import Attachment, Disclosure, Finding, OfflineRecord
from gongkai.errors import InvalidState
from gongkai.screening.extract import ExtractionError, extract_text
from gongkai.screening.filetypes import FileKind, RejectedFile, check_upload
from gongkai.screening.redact import can_redact

FOLDER = "attachments"
MIME = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.TXT: "text/plain; charset=utf-8",
}


def max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_MB", 20)) * 1024 * 1024


def _read(data: Any) -> bytes:
    if isinstance(data, bytes):
        return data
    if hasattr(data, "seek"):
        data.seek(0)
    return bytes(data.read(max_bytes() + 1))


def store(
    *, disclosure: Disclosure, actor: Any, name: str, data: Any, offline_record: OfflineRecord | None = None
) -> Attachment:
    """Check and store one file. Raises `ValidationError`-like `InvalidState` with the checker's Chinese message."""
    content = _read(data)
    try:
        checked = check_upload(name, content, max_bytes=max_bytes())
    except RejectedFile as rejected:
        raise InvalidState(rejected.message) from None
    stored = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{checked.extension}", ContentFile(content))
    return Attachment.objects.create(
        disclosure=disclosure,
        offline_record=offline_record,
        original_name=checked.original_name,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        stored_name=stored,
        text=_text_of(checked.kind, content),
        purpose=Attachment.Purpose.EVIDENCE if offline_record else Attachment.Purpose.PUBLISH,
        created_by=actor,
    )


def _text_of(kind: str, content: bytes) -> str:
    if kind in (FileKind.JPEG, FileKind.PNG):
        return ""
    try:
        return "\n".join(segment.text for segment in extract_text(FileKind(kind), content).segments)
    except ExtractionError:
        return ""


def read(attachment: Attachment, *, original: bool = False) -> bytes:
    name = attachment.stored_name if original else attachment.served_name
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read())


def replace_content(attachment: Attachment, content: bytes) -> None:
    """Keep the original; store the redacted copy that readers receive from now on."""
    stored = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.red", ContentFile(content))
    attachment.redacted_name = stored
    attachment.save(update_fields=["redacted_name"])


def publishable(disclosure: Disclosure) -> list[Attachment]:
    return list(disclosure.attachments.filter(removed=False, purpose=Attachment.Purpose.PUBLISH))


def check_publishable(disclosure: Disclosure) -> None:
    """A file whose findings were accepted or redacted may go out; one with open findings may not."""
    blocked = (
        Finding.objects.filter(disclosure=disclosure, attachment__removed=False, status=Finding.Status.OPEN)
        .values_list("attachment__original_name", flat=True)
        .distinct()
    )
    if blocked:
        raise InvalidState(_("附件“%(names)s”还有未处理的筛查发现，不能公开。") % {"names": "、".join(blocked)})


def mime_of(attachment: Attachment) -> str:
    return MIME.get(FileKind(attachment.kind), "application/octet-stream")


def redactable(attachment: Attachment) -> bool:
    return can_redact(FileKind(attachment.kind))
