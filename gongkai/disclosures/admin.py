"""The office's list of sensitive terms, flagged in every disclosure before review."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.audit.admin_mixins import AuditedModelAdmin
from gongkai.disclosures.models import SensitiveTerm
from gongkai.org import permissions


@admin.register(SensitiveTerm)
class SensitiveTermAdmin(AuditedModelAdmin):
    list_display = ["term", "note", "organisation"]
    search_fields = ["term"]

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
        return self._may(request)
