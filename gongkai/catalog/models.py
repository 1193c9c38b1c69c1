"""The disclosure catalog (公开目录): reference data, the catalog of a year, its entries and versions,
change requests, triggering events and fulfilments.

State changes happen only through `gongkai.catalog.services`; rules about a single record live here.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.org.models import Body, Department, Organisation, PartyOrganisation
from gongkai.printing.docnumber import DocumentNumberError, normalise

# --- reference data, edited by the office -----------------------------------------------------------------


class Category(models.Model):
    """A content category (公开内容类别); the plan names seven, another body may have others."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="categories", verbose_name=_("所属机构")
    )
    code = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("公开内容类别")
        verbose_name_plural = _("公开内容类别")
        ordering = ["organisation", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="category_unique_code")]

    def __str__(self) -> str:
        return self.name


class Form(models.Model):
    """A form of disclosure (公开形式): meeting, document, briefing, bulletin board, website …"""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="forms", verbose_name=_("所属机构")
    )
    code = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=40)
    is_online = models.BooleanField(
        _("网上公开"),
        default=False,
        help_text=_("勾选：在本平台门户发布；不勾选：线下公开，需登记公开情况和佐证材料。"),
    )
    public_only = models.BooleanField(
        _("仅限向社会公开"),
        default=False,
        help_text=_("勾选：只能用于向社会公开的事项（例如本局对外网站招商网）。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("公开形式")
        verbose_name_plural = _("公开形式")
        ordering = ["organisation", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="form_unique_code")]

    def __str__(self) -> str:
        return self.name


class Scope(models.Model):
    """A scope of disclosure (公开范围). Its kind decides who may read; a limited scope names its audience."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("向社会公开")
        BUREAU = "bureau", _("局内公开")
        PARTY = "party", _("党内公开")
        LIMITED = "limited", _("限定范围公开")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="scopes", verbose_name=_("所属机构")
    )
    code = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    departments = models.ManyToManyField(Department, blank=True, related_name="+", verbose_name=_("限定科室"))
    bodies = models.ManyToManyField(Body, blank=True, related_name="+", verbose_name=_("限定机构组织"))
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("限定人员"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("公开范围")
        verbose_name_plural = _("公开范围")
        ordering = ["organisation", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="scope_unique_code")]

    def __str__(self) -> str:
        return self.name

    # Breadth: a narrower scope has a higher rank. A limited scope is narrower than all the others.
    RANK = {Kind.PUBLIC: 0, Kind.BUREAU: 1, Kind.PARTY: 2, Kind.LIMITED: 3}

    def is_at_most_as_wide_as(self, other: Scope) -> bool:
        """May an item of `other`'s scope be narrowed to this one? (never widened)"""
        return self.RANK[self.Kind(self.kind)] >= self.RANK[other.Kind(other.kind)]


# DA/T 22-2015 (归档文件整理规则) 6.x: 永久, 定期30年, 定期10年 — (years, name); None is 永久.
STANDARD_RETENTION = {None: "永久", 30: "定期30年", 10: "定期10年"}


class RetentionPeriod(models.Model):
    """Archive retention (保管期限): those of DA/T 22-2015 (永久, 定期30年, 定期10年), or another period of the
    organisation's approved retention schedule (保管期限表), named by its reference."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="retention_periods", verbose_name=_("所属机构")
    )
    code = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=20)
    years = models.PositiveSmallIntegerField(_("年限"), null=True, blank=True, help_text=_("留空表示永久保存。"))
    schedule_reference = models.CharField(
        _("保管期限表依据"),
        max_length=120,
        blank=True,
        help_text=_("DA/T 22-2015规定的永久、定期30年、定期10年以外的期限，须填写本单位经批准的保管期限表（文号）。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("保管期限")
        verbose_name_plural = _("保管期限")
        ordering = ["organisation", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="retention_unique_code"),
            models.CheckConstraint(
                condition=~models.Q(schedule_reference="")
                | models.Q(years__isnull=True)
                | models.Q(years__in=[10, 30]),
                name="retention_standard_or_scheduled",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.schedule_reference.strip():
            return
        if self.years not in STANDARD_RETENTION:
            raise ValidationError(
                {
                    "years": _(
                        "保管期限应为永久、定期30年或定期10年（DA/T 22-2015）；其他期限须填写经批准的保管期限表依据。"
                    )
                }
            )
        if self.name != STANDARD_RETENTION[self.years]:
            raise ValidationError(
                {"name": _("该期限的名称应为“%(name)s”。") % {"name": STANDARD_RETENTION[self.years]}}
            )


# --- the catalog of a year ----------------------------------------------------------------------------------


def validate_document_number(value: str) -> None:
    try:
        canonical = normalise(value)
    except DocumentNumberError as problem:
        raise ValidationError(str(problem)) from None
    if canonical != value:
        raise ValidationError(_("请写作%(canonical)s。") % {"canonical": canonical})


class Catalog(models.Model):
    """The disclosure catalog of one year for one organisation, made by its party organisation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        SUBMITTED = "submitted", _("待审批")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已批准")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="catalogs", verbose_name=_("机构")
    )
    party_organisation = models.ForeignKey(
        PartyOrganisation, on_delete=models.PROTECT, related_name="catalogs", verbose_name=_("制定目录的党组织")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("标题"), max_length=120)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("起草人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提交人"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准人"),
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("复制自")
    )
    # The 发文字号 under which the year's implementation plan is issued (GB/T 9704 7.2.5), canonical form.
    document_number = models.CharField(
        _("执行方案发文字号"), max_length=60, blank=True, validators=[validate_document_number]
    )

    class Meta:
        verbose_name = _("公开目录")
        verbose_name_plural = _("公开目录")
        ordering = ["organisation", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="catalog_one_per_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        """Entries are edited directly only before approval; afterwards through change requests."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class CatalogTransition(models.Model):
    """One step of a catalog's approval, kept as history: who moved it from what to what, and why."""

    catalog = models.ForeignKey(Catalog, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(_("操作"), max_length=20)
    from_status = models.CharField(_("原状态"), max_length=10)
    to_status = models.CharField(_("新状态"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.catalog} {self.action}"


class Entry(models.Model):
    """An entry of the catalog: what is disclosed, by which department, in which forms, to whom, by when."""

    class TimeType(models.TextChoices):
        LONG_TERM = "long_term", _("长期公开")
        PERIODIC = "periodic", _("定期公开")
        PHASED = "phased", _("分期公开")
        IMMEDIATE = "immediate", _("即时公开")

    class Period(models.TextChoices):
        MONTHLY = "monthly", _("每月")
        QUARTERLY = "quarterly", _("每季度")
        HALF_YEARLY = "half_yearly", _("每半年")
        YEARLY = "yearly", _("每年")

    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        REVOKED = "revoked", _("已撤销")
        TERMINATED = "terminated", _("已终止")

    catalog = models.ForeignKey(Catalog, on_delete=models.PROTECT, related_name="entries", verbose_name=_("目录"))
    code = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("公开事项"), max_length=120)
    description = models.TextField(_("公开内容"), blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries", verbose_name=_("内容类别"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="catalog_entries", verbose_name=_("责任科室")
    )
    forms = models.ManyToManyField(Form, related_name="entries", verbose_name=_("公开形式"))
    scope = models.ForeignKey(Scope, on_delete=models.PROTECT, related_name="entries", verbose_name=_("公开范围"))
    retention = models.ForeignKey(
        RetentionPeriod, on_delete=models.PROTECT, related_name="entries", verbose_name=_("保管期限")
    )
    time_type = models.CharField(_("公开时限"), max_length=10, choices=TimeType.choices)
    period = models.CharField(_("公开周期"), max_length=12, choices=Period.choices, blank=True)
    due_workdays = models.PositiveSmallIntegerField(
        _("办理时限（工作日）"),
        default=5,
        validators=[MaxValueValidator(250)],
        help_text=_("定期：周期结束后；即时：事件发生后；分期：各阶段计划日期后，多少个工作日内公开。"),
    )
    review_month = models.PositiveSmallIntegerField(
        _("年度复核月份"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("长期公开事项每年复核一次，在该月最后一个工作日前完成。"),
    )
    publicity_workdays = models.PositiveSmallIntegerField(
        _("公示期（工作日）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("即时公开事项需要公示期时填写，例如任前公示不少于5个工作日。"),
    )
    crosses_year = models.BooleanField(
        _("跨年度"), default=False, help_text=_("分期公开的工作跨年度的，工作结束时进行总结性公开。")
    )
    work_ends_on = models.DateField(
        _("工作结束日期"), null=True, blank=True, help_text=_("跨年度分期公开事项的预计结束日期，用于总结性公开。")
    )
    out_of_catalog = models.BooleanField(_("目录外事项"), default=False)
    # The notices of the entry are issued in this party organisation's name (GB/T 9704 7.2.4); empty: the
    # party organisation that made the catalog (the 党组), e.g. the 机关党委 for the branches' own matters.
    issuer = models.ForeignKey(
        PartyOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布党组织"),
        help_text=_("公告以哪个党组织的名义发布；留空为制定目录的党组织。"),
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(_("撤销/终止日期"), null=True, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("目录事项")
        verbose_name_plural = _("目录事项")
        ordering = ["catalog", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "code"], name="entry_unique_code"),
            models.CheckConstraint(
                condition=~models.Q(time_type="periodic") | ~models.Q(period=""), name="entry_periodic_has_period"
            ),
            models.CheckConstraint(
                condition=models.Q(publicity_workdays__isnull=True) | models.Q(publicity_workdays__gte=1),
                name="entry_publicity_window_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def issuing_party_organisation(self) -> PartyOrganisation:
        """Who issues the entry's notices: its own issuer, else the catalog's party organisation."""
        return self.issuer or self.catalog.party_organisation

    def clean(self) -> None:
        errors = entry_parameter_errors(self, year=self.catalog.year if self.catalog_id else None)
        if errors:
            raise ValidationError(errors)


def entry_parameter_errors(entry: Any, *, year: int | None) -> dict[str, str]:
    """Impossible time parameters, by field. `entry` is an Entry or anything with the same attributes."""
    errors: dict[str, str] = {}
    if entry.time_type == Entry.TimeType.PERIODIC and not entry.period:
        errors["period"] = str(_("定期公开事项必须选择公开周期。"))
    if entry.due_workdays is not None and entry.due_workdays < 0:
        errors["due_workdays"] = str(_("办理时限不能为负数。"))
    if entry.publicity_workdays is not None and entry.publicity_workdays < 1:
        errors["publicity_workdays"] = str(_("公示期至少为1个工作日。"))
    if entry.publicity_workdays is not None and entry.time_type != Entry.TimeType.IMMEDIATE:
        errors["publicity_workdays"] = str(_("只有即时公开事项可以设置公示期。"))
    if entry.time_type == Entry.TimeType.PHASED and entry.crosses_year:
        ends = entry.work_ends_on
        if ends is None:
            errors["work_ends_on"] = str(_("跨年度的分期公开事项必须填写工作结束日期。"))
        elif year is not None and ends.year <= year:
            errors["work_ends_on"] = str(_("跨年度事项的工作结束日期应在下一年度或以后。"))
    if entry.time_type != Entry.TimeType.PHASED and entry.crosses_year:
        errors["crosses_year"] = str(_("只有分期公开事项可以跨年度。"))
    return errors


class Stage(models.Model):
    """A stage of a phased entry, with its planned date."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="stages", verbose_name=_("目录事项"))
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("阶段名称"), max_length=60)
    planned_on = models.DateField(_("计划日期"))

    class Meta:
        verbose_name = _("公开阶段")
        verbose_name_plural = _("公开阶段")
        ordering = ["entry", "order", "planned_on"]

    def __str__(self) -> str:
        return self.name


def stage_date_error(planned_on: datetime.date, *, year: int, crosses_year: bool) -> str:
    if planned_on.year < year:
        return str(_("阶段计划日期不能早于目录年度。"))
    if planned_on.year > year and not crosses_year:
        return str(_("阶段计划日期超出了目录年度；跨年度的工作请勾选“跨年度”。"))
    return ""


class CatalogVersion(models.Model):
    """An approved version of a catalog, frozen as a snapshot of its entries. Every version is kept."""

    catalog = models.ForeignKey(Catalog, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    snapshot = models.JSONField(_("目录内容"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("批准人")
    )
    approved_at = models.DateTimeField(_("批准时间"))
    change_request = models.OneToOneField(
        "ChangeRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="version",
        verbose_name=_("变更申请"),
    )
    summary = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("目录版本")
        verbose_name_plural = _("目录版本")
        ordering = ["catalog", "number"]
        constraints = [models.UniqueConstraint(fields=["catalog", "number"], name="catalog_version_unique")]

    def __str__(self) -> str:
        return f"{self.catalog} v{self.number}"


class ChangeRequest(models.Model):
    """A change to an approved catalog (plan 四.2): approved by the party organisation that made it."""

    class Kind(models.TextChoices):
        ADD = "add", _("增加目录外事项")
        MODIFY = "modify", _("变更事项")
        REVOKE = "revoke", _("撤销事项")
        TERMINATE = "terminate", _("终止事项")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("未同意")
        WITHDRAWN = "withdrawn", _("已撤回")

    catalog = models.ForeignKey(
        Catalog, on_delete=models.PROTECT, related_name="change_requests", verbose_name=_("目录")
    )
    kind = models.CharField(_("变更类型"), max_length=10, choices=Kind.choices)
    entry = models.ForeignKey(
        Entry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("目录事项"),
    )
    proposed = models.JSONField(_("拟定内容"), default=dict, blank=True)
    reason = models.TextField(_("理由"))
    effective_on = models.DateField(
        _("生效日期"), null=True, blank=True, help_text=_("撤销或终止自该日起生效；留空为批准当日。")
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    meeting_date = models.DateField(_("会议日期"), null=True, blank=True)
    minute_ref = models.CharField(_("会议纪要编号"), max_length=60, blank=True)
    decision_comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("目录变更申请")
        verbose_name_plural = _("目录变更申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="change_request_has_reason"),
            models.CheckConstraint(
                condition=models.Q(kind="add") | models.Q(entry__isnull=False), name="change_request_names_entry"
            ),
        ]

    def __str__(self) -> str:
        target = self.entry.title if self.entry_id and self.entry else self.proposed.get("title", "")
        return f"{self.get_kind_display()}：{target}"


class TriggerEvent(models.Model):
    """The event that makes an immediate entry due (e.g. a cadre inspection, an appointment decision)."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="events", verbose_name=_("目录事项"))
    occurred_on = models.DateField(_("发生日期"))
    description = models.CharField(_("事件"), max_length=200)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("触发事件")
        verbose_name_plural = _("触发事件")
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return self.description


class Fulfilment(models.Model):
    """An obligation met: written by whatever carried out the disclosure (online or offline)."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="fulfilments", verbose_name=_("目录事项"))
    obligation_key = models.CharField(_("公开义务"), max_length=60)
    fulfilled_on = models.DateField(_("公开日期"))
    source_type = models.CharField(_("来源类型"), max_length=60)
    source_id = models.CharField(_("来源编号"), max_length=40)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公开义务完成情况")
        verbose_name_plural = _("公开义务完成情况")
        ordering = ["fulfilled_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "obligation_key"], name="fulfilment_once_per_obligation"),
        ]

    def __str__(self) -> str:
        return self.obligation_key


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class DepartmentFeed(models.Model):
    """The secret address of a department's iCalendar feed of obligations (calendar apps cannot sign in)."""

    department = models.OneToOneField(Department, on_delete=models.CASCADE, related_name="obligation_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    def __str__(self) -> str:
        return f"{self.department} feed"


class PlanSection(models.Model):
    """The organisation's own text of the yearly implementation plan (年度执行方案), section by section.

    The catalog-dependent parts (content, forms, time limits) are generated from the approved catalog; these
    texts are the rest, edited by the office.
    """

    class Key(models.TextChoices):
        PREAMBLE = "preamble", _("导语")
        GENERAL = "general", _("一、总体要求")
        CONTENT = "content", _("二、党务公开的内容")
        FORMS = "forms", _("三、党务公开的形式")
        PROCEDURE = "procedure", _("四、党务公开的程序")
        TIME = "time", _("五、党务公开的时限")
        STEPS = "steps", _("六、实施步骤")
        REQUIREMENTS = "requirements", _("七、工作要求")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plan_sections", verbose_name=_("所属机构")
    )
    key = models.CharField(_("章节"), max_length=20, choices=Key.choices)
    text = models.TextField(
        _("正文"),
        blank=True,
        help_text=_("每段一行。内容、形式、时限三章的事项清单由已批准的目录自动生成，这里只填引导语。"),
    )

    class Meta:
        verbose_name = _("执行方案章节")
        verbose_name_plural = _("执行方案章节")
        ordering = ["organisation", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="plan_section_unique")]

    def __str__(self) -> str:
        return str(self.get_key_display())
