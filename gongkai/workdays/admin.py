from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.audit.admin_mixins import AuditedModelAdmin
from gongkai.org import permissions
from gongkai.workdays.models import CalendarYear, DayOverride


class CalendarAdmin(AuditedModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.may_edit_calendar(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_edit_calendar(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.may_edit_calendar(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_edit_calendar(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.may_edit_calendar(request.user)


@admin.register(DayOverride)
class DayOverrideAdmin(CalendarAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarAdmin):
    list_display = ["year", "source"]
