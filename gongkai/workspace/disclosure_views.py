"""Disclosure pages of the workspace: drafting, review with screening findings, approval, carrying out,
corrections and withdrawals. Each view fetches through `visibility`, parses a form and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.catalog.models import Entry
from gongkai.catalog.visibility import visible_entries
from gongkai.disclosures import authorship, page_redaction, services
from gongkai.disclosures.attachments import publishable
from gongkai.disclosures.models import Attachment, Disclosure, Finding, PublishedChange
from gongkai.disclosures.queues import work_queues
from gongkai.disclosures.visibility import may_see_review_record, visible_disclosures
from gongkai.faces import attempt
from gongkai.org import permissions
from gongkai.org.models import Organisation
from gongkai.org.roles import Role, roles_of
from gongkai.org.selectors import current_organisation
from gongkai.workspace import page_views
from gongkai.workspace.disclosure_forms import (
    AcceptForm,
    ChangeForm,
    CommentForm,
    DecideForm,
    DisclosureForm,
    OfflineForm,
    ResultForm,
    UploadForm,
)

St = Disclosure.State


def _organisation(request: HttpRequest) -> Organisation:
    organisation = getattr(request.user, "organisation", None) or current_organisation()
    if organisation is None:
        raise Http404
    return organisation


def _disclosure(request: HttpRequest, pk: int) -> Disclosure:
    """The one way these views fetch a disclosure: through the visibility rules, else 404."""
    queryset = visible_disclosures(request.user, _organisation(request)).select_related(
        "entry__catalog", "department", "scope", "created_by", "organisation"
    )
    return get_object_or_404(queryset, pk=pk)


def _back(disclosure: Disclosure) -> HttpResponse:
    return redirect("workspace:disclosure", pk=disclosure.pk)


@login_required
def disclosure_list(request: HttpRequest) -> HttpResponse:
    """My work by queue, then everything I may see, newest first."""
    organisation = _organisation(request)
    visible = visible_disclosures(request.user, organisation).select_related("department", "entry")
    queues = [
        (queue.key, queue.label, queue.items.select_related("department", "entry").order_by("-updated_at")[:50])
        for queue in work_queues(request.user, organisation)
    ]
    state = request.GET.get("state", "")
    listing = visible.filter(state=state) if state in St.values else visible
    page = Paginator(listing.order_by("-updated_at", "-id"), 30).get_page(request.GET.get("page"))
    entries = (
        visible_entries(request.user, _latest_catalog(request)).filter(status="active")
        if Role.DEPARTMENT_EDITOR in roles_of(request.user)
        else []
    )
    if entries:
        entries = [e for e in entries if e.department_id == request.user.department_id]  # type: ignore[union-attr]
    context = {
        "queues": queues,
        "page": page,
        "states": St.choices,
        "state": state,
        "entries": entries,
        "query": f"state={state}" if state else "",
    }
    return render(request, "workspace/disclosures/list.html", context)


def _latest_catalog(request: HttpRequest) -> Any:
    from gongkai.catalog.models import Catalog

    return Catalog.objects.filter(organisation=_organisation(request), status=Catalog.Status.APPROVED).order_by(
        "-year"
    ).first() or Catalog(organisation=_organisation(request), year=0)


@login_required
def disclosure_new(request: HttpRequest, entry_pk: int) -> HttpResponse:
    entry = get_object_or_404(
        Entry.objects.select_related("catalog", "scope"), pk=entry_pk, catalog__organisation=_organisation(request)
    )
    if not permissions.may_draft_for_department(request.user, entry.department_id):
        raise PermissionDenied
    initial = {
        "scope": entry.scope_id,
        "forms": list(entry.forms.all()),
        "obligation_key": request.GET.get("obligation", ""),
    }
    form = DisclosureForm(request.POST or None, entry=entry, initial=initial)
    created: list[Disclosure] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: created.append(services.disclosure_create(actor=request.user, entry=entry, data=form.to_input())),
            form,
        )
    ):
        messages.success(request, _("草稿已保存。"))
        return _back(created[0])
    return render(request, "workspace/disclosures/form.html", {"form": form, "entry": entry})


@login_required
def disclosure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    if not services.may_edit(request.user, disclosure) or disclosure.state not in services.EDITABLE:
        raise PermissionDenied
    form = DisclosureForm(request.POST or None, entry=disclosure.entry, initial=DisclosureForm.initial_for(disclosure))
    if request.method == "POST" and form.is_valid():
        revision = _int(request.POST.get("revision"))
        if attempt(
            request,
            lambda: services.disclosure_update(
                actor=request.user, disclosure=disclosure, data=form.to_input(), revision=revision
            ),
            form,
        ):
            messages.success(request, _("草稿已保存。"))
            return _back(disclosure)
    return render(
        request, "workspace/disclosures/form.html", {"form": form, "entry": disclosure.entry, "disclosure": disclosure}
    )


def _int(raw: Any) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


@login_required
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    user = request.user
    if not may_see_review_record(user, disclosure):
        # A mere reader sees exactly what was published (the attachments as published), no review record and no
        # actions: every action belongs to someone who works on the item.
        return render(
            request, "workspace/disclosures/detail.html", {"d": disclosure, "attachments": publishable(disclosure)}
        )
    reviewing = disclosure.state == St.IN_REVIEW and authorship.may_review(user, disclosure)
    context = {
        "d": disclosure,
        "may_see_review_record": True,
        "attachments": disclosure.attachments.filter(removed=False),
        **_review_record(user, disclosure),
        "may_edit": services.may_edit(user, disclosure) and disclosure.state in services.EDITABLE,
        "reviewing": reviewing,
        "approving": disclosure.state == St.REVIEWED and authorship.may_approve(user, disclosure),
        "carrying_out": disclosure.state in (St.APPROVED, St.PUBLISHED) and services.may_carry_out(user, disclosure),
        "may_change": disclosure.state == St.PUBLISHED and services.may_carry_out(user, disclosure),
        "deciding": [
            c
            for c in disclosure.changes.all()
            if c.status == PublishedChange.Status.PENDING and authorship.may_decide_change(user, c)
        ],
        "may_record_result": disclosure.has_window
        and not disclosure.window_result
        and permissions.may_review_disclosure(user, drafted_by_id=None),
        "comment_form": CommentForm(),
        "accept_form": AcceptForm(),
        "upload_form": UploadForm(),
        "offline_form": OfflineForm(disclosure=disclosure),
        "change_form": ChangeForm(initial={"new_title": disclosure.title, "new_body": disclosure.body}),
        "decide_form": DecideForm(),
        "result_form": ResultForm(),
    }
    context.update(page_views.detail_context(user, disclosure, reviewing))
    return render(request, "workspace/disclosures/detail.html", context)


def _review_record(user: Any, disclosure: Disclosure) -> dict[str, Any]:
    """The parts of the page only `may_see_review_record` opens (templates/workspace/disclosures/_review_record.html)."""
    return {
        "findings": disclosure.findings.select_related("attachment", "resolved_by"),
        "transitions": disclosure.transitions.select_related("actor"),
        "offline": disclosure.offline_records.prefetch_related("evidence"),
        "changes": disclosure.changes.select_related("requested_by", "decided_by"),
        "objections": disclosure.objections.all()
        if permissions.may_review_disclosure(user, drafted_by_id=None) or permissions.may_read_everything(user)
        else [],
    }


STEPS: dict[str, tuple[Callable[..., Any], Any]] = {
    "submit": (services.disclosure_submit, gettext_lazy("已提交，进入审核。")),
    "review": (services.disclosure_review, gettext_lazy("审核通过，已报领导小组组长审批。")),
    "approve": (services.disclosure_approve, gettext_lazy("已批准，可以实施公开。")),
    "publish": (services.disclosure_publish, gettext_lazy("已在平台公开。")),
}


@login_required
@require_POST
def disclosure_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    comment = str(request.POST.get("comment", ""))[:2000]
    if step == "return":
        if attempt(
            request, lambda: services.disclosure_return(actor=request.user, disclosure=disclosure, comment=comment)
        ):
            messages.success(request, _("已退回起草科室。"))
        return _back(disclosure)
    if step not in STEPS:
        raise Http404
    operation, success = STEPS[step]
    extra = {"comment": comment} if step in ("review", "approve") else {}
    if attempt(request, lambda: operation(actor=request.user, disclosure=disclosure, **extra)):
        messages.success(request, success)
    return _back(disclosure)


@login_required
@require_POST
def finding_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    finding = get_object_or_404(Finding, pk=pk)
    disclosure = _disclosure(request, finding.disclosure_id)
    if action == "redact" and finding.attachment and page_redaction.is_paged(finding.attachment):
        return redirect("workspace:attachment_pages", pk=finding.attachment_id)  # marked on the page images
    if action == "redact":
        done = attempt(request, lambda: services.finding_redact(actor=request.user, finding=finding))
    elif action == "accept":
        reason = str(request.POST.get("reason", ""))[:1000]
        done = attempt(request, lambda: services.finding_accept(actor=request.user, finding=finding, reason=reason))
    else:
        raise Http404
    if done:
        messages.success(request, _("筛查发现已处理。"))
    return _back(disclosure)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
    else:
        upload = form.cleaned_data["file"]
        if attempt(
            request,
            lambda: services.attachment_add(
                actor=request.user, disclosure=disclosure, name=upload.name or "", data=upload
            ),
        ):
            messages.success(request, _("附件已上传。"))
    return _back(disclosure)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=pk, removed=False)
    disclosure = _disclosure(request, attachment.disclosure_id)
    if attempt(request, lambda: services.attachment_remove(actor=request.user, attachment=attachment)):
        messages.success(request, _("附件已删除。"))
    return _back(disclosure)


@login_required
@require_POST
def offline_record(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    form = OfflineForm(request.POST, request.FILES, disclosure=disclosure)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["evidence"]
        if attempt(
            request,
            lambda: services.offline_record_add(
                actor=request.user,
                disclosure=disclosure,
                form=data["form"],
                held_on=data["held_on"],
                place=data["place"],
                how=data["how"],
                evidence=[(upload.name or "", upload)],
            ),
        ):
            messages.success(request, _("线下公开情况已登记。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return _back(disclosure)


@login_required
@require_POST
def change_request(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    form = ChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: services.published_change_request(
                actor=request.user,
                disclosure=disclosure,
                kind=data["kind"],
                reason=data["reason"],
                new_title=data["new_title"],
                new_body=data["new_body"],
            ),
        ):
            messages.success(request, _("申请已提交领导小组组长审批。"))
    else:
        messages.error(request, _("请选择类型并填写理由。"))
    return _back(disclosure)


@login_required
@require_POST
def change_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(PublishedChange, pk=pk)
    disclosure = _disclosure(request, change.disclosure_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        if attempt(
            request,
            lambda: services.published_change_decide(
                actor=request.user, change=change, approve=approve, comment=form.cleaned_data["comment"]
            ),
        ):
            messages.success(request, _("审批决定已记录。"))
    else:
        messages.error(request, _("请选择审批决定。"))
    return _back(disclosure)


@login_required
@require_POST
def window_result(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    note = str(request.POST.get("note", ""))[:2000]
    if attempt(request, lambda: services.window_result_record(actor=request.user, disclosure=disclosure, note=note)):
        messages.success(request, _("公示结果已登记。"))
    return _back(disclosure)
