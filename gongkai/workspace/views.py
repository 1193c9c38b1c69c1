"""The signed-in workspace: sign-in with its second factor, the dashboard, the audit trail, system status."""

from __future__ import annotations

import platform
from typing import Any

import django
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

import gongkai
from gongkai.audit.models import AuditRecord
from gongkai.audit.selectors import search_records
from gongkai.audit.trail import record
from gongkai.catalog.models import Catalog
from gongkai.catalog.obligations import obligations_of
from gongkai.catalog.visibility import is_catalog_manager, may_see_obligations, visible_entries
from gongkai.disclosures.queues import work_queues
from gongkai.faces import local_next
from gongkai.org import accounts, permissions
from gongkai.org.roles import roles_of
from gongkai.workdays.calendar import PACKAGE_YEARS
from gongkai.workdays.models import CalendarYear
from gongkai.workspace.forms import AuditFilterForm, LoginForm, TokenForm
from gongkai.workspace.signin import confirmed_device


class LoginView(auth_views.LoginView):
    template_name = "workspace/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        with transaction.atomic():
            record(actor=self.request.user, action="auth.login", target=self.request.user)
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            with transaction.atomic():
                record(actor=request.user, action="auth.logout", target=request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "workspace/password_change.html"
    success_url = reverse_lazy("workspace:home")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            accounts.password_changed_by_self(form.user)
            record(actor=self.request.user, action="auth.password_change", target=self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return response


def _keeping_next(request: HttpRequest, name: str) -> HttpResponse:
    """The other second-factor page, with the same place to return to."""
    return redirect(f"{reverse(name)}?{urlencode({'next': _safe_next(request)})}")


def _safe_next(request: HttpRequest) -> str:
    return local_next(request, str(reverse_lazy("workspace:home")))


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return _keeping_next(request, "workspace:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            with transaction.atomic():
                record(actor=request.user, action="auth.second_factor", target=request.user)
            return HttpResponseRedirect(_safe_next(request))
        form.add_error("token", _("验证码不正确或已过期。"))
    return render(request, "workspace/otp_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    if confirmed_device(request.user) is not None:
        return _keeping_next(request, "workspace:otp_verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": _("验证器")}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record(actor=request.user, action="auth.second_factor_enrol", target=request.user)
            otp_login(request, device)
            messages.success(request, _("双因素认证已启用。"))
            return HttpResponseRedirect(_safe_next(request))
        form.add_error("token", _("验证码不正确，请核对手机时间后重试。"))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    context = {
        "form": form,
        "qr_svg": qr_svg,
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "next": _safe_next(request),
    }
    return render(request, "workspace/otp_setup.html", context)


def _work_counts(user: Any) -> list[tuple[str, int, str]]:
    """The user's queues on the dashboard: label, how many, where they are."""
    organisation = getattr(user, "organisation", None)
    if organisation is None:
        return []
    return [(str(queue.label), queue.items.count(), queue.key) for queue in work_queues(user, organisation)]


def _obligation_counts(user: Any) -> dict[str, int]:
    if not may_see_obligations(user) or getattr(user, "organisation", None) is None:
        return {}
    catalog = Catalog.objects.filter(
        organisation=user.organisation, status=Catalog.Status.APPROVED, year=timezone.localdate().year
    ).first()
    if catalog is None:
        return {}
    entries = visible_entries(user, catalog)
    if not is_catalog_manager(user):
        entries = entries.filter(department_id=user.department_id)
    statuses = [o.status for o in obligations_of(entries)]
    return {"overdue": statuses.count("overdue"), "due_soon": statuses.count("due_soon")}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "work": _work_counts(request.user),
        "obligation_counts": _obligation_counts(request.user),
        "roles": sorted(roles_of(request.user), key=lambda r: r.label),
        "may_read_audit": permissions.may_read_audit(request.user),
        "may_use_admin": permissions.may_use_admin(request.user),
        "may_configure_system": permissions.may_configure_system(request.user),
        "has_device": confirmed_device(request.user) is not None,
        "may_see_obligations": may_see_obligations(request.user),
        "is_admin_account": bool(getattr(request.user, "system_role", "")),
    }
    return render(request, "workspace/home.html", context)


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    if not permissions.may_read_audit(request.user):
        raise PermissionDenied(_("只有审计员可以查看审计记录。"))
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(search_records(**filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "workspace/audit_trail.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def system_status(request: HttpRequest) -> HttpResponse:
    if not permissions.may_configure_system(request.user):
        raise PermissionDenied(_("只有系统管理员可以查看系统状态。"))
    context = {
        "version": gongkai.__version__,
        "django_version": django.get_version(),
        "python_version": platform.python_version(),
        "database": connection.vendor,
        "time_zone": settings.TIME_ZONE,
        "email_backend": settings.EMAIL_BACKEND.rsplit(".", 2)[-2],
        "second_factor_roles": settings.GONGKAI_REQUIRE_2FA_ROLES,
        "audit_count": AuditRecord.objects.count(),
        "calendar_years": sorted(PACKAGE_YEARS | set(CalendarYear.objects.values_list("year", flat=True))),
    }
    return render(request, "workspace/system_status.html", context)
