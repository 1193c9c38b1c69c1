"""Redaction of PDFs and pictures by burning boxes into page images.

1. Boxes are pre-filled where the findings stand: by the PDF's text layer (`locate_text_findings`, at
   submission) or by OCR (`unread.run_ocr`). The reviewer adds and removes boxes (`box_add`, `box_remove`).
2. `copy_make` records a `RedactedCopy` of the boxes and the texts they hide, and queues `make_copy` in the
   worker: the pages are rasterised with the boxes burnt in (`screening.pdf_redact.burn_in`: a new image-only
   PDF, or the picture without EXIF), then every page of the copy is read again by OCR (with the boxes' areas
   blanked, so that Tesseract's layout analysis is not thrown by the black blocks); the copy is "clean" only
   when none of the texts it hides is read again anywhere on its pages (and, for a PDF, pypdf finds no text,
   annotations, attachments or metadata in it).
3. The preview of the copy's pages is shown on the item's page; `copy_confirm` makes it what readers receive
   (the original stays with the review record) and marks the attachment's open findings redacted.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.trail import record as audit
from gongkai.disclosures import attachments
from gongkai.disclosures.models import Attachment, Disclosure, Finding, OcrRun, RedactedCopy, RedactionBox
from gongkai.errors import InvalidState, require
from gongkai.org import permissions
from gongkai.org.roles import Role
from gongkai.screening import ocr, pdf_redact
from gongkai.screening.filetypes import FileKind
from gongkai.screening.redact import mask_targets

PAGED = (FileKind.PDF, FileKind.JPEG, FileKind.PNG)


def is_paged(attachment: Attachment) -> bool:
    return attachment.kind in PAGED


# --- boxes where the findings stand -------------------------------------------------------------------------


def locate_text_findings(disclosure: Disclosure) -> None:
    """Give the open findings of PDF attachments their page and box, and pre-fill a box for every place their
    text stands (the same number may appear on several pages). Called in the submission's transaction."""
    for attachment in attachments.publishable(disclosure):
        if attachment.kind != FileKind.PDF:
            continue
        findings = list(attachment.findings.filter(status=Finding.Status.OPEN, page__isnull=True))
        if not findings:
            continue
        try:
            data = attachments.read(attachment)
            for finding in findings:
                _locate(attachment, finding, pdf_redact.text_boxes(data, [finding.text]))
        except pdf_redact.PageError:
            continue  # unreadable here: the finding stays without a place; boxes can be drawn by hand


def _locate(attachment: Attachment, finding: Finding, places: list[tuple[int, Any]]) -> None:
    for index, box in places:
        RedactionBox.objects.create(attachment=attachment, finding=finding, page=index + 1, **_corners(box))
    if places:
        finding.page, finding.box = places[0][0] + 1, list(places[0][1])
        finding.save(update_fields=["page", "box"])


def _corners(box: Any) -> dict[str, float]:
    x0, y0, x1, y1 = (float(v) for v in box)
    return {"x0": x0, "y0": y0, "x1": x1, "y1": y1}


# --- the reviewer marks areas --------------------------------------------------------------------------------


def _lock_for_review(actor: Any, attachment: Attachment) -> Disclosure:
    disclosure = Disclosure.objects.select_for_update().get(pk=attachment.disclosure_id)
    require(
        permissions.may_review_disclosure(actor, drafted_by_id=disclosure.created_by_id),
        _("只有领导小组办公室的审核人可以遮盖附件。"),
    )
    if disclosure.state != Disclosure.State.IN_REVIEW:
        raise InvalidState(_("该公开事项不在审核中。"))
    if attachment.removed or not is_paged(attachment):
        raise InvalidState(_("该附件不能在页面图像上遮盖。"))
    return disclosure


def _check_box(attachment: Attachment, page: int, box: tuple[float, float, float, float]) -> None:
    data = attachments.read(attachment, original=True)
    count = pdf_redact.page_count(attachment.kind, data)
    if not 1 <= page <= count:
        raise ValidationError({"page": _("页码应在 1 到 %(n)d 之间。") % {"n": count}})
    width, height = pdf_redact.page_size(attachment.kind, data, page - 1)
    x0, y0, x1, y1 = box
    if not (0 <= x0 < x1 <= width + 0.5 and 0 <= y0 < y1 <= height + 0.5):
        raise ValidationError(
            {
                "box": _("遮盖区域应在页面之内（宽 %(w).0f、高 %(h).0f），且右下角大于左上角。")
                % {"w": width, "h": height}
            }
        )


def box_add(*, actor: Any, attachment: Attachment, page: int, box: tuple[float, float, float, float]) -> RedactionBox:
    _check_box(attachment, page, box)
    with transaction.atomic():
        _lock_for_review(actor, attachment)
        added = RedactionBox.objects.create(attachment=attachment, page=page, created_by=actor, **_corners(box))
        audit(
            actor=actor,
            role=Role.OFFICE,
            action="disclosure.redaction_box_add",
            target=attachment,
            changes={"box": [None, [page, *added.box]]},
        )
    return added


def box_remove(*, actor: Any, box: RedactionBox) -> None:
    with transaction.atomic():
        _lock_for_review(actor, box.attachment)
        box = RedactionBox.objects.select_for_update().get(pk=box.pk)
        audit(
            actor=actor,
            role=Role.OFFICE,
            action="disclosure.redaction_box_remove",
            target=box.attachment,
            changes={"box": [[box.page, *box.box], None]},
        )
        box.delete()


# --- the redacted copy ------------------------------------------------------------------------------------------


def _targets(attachment: Attachment) -> list[str]:
    """The texts the boxes hide: the open findings of the attachment that have a box."""
    return sorted(
        set(attachment.findings.filter(status=Finding.Status.OPEN, boxes__isnull=False).values_list("text", flat=True))
    )


def copy_make(*, actor: Any, attachment: Attachment) -> RedactedCopy:
    """Record the boxes and queue the copy with them burnt in, and its check by OCR."""
    with transaction.atomic():
        _lock_for_review(actor, attachment)
        boxes = [[b.page, *b.box] for b in attachment.redaction_boxes.all()]
        if not boxes:
            raise InvalidState(_("请先在页面上标出需要遮盖的区域。"))
        copy = RedactedCopy.objects.create(
            attachment=attachment, boxes=boxes, targets=_targets(attachment), made_by=actor
        )
        audit(
            actor=actor,
            role=Role.OFFICE,
            action="disclosure.redacted_copy_make",
            target=attachment,
            changes={"boxes": [None, boxes]},
        )
        from gongkai.disclosures.tasks import make_redacted_copy

        transaction.on_commit(lambda: make_redacted_copy(copy.pk))
    return copy


def make_copy(copy_id: int) -> None:
    """Burn the boxes in, store the copy, read it again by OCR and say whether anything marked is left."""
    copy = RedactedCopy.objects.select_related("attachment").filter(pk=copy_id, state=RedactedCopy.State.MAKING).first()
    if copy is None:
        return
    attachment = copy.attachment
    by_page: dict[int, list[Any]] = {}
    for page, *box in copy.boxes:
        by_page.setdefault(int(page) - 1, []).append(tuple(box))
    try:
        content = pdf_redact.burn_in(attachment.kind, attachments.read(attachment, original=True), by_page)
    except pdf_redact.PageError as failed:
        _copy_state(copy, RedactedCopy.State.FAILED, message=failed.message)
        return
    copy.stored_name = default_storage.save(f"{attachments.FOLDER}/{uuid.uuid4().hex}.red", ContentFile(content))
    RedactedCopy.objects.filter(pk=copy.pk).update(stored_name=copy.stored_name)
    _check_copy(copy, content)


def _check_copy(copy: RedactedCopy, content: bytes) -> None:
    attachment = copy.attachment
    residue = pdf_redact.residue(content) if attachment.kind == FileKind.PDF else []
    numbers = list(range(1, pdf_redact.page_count(attachment.kind, content) + 1))
    run = OcrRun.objects.create(attachment=attachment, copy=copy, pages_total=len(numbers))
    try:
        run.engine = ocr.engine().label
        OcrRun.objects.filter(pk=run.pk).update(state=OcrRun.State.RUNNING, engine=run.engine)
        text = "\n".join(_read_copy_page(run, copy, content, number) for number in numbers)
    except (ocr.OcrUnavailable, pdf_redact.PageError) as failed:
        OcrRun.objects.filter(pk=run.pk).update(state=OcrRun.State.FAILED, message=failed.message)
        _copy_state(copy, RedactedCopy.State.FAILED, message=failed.message)
        return
    OcrRun.objects.filter(pk=run.pk).update(state=OcrRun.State.DONE, finished_at=timezone.now())
    found = [t for t in copy.targets if _loosely_in(t, text)] + residue
    state = RedactedCopy.State.LEFT if found else RedactedCopy.State.CLEAN
    _copy_state(copy, state, found=found, text=text[:200_000])


def _read_copy_page(run: OcrRun, copy: RedactedCopy, content: bytes, number: int) -> str:
    """One page of the copy as published, read by OCR with its boxes' areas blanked (see `pdf_redact.blank`):
    what is looked for is a hidden text that still stands outside the boxes."""
    image, scale = pdf_redact.render(copy.attachment.kind, content, number - 1, ocr.OCR_DPI, grey=True)
    pdf_redact.blank(image, [tuple(box) for page, *box in copy.boxes if int(page) == number], scale)
    text = ocr.read_image(image, scale=scale).text
    OcrRun.objects.filter(pk=run.pk).update(pages_done=F("pages_done") + 1)
    return text


def _loosely_in(target: str, text: str) -> bool:
    """Whether `target` is in `text`, whatever whitespace OCR put between its characters."""
    characters = [c for c in target if not c.isspace()]
    return bool(characters) and re.search(r"\s*".join(map(re.escape, characters)), text, re.IGNORECASE) is not None


def _copy_state(copy: RedactedCopy, state: str, **fields: Any) -> None:
    RedactedCopy.objects.filter(pk=copy.pk).update(state=state, **fields)


def latest_copy(attachment: Attachment) -> RedactedCopy | None:
    return attachment.redacted_copies.order_by("-id").first()


def copy_confirm(*, actor: Any, copy: RedactedCopy) -> RedactedCopy:
    """Readers receive the checked copy from now on; the open findings it hides are marked redacted."""
    with transaction.atomic():
        _lock_for_review(actor, copy.attachment)
        copy = RedactedCopy.objects.select_for_update().select_related("attachment").get(pk=copy.pk)
        if copy.state != RedactedCopy.State.CLEAN:
            raise InvalidState(_("遮盖副本尚未复查通过，不能采用。"))
        if copy.confirmed_at is not None:
            raise InvalidState(_("该遮盖副本已采用。"))
        if latest_copy(copy.attachment) != copy:
            raise InvalidState(_("已有更新的遮盖副本，请查看最新的预览。"))
        attachment = copy.attachment
        attachment.redacted_name = copy.stored_name
        attachment.text = mask_targets(attachment.text, copy.targets)
        attachment.save(update_fields=["redacted_name", "text"])
        now = timezone.now()
        copy.confirmed_by, copy.confirmed_at = actor, now
        copy.save(update_fields=["confirmed_by", "confirmed_at"])
        hidden = attachment.findings.filter(status=Finding.Status.OPEN, text__in=copy.targets)
        count = hidden.update(status=Finding.Status.REDACTED, resolved_by=actor, resolved_at=now)
        audit(
            actor=actor,
            role=Role.OFFICE,
            action="disclosure.redacted_copy_confirm",
            target=attachment,
            changes={"redacted_name": ["", copy.stored_name], "findings_redacted": [0, count]},
        )
    return copy
