"""The organisation: the body that runs a disclosure plan, its departments, party organisations,
the disclosure bodies (leading group, its office, the party group) and the people in them.

Roles are not stored: they follow from these records (see `roles.py`).
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A government body that runs a party-affairs disclosure plan (e.g. 某市招商局)."""

    code = models.SlugField(
        _("机构代码"), max_length=32, unique=True, help_text=_("用于索引号等编号，只含字母、数字和连字符。")
    )
    name = models.CharField(_("机构名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PartyOrganisation(models.Model):
    """A party organisation in the tree 上级党组织 → 局党组/党委 → 机关党支部."""

    class Kind(models.TextChoices):
        SUPERIOR = "superior", _("上级党组织")
        PARTY_GROUP = "party_group", _("党组")
        COMMITTEE = "committee", _("党委")
        GENERAL_BRANCH = "general_branch", _("党总支")
        BRANCH = "branch", _("党支部")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_organisations",
        verbose_name=_("所属机构"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级党组织")
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="party_org_unique_name_under_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("上级党组织不能是它自己或它的下级。")})
            node = node.parent

    def ancestors(self) -> list[PartyOrganisation]:
        chain: list[PartyOrganisation] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Department(models.Model):
    """A department (科室) of an organisation; it is responsible for catalog entries."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="departments", verbose_name=_("所属机构")
    )
    code = models.SlugField(_("科室代码"), max_length=32)
    name = models.CharField(_("科室名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    email = models.EmailField(_("科室邮箱"), blank=True)

    class Meta:
        verbose_name = _("科室")
        verbose_name_plural = _("科室")
        ordering = ["organisation", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="department_unique_code"),
            models.UniqueConstraint(fields=["organisation", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


# Which organisation a body serves and what kind it is decide who holds the leader's and the office's
# roles; changing them would hand those roles to other people without touching a single seat.
BODY_FIXED_FIELDS = ("organisation_id", "kind")


class Body(models.Model):
    """A body of the disclosure work: the leading group, its office, the party group."""

    class Kind(models.TextChoices):
        LEADING_GROUP = "leading_group", _("党务公开领导小组")
        OFFICE = "office", _("领导小组办公室")
        PARTY_GROUP = "party_group", _("党组（党委）")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("所属机构")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    party_organisation = models.ForeignKey(
        PartyOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("对应党组织"),
        help_text=_("党组（党委）对应的党组织，它制定并审核公开目录。"),
    )

    class Meta:
        verbose_name = _("机构组织")
        verbose_name_plural = _("机构组织")
        ordering = ["organisation", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="body_one_per_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        """Refuses to move a body to another organisation or change its kind (an invariant, not a workflow)."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*BODY_FIXED_FIELDS).first()
            if stored and any(stored[name] != getattr(self, name) for name in BODY_FIXED_FIELDS):
                raise ValidationError(_("机构组织建立后，所属机构和类型不能更改。"))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        if self.kind == self.Kind.PARTY_GROUP and self.party_organisation_id is None:
            raise ValidationError({"party_organisation": _("党组（党委）必须对应一个党组织。")})


class User(AbstractUser):
    """A person who signs in. Content roles follow from department, party and body memberships;
    the three administrative roles (三员) are exclusive and carry no content role."""

    class SystemRole(models.TextChoices):
        NONE = "", _("无")
        SYSTEM_ADMIN = "system_admin", _("系统管理员")
        SECURITY_ADMIN = "security_admin", _("安全管理员")
        AUDITOR = "auditor", _("审计员（纪检）")

    full_name = models.CharField(_("姓名"), max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("所属机构")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("所在科室")
    )
    is_department_editor = models.BooleanField(
        _("科室经办人"), default=False, help_text=_("可为本科室负责的目录事项起草公开内容、登记线下公开。")
    )
    party_organisation = models.ForeignKey(
        PartyOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("所在党组织"),
        help_text=_("党员所在的党支部；非党员留空。"),
    )
    system_role = models.CharField(
        _("三员角色"), max_length=20, choices=SystemRole.choices, blank=True, default=SystemRole.NONE
    )
    must_change_password = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("密码由他人设置后为真：本人下次登录须先设置新密码，才能做其他事。"),
    )

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(system_role="") | models.Q(is_department_editor=False),
                name="user_admin_roles_hold_no_editor_role",
            ),
            models.CheckConstraint(
                condition=models.Q(is_department_editor=False) | models.Q(department__isnull=False),
                name="user_editor_has_department",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_party_member(self) -> bool:
        return self.party_organisation_id is not None

    def clean(self) -> None:
        super().clean()
        if self.is_department_editor and self.department_id is None:
            raise ValidationError({"is_department_editor": _("科室经办人必须属于一个科室。")})
        if self.system_role and self.is_department_editor:
            raise ValidationError({"system_role": _("三员（系统管理员、安全管理员、审计员）不能兼任科室经办人。")})
        if self.system_role and self.pk and self.memberships.exists():
            raise ValidationError({"system_role": _("三员不能同时是领导小组、办公室或党组的成员。")})
        department = self.department if self.department_id else None
        if department and self.organisation_id and department.organisation_id != self.organisation_id:
            raise ValidationError({"department": _("科室必须属于用户所在的机构。")})


class Membership(models.Model):
    """A person's seat in a body, with a position (组长, 副组长, 成员)."""

    class Position(models.TextChoices):
        LEADER = "leader", _("组长")
        DEPUTY = "deputy", _("副组长")
        MEMBER = "member", _("成员")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("人员"))
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("机构组织"))
    position = models.CharField(_("职务"), max_length=10, choices=Position.choices, default=Position.MEMBER)
    title = models.CharField(_("职务名称"), max_length=60, blank=True, help_text=_("例如：局长、党组书记。"))

    class Meta:
        verbose_name = _("成员")
        verbose_name_plural = _("成员")
        ordering = ["body", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["body"], condition=models.Q(position="leader"), name="membership_one_leader_per_body"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.user} · {self.get_position_display()}"

    def clean(self) -> None:
        if self.user_id is None or self.body_id is None:
            return
        if self.user.system_role:
            raise ValidationError({"user": _("三员（系统管理员、安全管理员、审计员）不能担任内容角色。")})
        if self.user.organisation_id != self.body.organisation_id:
            raise ValidationError({"user": _("成员必须属于该机构。")})


class AdminAccountRequest(models.Model):
    """Two-person rule for the three administrator accounts (三员): creating one, changing one, or setting its
    password is a pending request until a second, different administrator confirms it (`org/accounts.py`).
    Until then nothing about the account changes."""

    class Kind(models.TextChoices):
        CREATE = "create", _("新建管理员账号")
        CHANGE = "change", _("修改管理员账号")
        PASSWORD = "password", _("设置管理员密码")

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REFUSED = "refused", _("已拒绝")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    target = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("账号")
    )
    target_name = models.CharField(_("账号名"), max_length=150)
    # Field values to apply (for a password: its hash, never shown and never written to the audit trail).
    payload = models.JSONField(_("内容"), default=dict)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人"))
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("确认人")
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("管理员账号变更申请")
        verbose_name_plural = _("管理员账号变更申请")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")), name="admin_request_second_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.target_name}"
