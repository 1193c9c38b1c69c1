"""Reference data of the catalog, edited by the office in the admin (every save audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.audit.admin_mixins import GatedAdmin
from gongkai.catalog.models import Category, Form, PlanSection, RetentionPeriod, Scope
from gongkai.org import permissions


class OfficeReferenceAdmin(GatedAdmin):
    """Entries and versions refer to these rows: they are deactivated, never deleted."""

    allowed = staticmethod(permissions.may_manage_organisation)


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
