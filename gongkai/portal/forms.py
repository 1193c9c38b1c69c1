from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ObjectionForm(forms.Form):
    name = forms.CharField(
        label=_("姓名（可不填）"), required=False, max_length=40, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    contact = forms.CharField(label=_("联系方式（可不填）"), required=False, max_length=100)
    content = forms.CharField(label=_("反映内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
