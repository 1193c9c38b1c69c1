"""Who may see a disclosure — decided here and nowhere else.

`visible_disclosures(user, organisation)` is the one query and `may_view(user, disclosure)` the one check;
every page, search, feed, API answer, export and attachment download asks them.

A reader sees a disclosure when it is published, its publicity window (if any) has not closed, and its scope
admits the reader (`gongkai.catalog.visibility.admitted_scopes`). Drafts, items in review, withdrawn items and
closed publicity notices are seen only by the people whose work they are: the responsible department's
editors, the office (every item once submitted), the leader (once reviewed) — and the auditor, who reads
everything. The system and security administrators, like the public, see only what is public.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.catalog.models import Scope
from gongkai.catalog.visibility import admitted_scopes
from gongkai.disclosures.models import Disclosure
from gongkai.org.models import Organisation
from gongkai.org.roles import Role, roles_of

St = Disclosure.State
SUBMITTED_STATES = [St.IN_REVIEW, St.REVIEWED, St.APPROVED, St.PUBLISHED, St.WITHDRAWN, St.RETURNED]
LEADER_STATES = [St.REVIEWED, St.APPROVED, St.PUBLISHED, St.WITHDRAWN]


def readable_now(today: datetime.date | None = None) -> Q:
    """Published, and not a publicity notice whose window has closed."""
    today = today or timezone.localdate()
    return Q(state=St.PUBLISHED) & (Q(window_ends_on__isnull=True) | Q(window_ends_on__gte=today))


def _workflow(user: Any, roles: frozenset[Role]) -> Q:
    rule = Q(pk__in=[])
    if Role.DEPARTMENT_EDITOR in roles and getattr(user, "department_id", None):
        rule |= Q(department_id=user.department_id)
    if Role.OFFICE in roles:
        rule |= Q(state__in=SUBMITTED_STATES)
    if Role.LEADER in roles:
        rule |= Q(state__in=LEADER_STATES)
    return rule


def visible_disclosures(
    user: Any, organisation: Organisation, *, today: datetime.date | None = None, as_reader: bool = False
) -> QuerySet[Disclosure]:
    """Every disclosure `user` may see. `as_reader` leaves out work in progress (for reading pages and search)."""
    disclosures = Disclosure.objects.filter(organisation=organisation)
    roles = roles_of(user)
    if Role.AUDITOR in roles and not as_reader:
        return disclosures
    rule = readable_now(today) & Q(scope__in=admitted_scopes(user, organisation))
    if not as_reader:
        rule |= _workflow(user, roles)
    return disclosures.filter(rule)


def may_work_on(user: Any, disclosure: Disclosure) -> bool:
    """Is this disclosure part of `user`'s work (or the auditor's reading)? For evidence files and history."""
    roles = roles_of(user)
    if Role.AUDITOR in roles:
        return True
    return Disclosure.objects.filter(_workflow(user, roles), pk=disclosure.pk).exists()


def may_view(user: Any, disclosure: Disclosure, *, as_reader: bool = False) -> bool:
    return visible_disclosures(user, disclosure.organisation, as_reader=as_reader).filter(pk=disclosure.pk).exists()


# --- audiences: the same rule, as keys for the search engine -------------------------------------------------

PUBLIC = "public"


def audience_of(scope: Scope) -> str:
    return PUBLIC if scope.kind == Scope.Kind.PUBLIC else f"scope:{scope.pk}"


def audiences_of(user: Any, organisation: Organisation) -> set[str]:
    """The audience keys whose items `user` may read: exactly the scopes that admit them."""
    return {PUBLIC} | {audience_of(scope) for scope in admitted_scopes(user, organisation)}
