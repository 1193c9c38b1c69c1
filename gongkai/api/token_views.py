"""The workspace page where a signed-in person makes and revokes their own API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.api.forms import ApiTokenForm
from gongkai.api.tokens import revocable_by, token_create, token_revoke, tokens_of
from gongkai.faces import attempt
from gongkai.org import permissions


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """GET: the person's tokens. POST: make one and show its secret on this response only."""
    form = ApiTokenForm(request.POST or None)
    made: list[Any] = []
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        verified = _verified(request)
        if attempt(
            request, lambda: made.append(token_create(actor=request.user, name=name, verified_session=verified)), form
        ):
            form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": tokens_of(request.user),
        "new_token": made[0][0] if made else None,
        "new_secret": made[0][1] if made else "",
        "may_manage_all": permissions.may_manage_api_tokens(request.user),
        "verified": _verified(request),
        "days": settings.GONGKAI_API_TOKEN_DAYS,
    }
    return render(request, "api/tokens.html", context)


def _verified(request: HttpRequest) -> bool:
    """The session passed the second factor (django-otp's middleware sets `is_verified` on the user)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(revocable_by(request.user), pk=pk)
    if attempt(request, lambda: token_revoke(actor=request.user, token=token)):
        messages.success(request, _("令牌“%(name)s”已吊销，使用它的系统将无法再读取数据。") % {"name": token.name})
    return redirect("api_tokens:list")
