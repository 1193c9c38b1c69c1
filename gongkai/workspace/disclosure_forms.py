"""Forms of the disclosure pages: parsing and types only; the rules live in `gongkai.disclosures.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import Entry, Scope
from gongkai.catalog.models import Form as CatalogForm
from gongkai.catalog.obligations import obligations_of
from gongkai.disclosures import richtext
from gongkai.disclosures.models import CadreNotice, Disclosure
from gongkai.disclosures.services import DisclosureInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CADRE_FIELDS = CadreNotice.FIELDS


class DisclosureForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("正文"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("可直接输入文字（每段一行），也可使用简单的 HTML 标记（段落、列表、表格、加粗）。"),
    )
    document_number = forms.CharField(label=_("文号"), required=False, max_length=60)
    written_on = forms.DateField(label=_("成文日期"), required=False, widget=DATE)
    obligation_key = forms.ChoiceField(label=_("对应公开义务"), required=False)
    scope = forms.ModelChoiceField(
        label=_("公开范围"), queryset=Scope.objects.none(), help_text=_("可在目录规定的范围内缩小，不能扩大。")
    )
    window_starts_on = forms.DateField(label=_("公示开始日期"), required=False, widget=DATE)
    window_ends_on = forms.DateField(
        label=_("公示结束日期"),
        required=False,
        widget=DATE,
        help_text=_("留空则按目录规定的最短公示期（工作日，已计入节假日和调休）计算。"),
    )
    objection_ways = forms.CharField(
        label=_("反映问题的方式"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    cadres = forms.CharField(
        label=_("公示人员"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一人：姓名，性别，民族，出生年月，政治面貌，学历，现任职务，拟任职务。"),
    )
    # Declared last: inside the class body its name shadows the `forms` module.
    forms = forms.ModelMultipleChoiceField(
        label=_("公开形式"), queryset=CatalogForm.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    field_order = [
        "title",
        "body",
        "document_number",
        "written_on",
        "obligation_key",
        "scope",
        "forms",
        "window_starts_on",
        "window_ends_on",
        "objection_ways",
        "cadres",
    ]

    def __init__(self, *args: Any, entry: Entry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry
        obligation: Any = self.fields["obligation_key"]
        obligation.choices = [("", _("（不对应具体义务）"))] + [
            (o.key, f"{o.label}（{o.status_label}）") for o in obligations_of([entry])
        ]
        scope: Any = self.fields["scope"]
        scope.queryset = Scope.objects.filter(
            organisation_id=entry.catalog.organisation_id,
            pk__in=[
                s.pk
                for s in Scope.objects.filter(organisation_id=entry.catalog.organisation_id)
                if s.is_at_most_as_wide_as(entry.scope)
            ],
        )
        form_field: Any = self.fields["forms"]
        form_field.queryset = entry.forms.all()
        if not entry.publicity_workdays:
            for name in ("window_starts_on", "window_ends_on", "objection_ways", "cadres"):
                del self.fields[name]

    def clean_cadres(self) -> list[dict[str, str]]:
        rows = []
        for number, line in enumerate(str(self.cleaned_data.get("cadres") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.replace("，", ",").split(",")]
            if len(parts) != len(CADRE_FIELDS) or not all(parts):
                raise ValidationError(
                    _("第%(n)d行：请按“姓名，性别，民族，出生年月，政治面貌，学历，现任职务，拟任职务”填写8项。")
                    % {"n": number}
                )
            rows.append(dict(zip(CADRE_FIELDS, (p[:120] for p in parts), strict=True)))
        return rows

    def to_input(self) -> DisclosureInput:
        data = self.cleaned_data
        body = str(data.get("body") or "")
        return DisclosureInput(
            title=data["title"],
            body=body if "<" in body else richtext.plain_to_html(body),
            document_number=data.get("document_number") or "",
            written_on=data.get("written_on"),
            obligation_key=data.get("obligation_key") or "",
            scope=data.get("scope"),
            forms=list(data.get("forms") or []),
            window_starts_on=data.get("window_starts_on"),
            window_ends_on=data.get("window_ends_on"),
            objection_ways=data.get("objection_ways") or "",
            cadres=data.get("cadres") if self.entry.publicity_workdays else None,
        )

    @staticmethod
    def initial_for(disclosure: Disclosure) -> dict[str, Any]:
        cadres = "\n".join("，".join(getattr(c, f) for f in CADRE_FIELDS) for c in disclosure.cadres.all())
        return {
            "title": disclosure.title,
            "body": disclosure.body,
            "document_number": disclosure.document_number,
            "written_on": disclosure.written_on,
            "obligation_key": disclosure.obligation_key,
            "scope": disclosure.scope_id,
            "forms": list(disclosure.forms.all()),
            "window_starts_on": disclosure.window_starts_on,
            "window_ends_on": disclosure.window_ends_on,
            "objection_ways": disclosure.objection_ways,
            "cadres": cadres,
        }


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(forms.Form):
    reason = forms.CharField(label=_("可公开的理由"), max_length=1000)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("附件"), help_text=_("PDF、DOCX、XLSX、TXT、JPG、PNG，按内容识别类型。"))


class OfflineForm(forms.Form):
    form = forms.ModelChoiceField(label=_("公开形式"), queryset=CatalogForm.objects.none())
    held_on = forms.DateField(label=_("公开日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=120)
    how = forms.CharField(label=_("公开情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("佐证材料"), help_text=_("会议记录、现场照片或简报；可在实施后继续补充。"))

    def __init__(self, *args: Any, disclosure: Disclosure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field: Any = self.fields["form"]
        form_field.queryset = disclosure.forms.filter(is_online=False)


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("correct", _("更正")), ("withdraw", _("撤回"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    new_title = forms.CharField(label=_("更正后标题"), required=False, max_length=200)
    new_body = forms.CharField(
        label=_("更正后正文"), required=False, max_length=200_000, widget=forms.Textarea(attrs={"rows": 8})
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批决定"), choices=[("approve", _("批准")), ("reject", _("不批准"))], widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("意见"), required=False, max_length=2000)


class ResultForm(forms.Form):
    note = forms.CharField(label=_("异议处理结果"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
