"""The signed-in user's notices: a list, newest first, and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.notices.selectors import notices_for
from gongkai.notices.services import mark_read

PAGE_SIZE = 30


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notices_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workspace/notices.html", {"page": page, "query": ""})


@login_required
@require_POST
def notice_read(request: HttpRequest) -> HttpResponse:
    """Mark one notice (POST `notice`) or all (no `notice`) of the signed-in user's notices read."""
    one = request.POST.get("notice", "")
    ids = [int(one)] if one.isdigit() else None
    count = mark_read(user=request.user, notice_ids=ids)  # type: ignore[arg-type]
    if ids is None:
        messages.success(request, _("已将 %(count)d 条通知标为已读。") % {"count": count})
    page = request.POST.get("page", "")
    back = reverse("workspace:notices")
    return redirect(f"{back}?page={page}" if page.isdigit() else back)
