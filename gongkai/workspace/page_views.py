"""Workspace pages for what the screening could not read and for redaction on page images.

Unread parts are accepted with a reason or read again by OCR; the OCR progress is polled as JSON by
`static/gongkai/ocr-progress.js`. The page view shows every page of a PDF or picture with its redaction boxes
(drawn by dragging, `static/gongkai/page-redaction.js`, or typed as numbers), and the preview of the redacted
copy. Page images of the original are part of the review record: only those who work on the item see them.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.disclosures import attachments, page_redaction, unread
from gongkai.disclosures.models import Attachment, Disclosure, OcrRun, RedactedCopy, RedactionBox, UnreadPart
from gongkai.disclosures.visibility import may_work_on, visible_disclosures
from gongkai.faces import attempt
from gongkai.org import permissions
from gongkai.org.selectors import current_organisation
from gongkai.screening import pdf_redact


def detail_context(user: Any, disclosure: Disclosure, reviewing: bool) -> dict[str, Any]:
    """What the item's page shows of unread parts and page redaction (added to its context)."""
    paged = [a for a in attachments.publishable(disclosure) if page_redaction.is_paged(a)]
    return {
        "unread_parts": disclosure.unread_parts.filter(attachment__removed=False).select_related(
            "attachment", "decided_by"
        ),
        "ocr_running": OcrRun.objects.filter(
            attachment__disclosure=disclosure, state__in=[OcrRun.State.QUEUED, OcrRun.State.RUNNING]
        ).exists()
        or RedactedCopy.objects.filter(attachment__disclosure=disclosure, state=RedactedCopy.State.MAKING).exists(),
        "paged_attachments": [
            (a, page_redaction.latest_copy(a), a.redaction_boxes.count(), _preview_pages(a)) for a in paged
        ],
        "may_redact_pages": reviewing,
    }


def _preview_pages(attachment: Attachment) -> list[int]:
    copy = page_redaction.latest_copy(attachment)
    if copy is None or not copy.stored_name:
        return []
    try:
        return list(range(1, pdf_redact.page_count(attachment.kind, _copy_data(copy)) + 1))
    except pdf_redact.PageError:
        return []


def _copy_data(copy: RedactedCopy) -> bytes:
    from django.core.files.storage import default_storage

    with default_storage.open(copy.stored_name, "rb") as handle:
        return bytes(handle.read())


def _disclosure(request: HttpRequest, pk: int) -> Disclosure:
    """Through the visibility rules, else 404 (as the other disclosure pages)."""
    organisation = getattr(request.user, "organisation", None) or current_organisation()
    if organisation is None:
        raise Http404
    return get_object_or_404(visible_disclosures(request.user, organisation), pk=pk)


def _attachment_for_work(request: HttpRequest, pk: int) -> Attachment:
    attachment = get_object_or_404(Attachment, pk=pk, removed=False, purpose=Attachment.Purpose.PUBLISH)
    disclosure = _disclosure(request, attachment.disclosure_id)
    if not may_work_on(request.user, disclosure) or not page_redaction.is_paged(attachment):
        raise Http404
    attachment.disclosure = disclosure
    return attachment


def _back(disclosure_id: int) -> HttpResponse:
    return redirect("workspace:disclosure", pk=disclosure_id)


@login_required
@require_POST
def unread_accept(request: HttpRequest, pk: int) -> HttpResponse:
    part = get_object_or_404(UnreadPart, pk=pk)
    _disclosure(request, part.disclosure_id)
    reason = str(request.POST.get("reason", ""))[:2000]
    if attempt(request, lambda: unread.unread_accept(actor=request.user, part=part, reason=reason)):
        messages.success(request, _("已记录确认理由。"))
    return _back(part.disclosure_id)


@login_required
@require_POST
def unread_ocr(request: HttpRequest, pk: int) -> HttpResponse:
    part = get_object_or_404(UnreadPart, pk=pk)
    _disclosure(request, part.disclosure_id)
    if attempt(request, lambda: unread.unread_read_again(actor=request.user, part=part)):
        messages.success(request, _("已重新排队进行文字识别。"))
    return _back(part.disclosure_id)


@login_required
def ocr_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """Pages read so far of each OCR run of the item, for the polling script."""
    disclosure = _disclosure(request, pk)
    if not may_work_on(request.user, disclosure):
        raise Http404
    runs = OcrRun.objects.filter(attachment__disclosure=disclosure).order_by("id")
    making = RedactedCopy.objects.filter(attachment__disclosure=disclosure, state=RedactedCopy.State.MAKING)
    return JsonResponse(
        {
            "running": making.exists() or any(r.state in (OcrRun.State.QUEUED, OcrRun.State.RUNNING) for r in runs),
            "runs": [{"id": r.pk, "state": r.state, "done": r.pages_done, "total": r.pages_total} for r in runs],
        }
    )


@login_required
def pages(request: HttpRequest, pk: int) -> HttpResponse:
    """Every page of the attachment with its redaction boxes, for the reviewer to mark areas."""
    attachment = _attachment_for_work(request, pk)
    data = attachments.read(attachment, original=True)
    try:
        sizes = [
            pdf_redact.page_size(attachment.kind, data, index)
            for index in range(pdf_redact.page_count(attachment.kind, data))
        ]
    except pdf_redact.PageError as failed:
        messages.error(request, failed.message)
        return _back(attachment.disclosure_id)
    boxes = list(attachment.redaction_boxes.select_related("finding"))
    context = {
        "a": attachment,
        "d": attachment.disclosure,
        "pages": [
            (number, width, height, [b for b in boxes if b.page == number])
            for number, (width, height) in enumerate(sizes, start=1)
        ],
        "boxes": boxes,
        "may_redact_pages": attachment.disclosure.state == Disclosure.State.IN_REVIEW
        and permissions.may_review_disclosure(request.user, drafted_by_id=attachment.disclosure.created_by_id),
    }
    return render(request, "workspace/disclosures/pages.html", context)


@login_required
def page_image(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    """A page of the original (or, with ?copy=, of a redacted copy) as PNG at preview resolution."""
    attachment = _attachment_for_work(request, pk)
    copy_id = request.GET.get("copy", "")
    if copy_id:
        copy = get_object_or_404(RedactedCopy, pk=int(copy_id) if copy_id.isdigit() else 0, attachment=attachment)
        if not copy.stored_name:
            raise Http404
        data = _copy_data(copy)
    else:
        data = attachments.read(attachment, original=True)
    try:
        image, _scale = pdf_redact.render(attachment.kind, data, page - 1, pdf_redact.PREVIEW_DPI)
    except pdf_redact.PageError:
        raise Http404 from None
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


def _number(raw: Any) -> float | None:
    try:
        value = float(str(raw).strip())
    except ValueError:
        return None
    return value if value == value and abs(value) < 1e6 else None  # not NaN, not absurd


@login_required
@require_POST
def box_add(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment_for_work(request, pk)
    values = [_number(request.POST.get(name, "")) for name in ("page", "x0", "y0", "x1", "y1")]
    if any(value is None for value in values):
        messages.error(request, _("请填写页码和遮盖区域的四个坐标（数字）。"))
    else:
        page, x0, y0, x1, y1 = (float(v or 0) for v in values)
        if attempt(
            request,
            lambda: page_redaction.box_add(
                actor=request.user, attachment=attachment, page=int(page), box=(x0, y0, x1, y1)
            ),
        ):
            messages.success(request, _("已添加遮盖区域。"))
    return redirect("workspace:attachment_pages", pk=attachment.pk)


@login_required
@require_POST
def box_remove(request: HttpRequest, pk: int) -> HttpResponse:
    box = get_object_or_404(RedactionBox, pk=pk)
    attachment = _attachment_for_work(request, box.attachment_id)
    if attempt(request, lambda: page_redaction.box_remove(actor=request.user, box=box)):
        messages.success(request, _("已删除遮盖区域。"))
    return redirect("workspace:attachment_pages", pk=attachment.pk)


@login_required
@require_POST
def copy_make(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment_for_work(request, pk)
    if attempt(request, lambda: page_redaction.copy_make(actor=request.user, attachment=attachment)):
        messages.success(request, _("正在生成遮盖副本并用文字识别复查，完成后可在下方预览。"))
    return _back(attachment.disclosure_id)


@login_required
@require_POST
def copy_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    copy = get_object_or_404(RedactedCopy, pk=pk)
    attachment = _attachment_for_work(request, copy.attachment_id)
    if attempt(request, lambda: page_redaction.copy_confirm(actor=request.user, copy=copy)):
        messages.success(request, _("已采用遮盖副本，公开时读者只能获得该副本。"))
    return _back(attachment.disclosure_id)
