"""A person's work on disclosures, by queue: which queues they have and what is in each.

The dashboard counts them and the disclosures page lists them; both ask here. Every queue starts from
`visibility.visible_disclosures`, so a queue never holds an item its owner may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.visibility import visible_disclosures
from gongkai.org.models import Organisation
from gongkai.org.roles import Role, roles_of

St = Disclosure.State


@dataclass(frozen=True)
class QueueRule:
    key: str
    label: Promise
    roles: frozenset[Role]  # who has this queue: any of these roles
    states: tuple[str, ...]
    own_department: bool = False  # only the person's department's items


RULES = [
    QueueRule(
        "drafts",
        gettext_lazy("本科室草稿和退回件"),
        frozenset({Role.DEPARTMENT_EDITOR}),
        (St.DRAFT, St.RETURNED),
        own_department=True,
    ),
    QueueRule("review", gettext_lazy("待审核（含保密审查）"), frozenset({Role.OFFICE}), (St.IN_REVIEW,)),
    QueueRule("approve", gettext_lazy("待审批"), frozenset({Role.LEADER}), (St.REVIEWED,)),
    QueueRule("carry_out", gettext_lazy("待实施"), frozenset({Role.DEPARTMENT_EDITOR, Role.OFFICE}), (St.APPROVED,)),
]


@dataclass(frozen=True)
class Queue:
    key: str
    label: Promise
    items: QuerySet[Disclosure]


def work_queues(user: Any, organisation: Organisation) -> list[Queue]:
    """The queues `user` has (by their roles), each the visible items in the queue's states."""
    visible = visible_disclosures(user, organisation)
    roles = roles_of(user)
    queues = []
    for rule in RULES:
        if not rule.roles & roles:
            continue
        items = visible.filter(state__in=rule.states)
        if rule.own_department:
            department = getattr(user, "department_id", None)
            items = items.filter(department_id=department) if department else items.none()
        queues.append(Queue(rule.key, rule.label, items))
    return queues
