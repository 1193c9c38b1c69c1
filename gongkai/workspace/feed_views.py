"""Calendar-feed addresses on the obligations page: made and revoked by POST (catalog/feeds.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.catalog import feeds
from gongkai.errors import Refused
from gongkai.org.models import Department


def _act(request: HttpRequest, department_pk: int, create: bool) -> HttpResponse:
    department = get_object_or_404(Department, pk=department_pk)
    try:
        if create:
            feeds.feed_create(actor=request.user, department=department)
            messages.success(request, _("已生成 %(dept)s 的日历订阅地址。") % {"dept": department})
        else:
            feeds.feed_revoke(actor=request.user, department=department)
            messages.success(request, _("已作废 %(dept)s 的日历订阅地址，原地址不再可用。") % {"dept": department})
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect("workspace:obligations")


@login_required
@require_POST
def feed_create(request: HttpRequest, department_pk: int) -> HttpResponse:
    return _act(request, department_pk, create=True)


@login_required
@require_POST
def feed_revoke(request: HttpRequest, department_pk: int) -> HttpResponse:
    return _act(request, department_pk, create=False)
