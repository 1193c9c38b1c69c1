"""API tokens in the admin: the security administrator sees everyone's and revokes them; nobody edits one."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.api.models import ApiToken
from gongkai.api.tokens import token_revoke
from gongkai.errors import Refused
from gongkai.org import permissions


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "key_prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key_prefix", "user__username", "user__full_name"]
    fields = ("user", "name", "key_prefix", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_by")
    readonly_fields = fields
    actions = ["revoke"]

    def _may(self, request: HttpRequest) -> bool:
        return permissions.may_manage_api_tokens(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token is made by its owner, who alone sees the secret

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the audit trail names tokens; revoke instead

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    @admin.action(description=gettext_lazy("吊销所选令牌"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        done = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                token_revoke(actor=request.user, token=token)
                done += 1
            except Refused as refused:
                self.message_user(request, refused.message, messages.ERROR)
        self.message_user(request, _("已吊销 %(count)d 个令牌。") % {"count": done}, messages.SUCCESS)
