"""Forms of the catalog pages. They parse and type-check; the rules are checked by `gongkai.catalog`."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.catalog import entry_data
from gongkai.catalog.models import Category, ChangeRequest, Entry, Form, RetentionPeriod, Scope
from gongkai.org.models import Department, Organisation, PartyOrganisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewCatalogForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class EntryForm(forms.Form):
    code = forms.CharField(label=_("编号"), max_length=20)
    title = forms.CharField(label=_("公开事项"), max_length=120)
    description = forms.CharField(label=_("公开内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ModelChoiceField(label=_("内容类别"), queryset=Category.objects.none())
    department = forms.ModelChoiceField(label=_("责任科室"), queryset=Department.objects.none())
    scope = forms.ModelChoiceField(label=_("公开范围"), queryset=Scope.objects.none())
    retention = forms.ModelChoiceField(label=_("保管期限"), queryset=RetentionPeriod.objects.none())
    issuer = forms.ModelChoiceField(
        label=_("发布党组织"),
        queryset=PartyOrganisation.objects.none(),
        required=False,
        help_text=_("公告以哪个党组织的名义发布；留空为制定目录的党组织。"),
    )
    time_type = forms.ChoiceField(label=_("公开时限"), choices=Entry.TimeType.choices)
    period = forms.ChoiceField(label=_("公开周期（定期）"), required=False, choices=[("", "—"), *Entry.Period.choices])
    due_workdays = forms.IntegerField(label=_("办理时限（工作日）"), min_value=0, max_value=250, initial=5)
    review_month = forms.IntegerField(label=_("年度复核月份（长期）"), min_value=1, max_value=12, initial=12)
    publicity_workdays = forms.IntegerField(
        label=_("公示期（工作日，即时）"), required=False, min_value=1, max_value=60
    )
    crosses_year = forms.BooleanField(label=_("跨年度（分期）"), required=False)
    work_ends_on = forms.DateField(label=_("工作结束日期（跨年度）"), required=False, widget=DATE)
    stages = forms.CharField(
        label=_("公开阶段（分期）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个阶段：阶段名称，计划日期（例如：项目签约，2026-03-31）。"),
    )
    order = forms.IntegerField(label=_("排序"), required=False, min_value=0, max_value=100000)

    # Declared last: inside the class body its name shadows the `forms` module.
    forms = forms.ModelMultipleChoiceField(
        label=_("公开形式"), queryset=Form.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    field_order = [
        "code",
        "title",
        "description",
        "category",
        "department",
        "forms",
        "scope",
        "retention",
        "issuer",
        "time_type",
        "period",
        "due_workdays",
        "review_month",
        "publicity_workdays",
        "crosses_year",
        "work_ends_on",
        "stages",
        "order",
    ]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, Any] = {
            "category": Category.objects.filter(organisation=organisation, is_active=True),
            "department": Department.objects.filter(organisation=organisation),
            "forms": Form.objects.filter(organisation=organisation, is_active=True),
            "scope": Scope.objects.filter(organisation=organisation),
            "retention": RetentionPeriod.objects.filter(organisation=organisation),
            "issuer": PartyOrganisation.objects.filter(organisation=organisation),
        }
        for name, queryset in choices.items():
            field: Any = self.fields[name]
            field.queryset = queryset

    def clean_stages(self) -> list[tuple[str, datetime.date]]:
        stages = []
        for number, line in enumerate(str(self.cleaned_data.get("stages") or "").splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, day = line.replace("，", ",").rpartition(",")
            try:
                planned = datetime.date.fromisoformat(day.strip())
            except ValueError:
                raise ValidationError(_("第%(n)d行：请按“阶段名称，YYYY-MM-DD”填写。") % {"n": number}) from None
            if not sep or not name.strip():
                raise ValidationError(_("第%(n)d行：缺少阶段名称。") % {"n": number})
            stages.append((name.strip()[:60], planned))
        return stages

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["forms"] = list(data.get("forms") or [])
        return data

    @classmethod
    def initial_for(cls, entry: Entry) -> dict[str, Any]:
        data = entry_data.from_entry(entry)
        data["stages"] = "\n".join(f"{name}，{day:%Y-%m-%d}" for name, day in data["stages"])
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ChangeReasonForm(forms.Form):
    reason = forms.CharField(label=_("变更理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    effective_on = forms.DateField(label=_("生效日期（撤销、终止）"), required=False, widget=DATE)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核决定"), choices=[("approve", _("同意")), ("reject", _("不同意"))], widget=forms.RadioSelect
    )
    meeting_date = forms.DateField(label=_("会议日期"), widget=DATE)
    minute_ref = forms.CharField(label=_("会议纪要编号"), required=False, max_length=60)
    comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class EventForm(forms.Form):
    occurred_on = forms.DateField(label=_("发生日期"), widget=DATE)
    description = forms.CharField(label=_("事件"), max_length=200)


class ObligationFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("全部")),
        ("open", _("未完成")),
        ("overdue", _("已逾期")),
        ("due_soon", _("即将到期")),
        ("upcoming", _("未到期")),
        ("done", _("已公开")),
        ("unknown", _("到期日待定")),
    ]
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(label=_("责任科室"), required=False, queryset=Department.objects.none())
    category = forms.ModelChoiceField(label=_("内容类别"), required=False, queryset=Category.objects.none())
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department: Any = self.fields["department"]
        department.queryset = Department.objects.filter(organisation=organisation)
        category: Any = self.fields["category"]
        category.queryset = Category.objects.filter(organisation=organisation)


CHANGE_KINDS = dict(ChangeRequest.Kind.choices)
