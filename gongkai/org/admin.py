from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gongkai.audit.admin_mixins import AuditedModelAdmin, GatedAdmin
from gongkai.org import permissions
from gongkai.org.models import Body, Department, Membership, Organisation, PartyOrganisation, User


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


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Failed sign-ins and lockouts; deleting a row lifts the lockout."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.may_manage_accounts(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_manage_accounts(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_manage_accounts(request.user)
