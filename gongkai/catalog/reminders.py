"""Reminders of obligations that are due soon or overdue (plan: 公开义务到期提醒).

The responsible department's editors and the office each get one in-app notice (and an e-mail) per obligation
when it becomes due soon, and one more when it becomes overdue; the department's mailbox, when it has one, is
written once for each. Re-running is harmless: the notice key holds each reminder to once per person.
`gongkai.catalog.tasks` runs this on the scheduler.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.catalog.models import Catalog
from gongkai.catalog.obligations import Obligation, obligations_for_catalog
from gongkai.notices.services import notify
from gongkai.org.models import Body, Department, Organisation, User

REMINDED = ("due_soon", "overdue")


def send_obligation_reminders(*, today: datetime.date | None = None) -> int:
    """Notify about every due-soon or overdue obligation of the watched catalogs; returns the notices created."""
    today = today or timezone.localdate()
    created = 0
    with translation.override(settings.LANGUAGE_CODE):  # the notices are stored text: write them in one language
        for catalog in watched_catalogs(today):
            office = list(_office(catalog.organisation))
            for obligation in _reminded(catalog, today):
                created += _remind(catalog, obligation, office)
    return created


def watched_catalogs(today: datetime.date) -> QuerySet[Catalog]:
    """Approved catalogs of this year and the last: a year's last period falls due early in the next."""
    years = (today.year - 1, today.year)
    return Catalog.objects.filter(status=Catalog.Status.APPROVED, year__in=years).select_related("organisation")


def reminder_key(catalog: Catalog, obligation: Obligation) -> str:
    return f"obligation:{obligation.status}:{catalog.year}:{obligation.key}"


def _reminded(catalog: Catalog, today: datetime.date) -> Iterator[Obligation]:
    return (o for o in obligations_for_catalog(catalog, today=today) if o.status in REMINDED)


def _office(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, memberships__body__organisation=organisation, memberships__body__kind=Body.Kind.OFFICE
    ).order_by("id")


def _editors(department: Department) -> QuerySet[User]:
    return User.objects.filter(is_active=True, is_department_editor=True, department=department).order_by("id")


def _remind(catalog: Catalog, obligation: Obligation, office: list[User]) -> int:
    department = obligation.entry.department
    notices = notify(
        recipients=[*_editors(department), *office],
        title=_title(obligation),
        body=_body(obligation),
        url=reverse("workspace:entry", args=[obligation.entry.pk]),  # by name: the domain imports no face
        kind=f"obligation_{obligation.status}",
        key=reminder_key(catalog, obligation),
        also_mail=[department.email] if department.email else [],
    )
    return len(notices)


def _title(obligation: Obligation) -> str:
    values = {"title": obligation.entry.title, "label": obligation.label}
    if obligation.status == "overdue":
        return _("公开义务已逾期：%(title)s（%(label)s）") % values
    return _("公开义务即将到期：%(title)s（%(label)s）") % values


def _body(obligation: Obligation) -> str:
    entry, due = obligation.entry, obligation.due_on
    lines = [
        _("目录事项：%(code)s %(title)s") % {"code": entry.code, "title": entry.title},
        _("公开义务：%(label)s") % {"label": obligation.label},
        _("责任科室：%(department)s") % {"department": entry.department.name},
        _("应公开日期：%(date)s") % {"date": _chinese_date(due) if due else "—"},
        _("状态：%(status)s") % {"status": obligation.status_label},
    ]
    if obligation.status == "overdue":
        lines.append(_("该义务已超过公开期限，请尽快完成公开；完成后将记为“逾期后公开”。"))
    else:
        lines.append(_("请在应公开日期前完成公开。"))
    return "\n".join(lines)


def _chinese_date(day: datetime.date) -> str:
    return _("%(year)d年%(month)d月%(day)d日") % {"year": day.year, "month": day.month, "day": day.day}
