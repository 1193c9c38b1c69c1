"""The secrecy review's own records (保密审查): the office's conclusion per review act, and the decision that lets
an item carrying a classification mark go on (解密 or 不属于国家秘密的认定). Rows, never edited, so the archive can
file them with the item. Imported by `models.py`; written only by `gongkai.disclosures.secrecy`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.disclosures.models import Disclosure


class Review(models.Model):
    """One review act of the office on one submission of an item (`round`: the how-manieth submission).

    The secrecy conclusion is its first part; issue 13 adds the necessity and accuracy conclusions as fields
    beside it (`necessity_conclusion`, `accuracy_conclusion`, each with a basis), on the same row."""

    class Secrecy(models.TextChoices):
        MAY_DISCLOSE = "may_disclose", _("可以公开")
        MAY_NOT = "may_not", _("不得公开")
        NEEDS_DECLASSIFICATION = "needs_declassification", _("须经解密后方可公开")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="reviews")
    round = models.PositiveIntegerField(_("提交轮次"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("审查人")
    )
    reviewed_at = models.DateTimeField(_("审查时间"), auto_now_add=True)
    secrecy_conclusion = models.CharField(_("保密审查结论"), max_length=30, choices=Secrecy.choices)
    secrecy_basis = models.TextField(_("保密审查依据"), blank=True)

    class Meta:
        verbose_name = _("审查记录")
        verbose_name_plural = _("审查记录")
        ordering = ["disclosure", "round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(secrecy_conclusion="may_disclose") | ~models.Q(secrecy_basis=""),
                name="review_secrecy_basis_unless_may_disclose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.disclosure_id} {self.get_secrecy_conclusion_display()}"


class Declassification(models.Model):
    """The decision that the marked content may go on: declassified by whoever classified it, or found not to be
    a state secret. Recorded by the office with who decided, the basis, the document and the date."""

    class Kind(models.TextChoices):
        DECLASSIFIED = "declassified", _("解密")
        NOT_CLASSIFIED = "not_classified", _("不属于国家秘密")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="declassifications")
    round = models.PositiveIntegerField(_("提交轮次"))
    kind = models.CharField(_("决定类型"), max_length=20, choices=Kind.choices)
    marks = models.TextField(_("涉及的密级标识"))
    decided_by = models.CharField(_("决定机关或责任人"), max_length=120)
    basis = models.TextField(_("依据"))
    document_reference = models.CharField(_("决定文件文号"), max_length=120)
    decided_on = models.DateField(_("决定日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("解密或非密认定")
        verbose_name_plural = _("解密或非密认定")
        ordering = ["disclosure", "round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by="") & ~models.Q(basis="") & ~models.Q(document_reference=""),
                name="declassification_complete",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_reference}"
