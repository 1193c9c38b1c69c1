"""What the screening could not read and how it was decided, the OCR runs, and the redaction of pages.

Imported by `models.py` (the app's models module); changed only through `unread.py` and `page_redaction.py`.
Boxes are in page coordinates (see `gongkai.screening.ocr`); pages are counted from 1.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnreadPart(models.Model):
    """A part of an attachment the automatic screening could not read. It blocks review while pending, until it
    is screened by OCR or the office accepts it with a recorded reason."""

    class Kind(models.TextChoices):
        SCANNED = "scanned", _("没有可提取文字的页面（可能是扫描页）")
        PICTURE = "picture", _("图片")
        TRUNCATED = "truncated", _("超出自动检查上限的部分")
        UNREADABLE = "unreadable", _("无法读取的文件")

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        SCREENED = "screened", _("已经文字识别（OCR）并筛查")
        ACCEPTED = "accepted", _("经审核确认（已说明理由）")

    disclosure = models.ForeignKey("disclosures.Disclosure", on_delete=models.PROTECT, related_name="unread_parts")
    attachment = models.ForeignKey("disclosures.Attachment", on_delete=models.PROTECT, related_name="unread_parts")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    pages = models.JSONField(default=list, blank=True)
    location = models.CharField(_("位置"), max_length=200)
    note = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("处理"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["disclosure", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | ~models.Q(reason=""), name="unread_part_accepted_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attachment_id} {self.location}"

    @property
    def readable_by_ocr(self) -> bool:
        return self.kind in (self.Kind.SCANNED, self.Kind.PICTURE)


class RedactedCopy(models.Model):
    """A copy of a PDF or picture with the reviewer's boxes burnt in, checked again by OCR before it may be used."""

    class State(models.TextChoices):
        MAKING = "making", _("正在生成")
        CLEAN = "clean", _("复查未发现遮盖内容")
        LEFT = "left", _("复查仍发现需遮盖的内容")
        FAILED = "failed", _("生成失败")

    attachment = models.ForeignKey("disclosures.Attachment", on_delete=models.PROTECT, related_name="redacted_copies")
    stored_name = models.CharField(max_length=100, blank=True)
    boxes = models.JSONField(default=list)
    targets = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.MAKING)
    found = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    text = models.TextField(blank=True, editable=False)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attachment", "-id"]

    def __str__(self) -> str:
        return f"{self.attachment_id} {self.state}"


class OcrRun(models.Model):
    """One OCR pass over pages of an attachment (to screen unread pages, or to check a redacted copy): its
    progress, for the item's page, and the engine that did it."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("识别中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("未能识别")

    attachment = models.ForeignKey("disclosures.Attachment", on_delete=models.PROTECT, related_name="ocr_runs")
    unread_part = models.ForeignKey(UnreadPart, on_delete=models.CASCADE, null=True, blank=True, related_name="runs")
    copy = models.ForeignKey(RedactedCopy, on_delete=models.CASCADE, null=True, blank=True, related_name="runs")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    engine = models.CharField(max_length=80, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attachment", "-id"]

    def __str__(self) -> str:
        return f"{self.attachment_id} {self.pages_done}/{self.pages_total}"


class RedactionBox(models.Model):
    """An area of a page to black out: pre-filled from a located finding, or drawn by the reviewer."""

    attachment = models.ForeignKey("disclosures.Attachment", on_delete=models.PROTECT, related_name="redaction_boxes")
    finding = models.ForeignKey(
        "disclosures.Finding", on_delete=models.CASCADE, null=True, blank=True, related_name="boxes"
    )
    page = models.PositiveIntegerField(_("页码"))
    x0 = models.FloatField()
    y0 = models.FloatField()
    x1 = models.FloatField()
    y1 = models.FloatField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attachment", "page", "y0", "x0", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(x1__gt=models.F("x0")) & models.Q(y1__gt=models.F("y0")),
                name="redaction_box_not_empty",
            )
        ]

    def __str__(self) -> str:
        return f"{self.attachment_id} p{self.page}"

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)
