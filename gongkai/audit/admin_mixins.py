"""Audit for changes made through the Django admin: the admin is one more face over the same trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models.query import QuerySet
from django.http import HttpRequest

from gongkai.audit.trail import diff, record, snapshot


class AuditedModelAdmin(admin.ModelAdmin):
    """Every save and delete in the admin writes its audit record in the same transaction."""

    def _action(self, obj: models.Model, verb: str) -> str:
        return f"{obj._meta.label_lower}.{verb}"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
            super().save_model(request, obj, form, change)
            changes = diff(before, snapshot(obj))
            record(
                actor=request.user,
                action=self._action(obj, "change" if change else "create"),
                target=obj,
                changes=changes,
                note="admin",
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Many-to-many fields (who is inside a scope: departments, bodies, people) are saved after the row:
        one more record names what was added and what was removed, by name."""
        obj = form.instance
        fields = [f for f in obj._meta.many_to_many if f.name in form.cleaned_data]
        before = {f.name: _related_names(obj, f.name) for f in fields} if change else {}
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            changes = _membership_changes(before, {f.name: _related_names(obj, f.name) for f in fields})
            if changes:
                record(
                    actor=request.user,
                    action=self._action(obj, "members"),
                    target=obj,
                    changes=changes,
                    note="admin",
                )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            before = snapshot(obj)
            record(
                actor=request.user,
                action=self._action(obj, "delete"),
                target=obj,
                changes=diff(before, {}),
                note="admin",
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


def _related_names(obj: models.Model, name: str) -> dict[int, str]:
    return {related.pk: str(related) for related in getattr(obj, name).all()}


def _membership_changes(before: dict[str, dict[int, str]], after: dict[str, dict[int, str]]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name, now in after.items():
        was = before.get(name, {})
        added = sorted(now[pk] for pk in now.keys() - was.keys())
        removed = sorted(was[pk] for pk in was.keys() - now.keys())
        if added or removed:
            changes[name] = {"added": added, "removed": removed}
    return changes


class GatedAdmin(AuditedModelAdmin):
    """An audited admin opened by one permission function (`allowed`, taking the user); rows that history
    points at are not deleted unless `deletable`."""

    allowed: Callable[[Any], bool] = staticmethod(lambda user: False)
    deletable = False

    def _may(self, request: HttpRequest) -> bool:
        return bool(type(self).allowed(request.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.deletable and self._may(request)
