"""A department's calendar-feed address (the token is the key a calendar app signs in with): made by a POST,
revoked on the obligations page, each act audited. The token itself never goes into the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.trail import record
from gongkai.catalog.models import DepartmentFeed
from gongkai.errors import InvalidState, require
from gongkai.org import permissions
from gongkai.org.models import Department


def may_manage_feed(user: Any, department: Department) -> bool:
    """The office for every department of its organisation; an editor for their own department."""
    if permissions.may_draft_catalog(user):
        return getattr(user, "organisation_id", None) == department.organisation_id
    return permissions.may_draft_for_department(user, department.pk)


def _shown(token: str) -> str:
    return f"{token[:4]}…"


def feed_create(*, actor: Any, department: Department) -> DepartmentFeed:
    require(may_manage_feed(actor, department), _("只有领导小组办公室或本科室经办人可以生成日历订阅地址。"))
    with transaction.atomic():
        Department.objects.select_for_update().get(pk=department.pk)
        if DepartmentFeed.objects.filter(department=department).exists():
            raise InvalidState(_("该科室已有订阅地址；如需更换，请先作废原地址。"))
        feed = DepartmentFeed.objects.create(department=department)
        record(
            actor=actor,
            action="catalog.feed_create",
            target=department,
            changes={"feed": [None, _shown(feed.token)]},
        )
    return feed


def feed_revoke(*, actor: Any, department: Department) -> None:
    require(may_manage_feed(actor, department), _("只有领导小组办公室或本科室经办人可以作废日历订阅地址。"))
    with transaction.atomic():
        feed = DepartmentFeed.objects.select_for_update().filter(department=department).first()
        if feed is None:
            raise InvalidState(_("该科室没有订阅地址，或已被作废。"))
        record(
            actor=actor,
            action="catalog.feed_revoke",
            target=department,
            changes={"feed": [_shown(feed.token), None]},
        )
        feed.delete()
