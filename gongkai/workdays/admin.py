from __future__ import annotations

from django.contrib import admin

from gongkai.audit.admin_mixins import GatedAdmin
from gongkai.org import permissions
from gongkai.workdays.models import CalendarYear, DayOverride


class CalendarAdmin(GatedAdmin):
    allowed = staticmethod(permissions.may_edit_calendar)
    deletable = True


@admin.register(DayOverride)
class DayOverrideAdmin(CalendarAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarAdmin):
    list_display = ["year", "source"]
