"""Overrides of the working-day calendar, kept by the office.

The `chinese-calendar` package knows China's public holidays and make-up working days (调休) up to the last
year it was released for. For later years, or to correct a day, the office records overrides here and
declares a year complete (`CalendarYear`) once its whole holiday schedule has been entered.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayOverride(models.Model):
    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"), help_text=_("勾选：调休上班日；不勾选：放假日。"))
    name = models.CharField(_("说明"), max_length=60, help_text=_("例如：春节、国庆节调休上班。"))

    class Meta:
        verbose_name = _("日历调整")
        verbose_name_plural = _("日历调整")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("工作日") if self.is_workday else _("休息日")
        return f"{self.date:%Y-%m-%d} {self.name}（{kind}）"


class CalendarYear(models.Model):
    """A year whose holidays and make-up days the office has entered in full."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(
        _("依据"), max_length=200, help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知。")
    )

    class Meta:
        verbose_name = _("已录入年度")
        verbose_name_plural = _("已录入年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
