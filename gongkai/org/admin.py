from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.audit.admin_mixins import AuditedModelAdmin, GatedAdmin
from gongkai.audit.trail import record
from gongkai.errors import Refused
from gongkai.org import accounts, permissions
from gongkai.org.models import (
    AdminAccountRequest,
    Body,
    Department,
    Membership,
    Organisation,
    PartyOrganisation,
    User,
)


class OfficeManagedAdmin(GatedAdmin):
    """Organisation structure: managed by the leading group's office; history points at it, so no deletes."""

    allowed = staticmethod(permissions.may_manage_organisation)


@admin.register(Organisation)
class OrganisationAdmin(OfficeManagedAdmin):
    list_display = ["name", "code", "phone"]


@admin.register(PartyOrganisation)
class PartyOrganisationAdmin(OfficeManagedAdmin):
    list_display = ["name", "kind", "parent", "organisation"]
    list_filter = ["kind"]


@admin.register(Department)
class DepartmentAdmin(OfficeManagedAdmin):
    list_display = ["name", "code", "organisation", "order"]
    list_filter = ["organisation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Moving a department to another organisation would move its editors' rights with it.
        return ["organisation"] if obj is not None else []


@admin.register(Body)
class BodyAdmin(OfficeManagedAdmin):
    list_display = ["name", "kind", "organisation", "party_organisation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Fixed after creation (see Body.save): changing either would hand roles to other people.
        return ["organisation", "kind"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A forged POST for the fixed fields (the form does not offer them) is refused aloud and recorded."""
        forged = {
            name: request.POST[name]
            for name, attname in (("organisation", "organisation_id"), ("kind", "kind"))
            if change and name in request.POST and str(request.POST[name]) != str(getattr(obj, attname))
        }
        if forged:
            messages.error(request, _("机构组织建立后，所属机构和类型不能更改；这部分修改未保存。"))
            record(actor=request.user, action="org.body.change_refused", target=obj, changes=forged)
        super().save_model(request, obj, form, change)


class SeatAdmin(GatedAdmin):
    """Seats in the bodies decide the content roles: the security administrator's, never a member of the body
    concerned and never for oneself (`permissions.may_manage_seats`)."""

    allowed = staticmethod(permissions.may_manage_seats)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self._may(request)
        return permissions.may_manage_seats(request.user, obj.body) and obj.user_id != request.user.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)
        actor_pk = request.user.pk
        request_user = request.user

        class NotOneself(base):  # type: ignore[misc,valid-type]
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                user, body = data.get("user"), data.get("body")
                if user is not None and user.pk == actor_pk:
                    raise ValidationError(_("不能为自己分配或调整角色。"))
                if body is not None and not permissions.may_manage_seats(request_user, body):
                    raise ValidationError(_("该机构组织的成员不能调整它的成员和职务。"))
                return data

        return NotOneself


@admin.register(Membership)
class MembershipAdmin(SeatAdmin):
    list_display = ["user", "body", "position", "title"]
    list_filter = ["body", "position"]
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    """Accounts, with their system roles: the security administrator's work."""

    list_display = [
        "username",
        "full_name",
        "department",
        "is_department_editor",
        "party_organisation",
        "system_role",
        "is_active",
    ]
    list_filter = ["system_role", "is_department_editor", "department", "is_active"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "email")}),
        (_("组织关系"), {"fields": ("organisation", "department", "is_department_editor", "party_organisation")}),
        (_("三员角色与状态"), {"fields": ("system_role", "is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "password1", "password2")}),
        (_("组织关系"), {"fields": ("organisation", "department", "is_department_editor", "party_organisation")}),
        (_("三员角色"), {"fields": ("system_role",)}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.may_manage_accounts(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_manage_accounts(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.may_manage_accounts(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_manage_accounts(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are deactivated, never deleted: the audit trail names them

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += ["system_role", "is_active", "department", "is_department_editor", "party_organisation"]
        return fields

    # --- the two-person rule: an administrator account is only requested here (org/accounts.py) ----------------

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = User.objects.get(pk=obj.pk) if change and obj.pk else None
        if not accounts.needs_second_person(before, obj):
            super().save_model(request, obj, form, change)
            return
        request._gongkai_account_request = accounts.account_request(  # type: ignore[attr-defined]
            actor=request.user, before=before, after=obj
        )

    def _pending(self, request: HttpRequest) -> Any:
        return getattr(request, "_gongkai_account_request", None)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if self._pending(request) is None:
            super().save_related(request, form, formsets, change)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None if self._pending(request) else super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None if self._pending(request) else super().log_change(request, obj, message)

    def _pending_response(self, request: HttpRequest) -> HttpResponse:
        messages.warning(request, _("管理员账号的新建或修改已提交，须另一名管理员确认后才生效。"))
        return HttpResponseRedirect(reverse("admin:org_adminaccountrequest_changelist"))

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> HttpResponse:
        if self._pending(request):
            return self._pending_response(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        if self._pending(request):
            return self._pending_response(request)
        return super().response_change(request, obj)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Setting someone's password goes through `accounts.password_set`: audited, forced change, notice."""
        user = self.get_object(request, unquote(id))
        if request.method != "POST" or user is None or not self.has_change_permission(request, user):
            return super().user_change_password(request, id, form_url)
        form = self.change_password_form(user, request.POST)
        if not form.is_valid():
            return super().user_change_password(request, id, form_url)
        usable = form.cleaned_data.get("set_usable_password", True)
        raw = form.cleaned_data.get("password1") if usable else None
        if user.pk == request.user.pk:
            messages.error(request, _("请在“修改密码”页面修改自己的密码（须输入原密码）。"))
            return HttpResponseRedirect(request.get_full_path())
        if accounts.password_set(actor=request.user, user=user, raw_password=raw) is not None:
            return self._pending_response(request)
        messages.success(request, _("密码已设置。%(name)s 下次登录时须设置新密码，并已收到通知。") % {"name": user})
        return HttpResponseRedirect(reverse("admin:org_user_change", args=[user.pk]))


@admin.register(AdminAccountRequest)
class AdminAccountRequestAdmin(admin.ModelAdmin):
    """Pending requests on administrator accounts: a second administrator confirms or refuses them."""

    list_display = ["kind", "target_name", "status", "requested_by", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status", "kind"]
    fields = ["kind", "target_name", "shown_payload", "status", "requested_by", "requested_at", "decided_by"]
    readonly_fields = ["kind", "target_name", "shown_payload", "status", "requested_by", "requested_at", "decided_by"]
    actions = ["confirm", "refuse"]

    @admin.display(description=_("内容"))
    def shown_payload(self, obj: AdminAccountRequest) -> str:
        return ", ".join(f"{k}={v}" for k, v in obj.payload.items() if k != "password") or "—"

    def _may(self, request: HttpRequest) -> bool:
        return permissions.may_manage_accounts(request.user) or permissions.may_configure_system(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # filed from the account form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_decide_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def _decide(self, request: HttpRequest, queryset: QuerySet[AdminAccountRequest], confirm: bool) -> None:
        done = 0
        for item in queryset:
            try:
                if confirm:
                    accounts.admin_request_confirm(actor=request.user, request=item)
                else:
                    accounts.admin_request_refuse(actor=request.user, request=item)
                done += 1
            except Refused as refused:
                self.message_user(request, refused.message, messages.ERROR)
            except ValidationError as invalid:
                self.message_user(request, "；".join(invalid.messages), messages.ERROR)
        if done:
            self.message_user(request, _("已处理 %(count)d 项申请。") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("确认所选申请"), permissions=["decide"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[AdminAccountRequest]) -> None:
        self._decide(request, queryset, confirm=True)

    @admin.action(description=_("拒绝所选申请"), permissions=["decide"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[AdminAccountRequest]) -> None:
        self._decide(request, queryset, confirm=False)


admin.site.unregister(AccessAttempt)
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)


class SignInRecordAdmin(admin.ModelAdmin):
    """axes' own logs of sign-ins and failures: the security administrator reads them; nobody edits them
    (the audit trail holds the same events, chained)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.may_manage_accounts(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_manage_accounts(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogReadAdmin(SignInRecordAdmin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogReadAdmin(SignInRecordAdmin, AccessFailureLogAdmin):
    pass


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Failed sign-ins and lockouts; deleting a row lifts the lockout."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.may_manage_accounts(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_manage_accounts(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_manage_accounts(request.user)
