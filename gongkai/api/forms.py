from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("令牌名称"), max_length=60, help_text=_("写明用途，例如“市门户网站同步”，便于日后识别和吊销。")
    )
