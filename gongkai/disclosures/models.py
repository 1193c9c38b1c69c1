"""A disclosure (公开事项) and what its procedure records: transitions, screening findings, attachments,
offline carrying-out, corrections and withdrawals, publicity windows and objections.

Every change goes through `gongkai.disclosures.services`; who may see what is decided in `visibility.py`.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import Entry, Form, Scope
from gongkai.org.models import Department, Organisation
from gongkai.screening.detectors import FindingKind


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Disclosure(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        RETURNED = "returned", _("已退回")
        IN_REVIEW = "in_review", _("待审核")
        REVIEWED = "reviewed", _("待审批")
        APPROVED = "approved", _("待实施")
        PUBLISHED = "published", _("已公开")
        WITHDRAWN = "withdrawn", _("已撤回")

    class WindowResult(models.TextChoices):
        NONE = "", _("未出结果")
        NO_OBJECTION = "no_objection", _("公示期内无异议")
        OBJECTION_HANDLED = "objection_handled", _("异议已处理")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="disclosures")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("目录事项"))
    obligation_key = models.CharField(_("对应公开义务"), max_length=60, blank=True)
    obligation_label = models.CharField(_("公开义务"), max_length=120, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    body_text = models.TextField(_("正文纯文本"), blank=True, editable=False)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("责任科室")
    )
    scope = models.ForeignKey(Scope, on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("公开范围"))
    forms = models.ManyToManyField(Form, related_name="disclosures", verbose_name=_("公开形式"))
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.DRAFT)
    index_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    index_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True)
    window_workdays = models.PositiveSmallIntegerField(_("公示期（工作日）"), null=True, blank=True)
    window_starts_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    window_ends_on = models.DateField(_("公示结束日期"), null=True, blank=True)
    objection_ways = models.TextField(_("反映问题的方式"), blank=True)
    window_result = models.CharField(
        _("公示结果"), max_length=20, choices=WindowResult.choices, blank=True, default=WindowResult.NONE
    )
    window_result_note = models.TextField(_("公示结果说明"), blank=True)
    corrected_at = models.DateTimeField(_("更正时间"), null=True, blank=True)
    correction_note = models.TextField(_("更正说明"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("起草人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "index_year", "index_serial"],
                condition=models.Q(index_serial__isnull=False),
                name="disclosure_index_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(window_workdays__isnull=True) | models.Q(window_workdays__gte=1),
                name="disclosure_window_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(window_ends_on__isnull=True)
                | models.Q(window_starts_on__isnull=True)
                | models.Q(window_ends_on__gte=models.F("window_starts_on")),
                name="disclosure_window_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "state", "published_at"], name="disclosure_listing_idx"),
            # Covers the readers' count (published, window open, scope admitted) without reading the rows, whose
            # bodies make a table scan slow: the paginated list's COUNT went from ~160 ms to ~1 ms at 10k items.
            models.Index(fields=["organisation", "state", "scope", "window_ends_on"], name="disclosure_reading_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def index_number(self) -> str:
        """索引号: `<organisation code>/<year>-<5-digit serial>`, given at publication."""
        if self.index_serial is None:
            return ""
        return f"{self.organisation.code}/{self.index_year}-{self.index_serial:05d}"

    @property
    def has_window(self) -> bool:
        return self.window_starts_on is not None and self.window_ends_on is not None

    def window_open_on(self, day: datetime.date) -> bool:
        return self.has_window and self.window_starts_on <= day <= self.window_ends_on  # type: ignore[operator]

    def window_closed_on(self, day: datetime.date) -> bool:
        return self.has_window and day > self.window_ends_on  # type: ignore[operator]

    @property
    def is_online(self) -> bool:
        return any(form.is_online for form in self.forms.all())


class CadreNotice(models.Model):
    # The person's particulars, in the order a 任前公示 table shows them (forms, API, exports use this).
    FIELDS = (
        "name",
        "gender",
        "ethnicity",
        "birth",
        "political_status",
        "education",
        "current_post",
        "proposed_post",
    )

    """One person in a 任前公示 (pre-appointment publicity) or 干部考察预告 notice."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="cadres")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("姓名"), max_length=40)
    gender = models.CharField(_("性别"), max_length=4)
    ethnicity = models.CharField(_("民族"), max_length=20)
    birth = models.CharField(_("出生年月"), max_length=20)
    political_status = models.CharField(_("政治面貌"), max_length=20)
    education = models.CharField(_("学历"), max_length=40)
    current_post = models.CharField(_("现任职务"), max_length=120)
    proposed_post = models.CharField(_("拟任职务"), max_length=120)

    class Meta:
        ordering = ["disclosure", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Transition(models.Model):
    """One step of a disclosure's procedure: who moved it from what to what, and why."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=12)
    to_state = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.disclosure_id} {self.action}"


class OfflineRecord(models.Model):
    """A disclosure carried out offline: at a meeting, on a bulletin board, in a briefing or a document."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="offline_records")
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="+", verbose_name=_("公开形式"))
    held_on = models.DateField(_("公开日期"))
    place = models.CharField(_("地点"), max_length=120)
    how = models.TextField(_("公开情况"), help_text=_("例如：在全体干部职工大会上宣读，参会人数、张贴期限等。"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.form} {self.held_on}"


class Attachment(models.Model):
    """A file of a disclosure, stored under a generated name; served only through a visibility check,
    at an address made of a random token."""

    class Purpose(models.TextChoices):
        PUBLISH = "publish", _("附件")
        EVIDENCE = "evidence", _("佐证材料")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="attachments")
    offline_record = models.ForeignKey(
        OfflineRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.PUBLISH)
    original_name = models.CharField(_("文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=100, unique=True)
    redacted_name = models.CharField(max_length=100, blank=True)
    text = models.TextField(blank=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    removed = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["disclosure", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def served_name(self) -> str:
        """What a reader receives: the redacted copy when there is one."""
        return self.redacted_name or self.stored_name


class Finding(models.Model):
    """Something the secrecy and privacy screening found; the reviewer redacts it or accepts it with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        REDACTED = "redacted", _("已遮盖")
        ACCEPTED = "accepted", _("经审核可公开")
        # Only for classification marks (see `secrecy.py`): never masked or accepted, these two end them.
        DECLASSIFIED = "declassified", _("经解密或认定不属于国家秘密")
        REMOVED = "removed", _("涉密内容已删除")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="findings")
    attachment = models.ForeignKey(Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="findings")
    kind = models.CharField(_("类型"), max_length=20)
    text = models.CharField(_("内容"), max_length=300)
    location = models.CharField(_("位置"), max_length=120)
    context = models.CharField(_("上下文"), max_length=400)
    status = models.CharField(_("处理"), max_length=12, choices=Status.choices, default=Status.OPEN)
    reason = models.TextField(_("理由"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Where it stands on a page of a PDF or picture (page from 1, box in page coordinates), when known.
    page = models.PositiveIntegerField(null=True, blank=True)
    box = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["disclosure", "id"]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.text}"

    @property
    def kind_label(self) -> str:
        return str(FindingKind(self.kind).label) if self.kind in FindingKind.values else self.kind


class SensitiveTerm(models.Model):
    """A term the office wants flagged in every disclosure before review."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="sensitive_terms", verbose_name=_("所属机构")
    )
    term = models.CharField(_("敏感词"), max_length=60)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering = ["organisation", "term"]
        constraints = [models.UniqueConstraint(fields=["organisation", "term"], name="sensitive_term_unique")]

    def __str__(self) -> str:
        return self.term


class PublishedChange(models.Model):
    """A correction (更正) or withdrawal (撤回) of a published disclosure, with its reason and approval."""

    class Kind(models.TextChoices):
        CORRECT = "correct", _("更正")
        WITHDRAW = "withdraw", _("撤回")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("理由"))
    new_title = models.CharField(_("更正后标题"), max_length=200, blank=True)
    new_body = models.TextField(_("更正后正文"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="published_change_has_reason"),
            models.UniqueConstraint(
                fields=["disclosure"], condition=models.Q(status="pending"), name="published_change_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.disclosure}"


class Objection(models.Model):
    """An objection raised during a publicity window (through the feedback channel of the item's page)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="objections")
    name = models.CharField(_("姓名"), max_length=40, blank=True, help_text=_("可匿名，但实名反映便于核实和反馈。"))
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    content = models.TextField(_("反映内容"))
    tracking_code = models.CharField(max_length=20, unique=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    handled_note = models.TextField(_("处理结果"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return self.tracking_code


def snapshot_fields(disclosure: Disclosure) -> dict[str, Any]:
    """The fields an audit record compares."""
    return {
        "title": disclosure.title,
        "state": disclosure.state,
        "document_number": disclosure.document_number,
        "written_on": disclosure.written_on,
        "scope": disclosure.scope_id,
        "obligation_key": disclosure.obligation_key,
        "window_starts_on": disclosure.window_starts_on,
        "window_ends_on": disclosure.window_ends_on,
        "body_length": len(disclosure.body_text),
    }


# The records of unread parts, OCR runs and page redaction, and those of the secrecy review, live in modules of
# their own; imported here so Django registers them.
from gongkai.disclosures.screening_models import OcrRun, RedactedCopy, RedactionBox, UnreadPart  # noqa: E402,F401
from gongkai.disclosures.secrecy_models import Declassification, Review  # noqa: E402, F401
