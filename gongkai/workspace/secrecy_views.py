"""The secrecy review on the workspace's disclosure page: the office records its conclusion, and the
declassification (or non-classification) decision that lets a marked item go on. Thin: a form, one service."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.disclosures import secrecy
from gongkai.disclosures.secrecy_models import Declassification, Review
from gongkai.faces import attempt
from gongkai.workspace.disclosure_forms import DATE
from gongkai.workspace.disclosure_views import _back, _disclosure


class SecrecyReviewForm(forms.Form):
    conclusion = forms.ChoiceField(
        label=gettext_lazy("保密审查结论"), choices=Review.Secrecy.choices, widget=forms.RadioSelect
    )
    basis = forms.CharField(
        label=gettext_lazy("依据"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("结论为“不得公开”或“须经解密后方可公开”时必填，例如所依据的保密事项范围条目。"),
    )


class DeclassificationForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("决定类型"), choices=Declassification.Kind.choices, widget=forms.RadioSelect
    )
    decided_by = forms.CharField(label=gettext_lazy("决定机关或定密责任人"), max_length=120)
    document_reference = forms.CharField(label=gettext_lazy("决定文件文号"), max_length=120)
    decided_on = forms.DateField(label=gettext_lazy("决定日期"), widget=DATE)
    basis = forms.CharField(label=gettext_lazy("依据"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@login_required
@require_POST
def secrecy_review(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    form = SecrecyReviewForm(request.POST, prefix="secrecy")
    if not form.is_valid():
        _form_errors(request, form)
    elif attempt(
        request,
        lambda: secrecy.secrecy_review_record(
            actor=request.user,
            disclosure=disclosure,
            conclusion=form.cleaned_data["conclusion"],
            basis=form.cleaned_data["basis"],
        ),
    ):
        messages.success(request, _("保密审查结论已记录。"))
    return _back(disclosure)


@login_required
@require_POST
def declassification(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    form = DeclassificationForm(request.POST, prefix="declassify")
    if not form.is_valid():
        _form_errors(request, form)
        return _back(disclosure)
    data = secrecy.DeclassificationInput(
        kind=form.cleaned_data["kind"],
        decided_by=form.cleaned_data["decided_by"],
        basis=form.cleaned_data["basis"],
        document_reference=form.cleaned_data["document_reference"],
        decided_on=form.cleaned_data["decided_on"],
    )
    if attempt(request, lambda: secrecy.declassification_record(actor=request.user, disclosure=disclosure, data=data)):
        messages.success(request, _("解密或不属于国家秘密的认定已登记。"))
    return _back(disclosure)
