"""Who may see a disclosure, and who may see its review record — decided here and nowhere else.

The reading rule (docs/architecture.md, "The reading rule"): a reader reads a disclosure when it is published,
its publicity window (if any) has not closed, at least one of its approved forms is online (an item approved
only for meetings, documents, briefings or boards is never read on the platform), and its scope admits the
reader (`gongkai.catalog.visibility.scope_admits`, the reference definition). Drafts, items in review,
withdrawn items, closed publicity notices and offline-only items are seen only by the people whose work they
are: the responsible department's editors, the office (every item once submitted), the leader (once
reviewed) — and supervision, which reads everything. The system and security administrators, like the
public, see only what is public.

Two forms of that rule live here: the Python predicates (`may_read`, `may_view`), which are the reference and
decide single items, and the SQL forms (`visible_disclosures`, `visible_among`) and search keys
(`audiences_of` / `audience_of`) for lists and search; tests/test_reading_rule.py proves them equal on
generated organisations.

The review record of an item (screening findings with the original text, review comments, the transition
history, correction and withdrawal requests, objections) is not reading material: `may_see_review_record`.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gongkai.catalog.models import Form, Scope
from gongkai.catalog.visibility import admitted_scopes, scope_admits
from gongkai.disclosures.models import Disclosure
from gongkai.org.models import Organisation
from gongkai.org.roles import Role, roles_of

St = Disclosure.State
SUBMITTED_STATES = [St.IN_REVIEW, St.REVIEWED, St.APPROVED, St.PUBLISHED, St.WITHDRAWN, St.RETURNED]
LEADER_STATES = [St.REVIEWED, St.APPROVED, St.PUBLISHED, St.WITHDRAWN]
# Supervision (纪检监察) reads everything, drafts and review records included. Today that is the auditor account;
# when supervision gets a role of its own, this line is the one to change.
SUPERVISION = frozenset({Role.AUDITOR})


# --- the rule in Python: the reference, and the check for one item --------------------------------------------


def is_readable(disclosure: Disclosure, today: datetime.date | None = None) -> bool:
    """Published, window not closed, and approved for at least one online form."""
    today = today or timezone.localdate()
    return (
        disclosure.state == St.PUBLISHED
        and not disclosure.window_closed_on(today)
        and any(form.is_online for form in disclosure.forms.all())
    )


def may_read(user: Any, disclosure: Disclosure, *, today: datetime.date | None = None) -> bool:
    """May `user` read this item (as a reader, not as someone who works on it)?"""
    return (
        is_readable(disclosure, today)
        and disclosure.scope.organisation_id == disclosure.organisation_id
        and scope_admits(user, disclosure.scope)
    )


def works_on(user: Any, disclosure: Disclosure) -> bool:
    """Is this item part of `user`'s work: its department's editor, the office once submitted, the leader once
    reviewed?"""
    roles = roles_of(user)
    if Role.DEPARTMENT_EDITOR in roles and getattr(user, "department_id", None) == disclosure.department_id:
        return True
    if Role.OFFICE in roles and disclosure.state in SUBMITTED_STATES:
        return True
    return Role.LEADER in roles and disclosure.state in LEADER_STATES


def is_supervision(user: Any) -> bool:
    return bool(roles_of(user) & SUPERVISION)


def may_view(user: Any, disclosure: Disclosure, *, as_reader: bool = False) -> bool:
    """The one check for one item; `visible_disclosures` is the same rule as a query."""
    if may_read(user, disclosure):
        return True
    return not as_reader and (is_supervision(user) or works_on(user, disclosure))


def may_work_on(user: Any, disclosure: Disclosure) -> bool:
    """Is this disclosure part of `user`'s work (or supervision's reading)? For evidence files."""
    return is_supervision(user) or works_on(user, disclosure)


def may_see_review_record(user: Any, disclosure: Disclosure) -> bool:
    """May `user` see the item's review record — screening findings with the original (masked) text, review and
    return comments, the transition history, correction and withdrawal requests, objections, offline evidence?

    Only those who work on the item (its department's editors, the office, the approving leader) and
    supervision. Every other reader sees exactly what was published. Every face (workspace page, API, exports)
    and every further kind of review record (the secrecy review, OCR results) asks this."""
    return is_supervision(user) or works_on(user, disclosure)


# --- the same rule as queries -------------------------------------------------------------------------------


def readable_now(today: datetime.date | None = None) -> Q:
    """Published, not a publicity notice whose window has closed, and approved for an online form."""
    today = today or timezone.localdate()
    online = Q(Exists(Form.objects.filter(disclosures=OuterRef("pk"), is_online=True)))
    return Q(state=St.PUBLISHED) & (Q(window_ends_on__isnull=True) | Q(window_ends_on__gte=today)) & online


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
    if roles & SUPERVISION and not as_reader:
        return disclosures
    rule = readable_now(today) & Q(scope__in=admitted_scopes(user, organisation))
    if not as_reader:
        rule |= _workflow(user, roles)
    return disclosures.filter(rule)


def visible_among(
    user: Any, organisation: Organisation, ids: Collection[int], *, as_reader: bool = False
) -> QuerySet[Disclosure]:
    """Those of `ids` that `user` may see: `visible_disclosures` asked about each row by its primary key.

    For re-reading a page of search hits. Written as a correlated EXISTS so that every database looks the rows
    up by key; `visible_disclosures(...).filter(pk__in=ids)` led SQLite to walk the listing index over every
    published item instead (≈ 40 ms at 100k items, against ≈ 1 ms this way).
    """
    visible = visible_disclosures(user, organisation, as_reader=as_reader).filter(pk=OuterRef("pk"))
    return Disclosure.objects.filter(pk__in=list(ids)).filter(Exists(visible))


# --- audiences: the same rule, as keys for the search engine -------------------------------------------------

PUBLIC = "public"


def audience_of(scope: Scope) -> str:
    return _audience(scope.pk, scope.kind)


def _audience(scope_id: int, kind: str) -> str:
    return PUBLIC if kind == Scope.Kind.PUBLIC else f"scope:{scope_id}"


def audiences_of(user: Any, organisation: Organisation) -> set[str]:
    """The audience keys whose items `user` may read: exactly the scopes that admit them."""
    scopes = admitted_scopes(user, organisation).values_list("pk", "kind")
    return {PUBLIC} | {_audience(pk, kind) for pk, kind in scopes}
