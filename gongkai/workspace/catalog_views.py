"""Catalog pages of the workspace: thin views over `gongkai.catalog.services` and its visibility rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.catalog import coverage, exports, services, versions
from gongkai.catalog.models import Catalog, ChangeRequest, DepartmentFeed, Entry
from gongkai.catalog.obligations import obligations_of
from gongkai.catalog.visibility import (
    is_catalog_manager,
    may_see_catalog,
    may_see_obligations,
    visible_catalogs,
    visible_entries,
)
from gongkai.faces import attempt
from gongkai.org import permissions
from gongkai.org.models import Department, Organisation
from gongkai.org.selectors import current_organisation
from gongkai.workspace.catalog_forms import (
    ApproveForm,
    ChangeReasonForm,
    DecisionForm,
    EntryForm,
    EventForm,
    NewCatalogForm,
    ObligationFilterForm,
    ReturnForm,
)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _organisation(request: HttpRequest) -> Organisation:
    organisation = getattr(request.user, "organisation", None) or current_organisation()
    if organisation is None:
        raise Http404
    return organisation


def _catalog(request: HttpRequest, pk: int) -> Catalog:
    catalog = get_object_or_404(Catalog, pk=pk, organisation=_organisation(request))
    if not may_see_catalog(request.user, catalog):
        raise Http404
    return catalog


def _entry(request: HttpRequest, pk: int) -> Entry:
    entry = get_object_or_404(
        Entry.objects.select_related("catalog"), pk=pk, catalog__organisation=_organisation(request)
    )
    if not visible_entries(request.user, entry.catalog).filter(pk=pk).exists():
        raise Http404
    return entry


# --- catalogs -----------------------------------------------------------------------------------------


@login_required
def catalog_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = NewCatalogForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST":
        if not permissions.may_draft_catalog(request.user):
            raise PermissionDenied
        if form.is_valid():
            created: list[Catalog] = []
            ok = attempt(
                request,
                lambda: created.append(
                    services.catalog_create(
                        actor=request.user, organisation=organisation, year=form.cleaned_data["year"]
                    )
                ),
                form,
            )
            if ok:
                messages.success(request, _("已创建%(year)d年度目录草稿。") % {"year": created[0].year})
                return redirect("workspace:catalog", pk=created[0].pk)
    context = {
        "catalogs": visible_catalogs(request.user, organisation),
        "form": form,
        "may_draft": permissions.may_draft_catalog(request.user),
    }
    return render(request, "workspace/catalog/list.html", context)


@login_required
def catalog_detail(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = _catalog(request, pk)
    user = request.user
    context = {
        "catalog": catalog,
        "entries": visible_entries(user, catalog),
        "is_manager": is_catalog_manager(user),
        "may_draft": permissions.may_draft_catalog(user),
        "may_approve": catalog.status == Catalog.Status.SUBMITTED and services.may_approve(user, catalog),
        "transitions": catalog.transitions.select_related("actor") if is_catalog_manager(user) else [],
        "versions": catalog.versions.select_related("approved_by"),
        "changes": catalog.change_requests.select_related("entry", "requested_by") if is_catalog_manager(user) else [],
        "return_form": ReturnForm(prefix="return"),
        "approve_form": ApproveForm(prefix="approve"),
        "uncovered": coverage.uncovered_categories(catalog) if is_catalog_manager(user) else [],
    }
    return render(request, "workspace/catalog/detail.html", context)


def _comment(form: forms.Form) -> str:
    return str(form.cleaned_data["comment"]) if form.is_valid() else ""


@login_required
@require_POST
def catalog_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    catalog = _catalog(request, pk)
    user = request.user
    steps: dict[str, tuple[Callable[[], Any], str]] = {
        "submit": (lambda: services.catalog_submit(actor=user, catalog=catalog), _("目录已提交领导小组组长审批。")),
        "return": (
            lambda: services.catalog_return(
                actor=user, catalog=catalog, comment=_comment(ReturnForm(request.POST, prefix="return"))
            ),
            _("目录已退回办公室修改。"),
        ),
        "approve": (
            lambda: services.catalog_approve(
                actor=user, catalog=catalog, comment=_comment(ApproveForm(request.POST, prefix="approve"))
            ),
            _("目录已批准。"),
        ),
    }
    if step not in steps:
        raise Http404
    operation, success = steps[step]
    if attempt(request, operation):
        messages.success(request, success)
    return redirect("workspace:catalog", pk=catalog.pk)


# --- entries ------------------------------------------------------------------------------------------


@login_required
def entry_edit(request: HttpRequest, catalog_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    if not permissions.may_draft_catalog(request.user):
        raise PermissionDenied
    entry = _entry(request, pk) if pk else None
    catalog = entry.catalog if entry else _catalog(request, catalog_pk or 0)
    initial = EntryForm.initial_for(entry) if entry else {"order": catalog.entries.count() + 1}
    form = EntryForm(request.POST or None, initial=initial, organisation=catalog.organisation)
    if request.method == "POST" and form.is_valid():
        ok = attempt(
            request,
            lambda: services.entry_save(actor=request.user, catalog=catalog, data=form.to_data(), entry=entry),
            form,
        )
        if ok:
            messages.success(request, _("事项已保存。"))
            return redirect("workspace:catalog", pk=catalog.pk)
    return render(request, "workspace/catalog/entry_form.html", {"form": form, "catalog": catalog, "entry": entry})


@login_required
@require_POST
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if attempt(request, lambda: services.entry_delete(actor=request.user, entry=entry)):
        messages.success(request, _("事项已删除。"))
    return redirect("workspace:catalog", pk=entry.catalog_id)


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    event_form = EventForm(request.POST or None)
    if request.method == "POST" and event_form.is_valid():
        ok = attempt(
            request,
            lambda: services.trigger_event_register(
                actor=request.user,
                entry=entry,
                occurred_on=event_form.cleaned_data["occurred_on"],
                description=event_form.cleaned_data["description"],
            ),
            event_form,
        )
        if ok:
            messages.success(request, _("触发事件已登记，相应的公开义务已生成。"))
            return redirect("workspace:entry", pk=entry.pk)
    context = {
        "entry": entry,
        "obligations": obligations_of([entry]),
        "event_form": event_form,
        "may_register": entry.time_type == Entry.TimeType.IMMEDIATE
        and services.may_register_event(request.user, entry),
        "may_request_change": permissions.may_draft_catalog(request.user)
        and entry.catalog.is_approved
        and entry.is_live,
        "changes": entry.change_requests.all() if is_catalog_manager(request.user) else [],
    }
    return render(request, "workspace/catalog/entry_detail.html", context)


# --- change requests ------------------------------------------------------------------------------------


@login_required
def change_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    catalog = _catalog(request, pk)
    if kind not in ChangeRequest.Kind.values:
        raise Http404
    if not permissions.may_draft_catalog(request.user):
        raise PermissionDenied
    entry = _entry(request, _int(request.GET.get("entry"))) if kind != ChangeRequest.Kind.ADD else None
    with_content = kind in (ChangeRequest.Kind.ADD, ChangeRequest.Kind.MODIFY)
    data = request.POST or None
    entry_form = (
        EntryForm(data, initial=EntryForm.initial_for(entry) if entry else {}, organisation=catalog.organisation)
        if with_content
        else None
    )
    reason_form = ChangeReasonForm(data)
    if request.method == "POST" and reason_form.is_valid() and (entry_form is None or entry_form.is_valid()):
        ok = attempt(
            request,
            lambda: services.change_request_create(
                actor=request.user,
                catalog=catalog,
                kind=kind,
                entry=entry,
                reason=reason_form.cleaned_data["reason"],
                data=entry_form.to_data() if entry_form else None,
                effective_on=reason_form.cleaned_data.get("effective_on"),
            ),
            entry_form or reason_form,
        )
        if ok:
            messages.success(request, _("变更申请已提交，待党组（党委）审核同意后生效。"))
            return redirect("workspace:catalog", pk=catalog.pk)
    context = {
        "catalog": catalog,
        "entry": entry,
        "kind": ChangeRequest.Kind(kind),
        "entry_form": entry_form,
        "reason_form": reason_form,
    }
    return render(request, "workspace/catalog/change_form.html", context)


@login_required
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(
        ChangeRequest.objects.select_related("catalog", "entry"), pk=pk, catalog__organisation=_organisation(request)
    )
    if not is_catalog_manager(request.user):
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        ok = attempt(
            request,
            lambda: services.change_request_decide(
                actor=request.user,
                change=change,
                approve=cleaned["decision"] == "approve",
                meeting_date=cleaned["meeting_date"],
                minute_ref=cleaned["minute_ref"],
                comment=cleaned["comment"],
            ),
            form,
        )
        if ok:
            messages.success(request, _("审核决定已记录。"))
            return redirect("workspace:change", pk=change.pk)
    context = {
        "change": change,
        "form": form,
        "proposed": versions.describe_proposed(change),
        "may_decide": change.status == ChangeRequest.Status.PENDING
        and permissions.may_decide_catalog_change(request.user, requested_by_id=change.requested_by_id),
        "may_withdraw": change.status == ChangeRequest.Status.PENDING and change.requested_by_id == request.user.pk,
    }
    return render(request, "workspace/catalog/change_detail.html", context)


@login_required
@require_POST
def change_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(ChangeRequest, pk=pk, catalog__organisation=_organisation(request))
    if attempt(request, lambda: services.change_request_withdraw(actor=request.user, change=change)):
        messages.success(request, _("变更申请已撤回。"))
    return redirect("workspace:change", pk=change.pk)


# --- versions and documents -------------------------------------------------------------------------------


@login_required
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = _catalog(request, pk)
    if not is_catalog_manager(request.user):
        raise Http404
    all_versions = list(catalog.versions.select_related("approved_by", "change_request"))
    numbers = [v.number for v in all_versions]
    left = _version_number(request.GET.get("a"), numbers, default=numbers[-2] if len(numbers) > 1 else None)
    right = _version_number(request.GET.get("b"), numbers, default=numbers[-1] if numbers else None)
    by_number = {v.number: v for v in all_versions}
    comparison = versions.compare(by_number[left].snapshot, by_number[right].snapshot) if left and right else None
    context = {
        "catalog": catalog,
        "versions": all_versions,
        "left": by_number.get(left or 0),
        "right": by_number.get(right or 0),
        "comparison": comparison,
    }
    return render(request, "workspace/catalog/versions.html", context)


def _int(raw: str | None) -> int:
    try:
        return int(raw or 0)
    except ValueError:
        raise Http404 from None


def _version_number(raw: str | None, numbers: list[int], *, default: int | None) -> int | None:
    try:
        number = int(raw or "")
    except ValueError:
        return default
    return number if number in numbers else default


@login_required
def catalog_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    catalog = _catalog(request, pk)
    if not is_catalog_manager(request.user) or not catalog.is_approved or kind not in ("xlsx", "docx"):
        raise Http404
    if kind == "xlsx":
        body, mime, name = exports.catalog_xlsx(catalog), XLSX_MIME, f"catalog-{catalog.year}.xlsx"
    else:
        body, mime, name = exports.plan_docx(catalog), DOCX_MIME, f"plan-{catalog.year}.docx"
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- obligations -----------------------------------------------------------------------------------------


@login_required
def obligation_list(request: HttpRequest) -> HttpResponse:
    """Managers see every department's obligations (filterable); an editor sees their own department's."""
    organisation = _organisation(request)
    user = request.user
    if not may_see_obligations(user):
        raise PermissionDenied
    form = ObligationFilterForm(request.GET or None, organisation=organisation)
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or timezone.localdate().year
    catalog = Catalog.objects.filter(organisation=organisation, year=year, status=Catalog.Status.APPROVED).first()
    entries = visible_entries(user, catalog) if catalog else Entry.objects.none()
    department = filters.get("department") if is_catalog_manager(user) else _own_department(user)
    if department:
        entries = entries.filter(department=department)
    if filters.get("category"):
        entries = entries.filter(category=filters["category"])
    context = {
        "form": form,
        "catalog": catalog,
        "year": year,
        "department": department,
        "obligations": _filter_status(obligations_of(entries), filters.get("status") or ""),
        "feeds": _feeds(user, organisation),
    }
    return render(request, "workspace/catalog/obligations.html", context)


def _own_department(user: Any) -> Department | None:
    department_id = getattr(user, "department_id", None)
    return Department.objects.filter(pk=department_id).first() if department_id else None


def _filter_status(items: list[Any], status: str) -> list[Any]:
    if status == "open":
        return [o for o in items if o.status in ("overdue", "due_soon", "upcoming", "unknown")]
    if status == "done":
        return [o for o in items if o.status in ("fulfilled", "late")]
    return [o for o in items if o.status == status] if status else items


def _feeds(user: Any, organisation: Organisation) -> list[tuple[Department, DepartmentFeed | None]]:
    """The departments whose feed address the user manages, with the address if one was made (reading this
    page makes none: an address is made by a POST, see feed_views)."""
    departments = Department.objects.filter(organisation=organisation).select_related("obligation_feed")
    if not permissions.may_draft_catalog(user):
        departments = departments.filter(pk=getattr(user, "department_id", None) or 0)
    return [(d, getattr(d, "obligation_feed", None)) for d in departments]


def obligation_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A department's obligations as iCalendar, for calendar apps that cannot sign in: the token is the key."""
    feed = DepartmentFeed.objects.select_related("department").filter(token=token).first()
    if feed is None:
        raise Http404
    response = HttpResponse(exports.obligations_ics(feed.department), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
