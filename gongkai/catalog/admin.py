"""Reference data of the catalog, edited by the office in the admin (every save audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.audit.admin_mixins import AuditedModelAdmin
from gongkai.catalog.models import Category, Form, PlanSection, RetentionPeriod, Scope
from gongkai.org import permissions


class OfficeReferenceAdmin(AuditedModelAdmin):
    def _may(self, request: HttpRequest) -> bool:
        return permissions.may_manage_organisation(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # entries and versions refer to these rows; deactivate instead


@admin.register(Category)
class CategoryAdmin(OfficeReferenceAdmin):
    list_display = ["name", "code", "order", "is_active"]


@admin.register(Form)
class FormAdmin(OfficeReferenceAdmin):
    list_display = ["name", "code", "is_online", "order", "is_active"]


@admin.register(Scope)
class ScopeAdmin(OfficeReferenceAdmin):
    list_display = ["name", "code", "kind", "order"]
    filter_horizontal = ["departments", "bodies", "people"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The kind decides who may read what was published under it: fixed once the scope exists.
        return ["kind"] if obj is not None else []


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(OfficeReferenceAdmin):
    list_display = ["name", "code", "years", "order"]


@admin.register(PlanSection)
class PlanSectionAdmin(OfficeReferenceAdmin):
    list_display = ["key", "organisation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["organisation", "key"] if obj is not None else []
