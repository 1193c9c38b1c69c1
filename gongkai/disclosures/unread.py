"""What the screening could not read: recorded, shown at the top of the review, and blocking it until decided.

At submission `record(disclosure)` writes an `UnreadPart` for each part of a publishable attachment that the
text screening did not read — PDF pages without a text layer (scans), pictures, the part past the extraction
bound, a file that could not be read — and queues OCR for the scans and pictures (`schedule`). A part leaves
"pending" in one of two ways only:

- `run_ocr` (the background worker) reads its pages with Tesseract, screens the text like any other and
  records each finding with its page and box (and a pre-filled redaction box); the part becomes "screened";
- `unread_accept` — the office accepts it with a reason, recorded with who and when (audited).

`check_all_read` refuses review and approval while a part is pending. A missing OCR engine, a timeout or a page
that cannot be rendered is written on the part as its note, for the reviewer: never a crash, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.trail import record as audit
from gongkai.disclosures import attachments
from gongkai.disclosures.models import (
    Attachment,
    Disclosure,
    Finding,
    OcrRun,
    RedactionBox,
    SensitiveTerm,
    UnreadPart,
)
from gongkai.errors import InvalidState, require
from gongkai.org import permissions
from gongkai.org.roles import Role
from gongkai.screening import detectors, ocr, pdf_redact
from gongkai.screening.extract import DEFAULT_MAX_CHARS, ExtractionError, extract_text
from gongkai.screening.filetypes import FileKind
from gongkai.screening.segments import Segment

Kind = UnreadPart.Kind
Status = UnreadPart.Status


# --- what was not read ------------------------------------------------------------------------------------


def _pages_label(pages: Sequence[int]) -> str:
    shown = "、".join(str(n) for n in pages[:20]) + ("等" if len(pages) > 20 else "")
    return _("第 %(pages)s 页") % {"pages": shown}


def _found_in(attachment: Attachment) -> list[UnreadPart]:
    """The unread parts of one attachment (not saved)."""

    def part(kind: str, location: str, pages: Sequence[int] = ()) -> UnreadPart:
        return UnreadPart(
            disclosure_id=attachment.disclosure_id,
            attachment=attachment,
            kind=kind,
            location=location,
            pages=list(pages),
        )

    if attachment.kind in pdf_redact.PICTURES:
        return [part(Kind.PICTURE, _("整张图片"), [1])]
    if attachment.kind != FileKind.PDF and attachment.text and len(attachment.text) < DEFAULT_MAX_CHARS:
        return []  # stored text shorter than the bound: the whole file was read
    try:
        extraction = extract_text(FileKind(attachment.kind), attachments.read(attachment))
    except ExtractionError:
        return [part(Kind.UNREADABLE, _("整个文件"))]
    except ValueError:  # a kind the extractor does not know
        return [part(Kind.UNREADABLE, _("整个文件"))]
    found = []
    if extraction.empty_pages:
        found.append(part(Kind.SCANNED, _pages_label(extraction.empty_pages), extraction.empty_pages))
    if extraction.truncated:
        found.append(part(Kind.TRUNCATED, _("前 %(n)d 个字符之后的部分") % {"n": DEFAULT_MAX_CHARS}))
    return found


def _same(a: UnreadPart, b: UnreadPart) -> bool:
    return a.attachment_id == b.attachment_id and a.kind == b.kind and list(a.pages) == list(b.pages)


def record(disclosure: Disclosure) -> list[UnreadPart]:
    """Record the unread parts of a submitted disclosure and queue OCR for them; return the pending ones.

    Called inside the submission's transaction, after the text screening replaced the open findings (which
    include earlier OCR findings): so every part is read again, except one the office accepted with a reason
    for the same file and pages — that decision stands.
    """
    accepted = list(disclosure.unread_parts.filter(status=Status.ACCEPTED))
    disclosure.unread_parts.exclude(status=Status.ACCEPTED).delete()
    pending = []
    for attachment in attachments.publishable(disclosure):
        for part in _found_in(attachment):
            if any(_same(part, done) for done in accepted):
                continue
            part.save()
            pending.append(part)
            if part.readable_by_ocr:
                schedule(part)
    return pending


def pending_count(disclosure: Disclosure) -> int:
    return disclosure.unread_parts.filter(status=Status.PENDING, attachment__removed=False).count()


def check_all_read(disclosure: Disclosure) -> None:
    """Refuse while a part that nobody read is undecided."""
    count = pending_count(disclosure)
    if count:
        raise InvalidState(
            _(
                "还有 %(n)d 处附件内容未经自动检查（扫描页、图片或超出上限的部分），须经文字识别检查或说明理由确认后才能通过。"
            )
            % {"n": count}
        )


# --- the office decides ----------------------------------------------------------------------------------


def _lock_part(actor: Any, part: UnreadPart) -> UnreadPart:
    disclosure = Disclosure.objects.select_for_update().get(pk=part.disclosure_id)
    require(
        permissions.may_review_disclosure(actor, drafted_by_id=disclosure.created_by_id),
        _("只有领导小组办公室的审核人可以处理未检查的内容。"),
    )
    if disclosure.state != Disclosure.State.IN_REVIEW:
        raise InvalidState(_("该公开事项不在审核中。"))
    part = UnreadPart.objects.select_for_update().get(pk=part.pk)
    if part.status != Status.PENDING:
        raise InvalidState(_("该内容已处理。"))
    return part


def unread_accept(*, actor: Any, part: UnreadPart, reason: str) -> UnreadPart:
    """The office has looked at the part itself and accepts it for publication, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("确认时请说明理由（例如：已逐页人工查看，无涉密和个人信息）。")})
    with transaction.atomic():
        part = _lock_part(actor, part)
        part.status, part.reason = Status.ACCEPTED, reason[:2000]
        part.decided_by, part.decided_at = actor, timezone.now()
        part.save()
        audit(
            actor=actor,
            role=Role.OFFICE,
            action="disclosure.unread_accept",
            target=part,
            changes={"status": [Status.PENDING, Status.ACCEPTED]},
            note=part.reason,
        )
    return part


def unread_read_again(*, actor: Any, part: UnreadPart) -> OcrRun:
    """Queue OCR again (after the engine was installed, or a timeout)."""
    with transaction.atomic():
        part = _lock_part(actor, part)
        if not part.readable_by_ocr:
            raise InvalidState(_("这部分内容无法通过文字识别检查，请人工查看后说明理由确认。"))
        run = schedule(part)
        audit(actor=actor, role=Role.OFFICE, action="disclosure.unread_ocr", target=part)
    return run


# --- OCR in the background ---------------------------------------------------------------------------------


def schedule(part: UnreadPart) -> OcrRun:
    """A queued run (shown at once on the page) and its task, sent when the transaction commits."""
    from gongkai.disclosures.tasks import ocr_unread

    run = OcrRun.objects.create(attachment_id=part.attachment_id, unread_part=part, pages_total=len(part.pages))
    transaction.on_commit(lambda: ocr_unread(run.pk))
    return run


def run_ocr(run_id: int) -> None:
    """Read the pages of one unread part, then screen and record (the worker's task)."""
    run = OcrRun.objects.select_related("unread_part", "attachment").filter(pk=run_id).first()
    if run is None or run.unread_part is None or run.unread_part.status != Status.PENDING:
        return
    _progress(run, state=OcrRun.State.RUNNING)
    try:
        run.engine = ocr.engine().label
        _progress(run, engine=run.engine)
        pages = read_pages(run, run.unread_part.pages)
    except ocr.OcrUnavailable as failed:
        _failed(run, failed.message)
        return
    except pdf_redact.PageError as failed:
        _failed(run, failed.message)
        return
    _screen_pages(run, pages)


def read_pages(run: OcrRun, numbers: Sequence[int], data: bytes | None = None) -> list[tuple[int, ocr.OcrPage]]:
    """OCR of the given pages of the run's attachment (or of `data`), one page in memory at a time."""
    attachment = run.attachment
    content = attachments.read(attachment) if data is None else data
    read = []
    for number in numbers:
        image, scale = pdf_redact.render(attachment.kind, content, number - 1, ocr.OCR_DPI, grey=True)
        read.append((number, ocr.read_image(image, scale=scale)))
        del image
        OcrRun.objects.filter(pk=run.pk).update(pages_done=F("pages_done") + 1)
    return read


def _progress(run: OcrRun, **fields: Any) -> None:
    OcrRun.objects.filter(pk=run.pk).update(**fields)


def _failed(run: OcrRun, message: str) -> None:
    with transaction.atomic():
        _progress(run, state=OcrRun.State.FAILED, message=message, finished_at=timezone.now())
        if run.unread_part_id:
            UnreadPart.objects.filter(pk=run.unread_part_id, status=Status.PENDING).update(note=message)


def page_location(number: int) -> str:
    return _("第%(page)d页（文字识别）") % {"page": number}


def scan_pages(
    organisation_id: int, pages: Sequence[tuple[int, ocr.OcrPage]]
) -> list[tuple[detectors.Finding, int, Any]]:
    """Screen OCR text like any other: each finding with its page and the box of its words."""
    terms = list(SensitiveTerm.objects.filter(organisation_id=organisation_id).values_list("term", flat=True))
    by_location = {page_location(number): (number, page) for number, page in pages}
    segments = [Segment(location, page.text) for location, (_n, page) in by_location.items()]
    located = []
    for found in detectors.scan(segments, sensitive_terms=terms):
        number, page = by_location[found.location]
        located.append((found, number, ocr.box_of(page, found.start, found.end)))
    return located


def _screen_pages(run: OcrRun, pages: list[tuple[int, ocr.OcrPage]]) -> None:
    with transaction.atomic():
        part_id = run.unread_part_id or 0
        disclosure = Disclosure.objects.select_for_update().get(unread_parts=part_id)
        part = UnreadPart.objects.select_for_update().select_related("attachment").get(pk=part_id)
        if disclosure.state != Disclosure.State.IN_REVIEW or part.status != Status.PENDING:
            _progress(run, state=OcrRun.State.DONE, finished_at=timezone.now())
            return  # returned or decided meanwhile: this reading is of no use any more
        count = _record_findings(disclosure, part.attachment, scan_pages(disclosure.organisation_id, pages))
        part.status = Status.SCREENED
        part.note = _("%(engine)s 识别 %(pages)d 页，发现 %(n)d 处需审核。") % {
            "engine": run.engine,
            "pages": len(pages),
            "n": count,
        }
        part.decided_at = timezone.now()
        part.save()
        _progress(run, state=OcrRun.State.DONE, finished_at=timezone.now())
        audit(
            actor=None,
            action="disclosure.unread_screened",
            target=part,
            changes={"status": [Status.PENDING, Status.SCREENED], "findings": [0, count]},
            note=run.engine,
        )


def _record_findings(
    disclosure: Disclosure, attachment: Attachment, located: list[tuple[detectors.Finding, int, Any]]
) -> int:
    for found, number, box in located:
        finding = Finding.objects.create(
            disclosure=disclosure,
            attachment=attachment,
            kind=found.kind,
            text=found.text[:300],
            location=f"{attachment.original_name} · {found.location}"[:120],
            context=found.context[:400],
            page=number,
            box=list(box) if box else None,
        )
        if box:
            RedactionBox.objects.create(attachment=attachment, finding=finding, page=number, **_corners(box))
    return len(located)


def _corners(box: Any) -> dict[str, float]:
    x0, y0, x1, y1 = box
    return {"x0": float(x0), "y0": float(y0), "x1": float(x1), "y1": float(y1)}
