"""Who changed a disclosure's content — derived from the audit trail, which nobody can quietly edit.

Separation of duties by deed: the reviewer and the approver must not be among the people who changed what
they decide on. "Changed" is every edit of the content: drafting it, saving a new version, adding or removing
an attachment, asking for a correction after publication. Masking a screening finding is the reviewer's own
work at review, so it bars the masker from *approving* only (the leader never masks; a leader who also sits
in the office and masked a finding does not approve it).
"""

from __future__ import annotations

from typing import Any

from gongkai.audit.models import AuditRecord
from gongkai.disclosures.models import Disclosure, PublishedChange
from gongkai.org import permissions

CONTENT_ACTIONS = ("disclosure.create", "disclosure.update")
ATTACHMENT_ACTIONS = ("disclosure.attachment_add", "disclosure.attachment_remove")
REDACTION_ACTIONS = ("disclosure.finding_redacted",)


def _actors(target_type: str, target_ids: list[str], actions: tuple[str, ...]) -> set[int]:
    if not target_ids:
        return set()
    rows = AuditRecord.objects.filter(
        target_type=target_type, target_id__in=target_ids, action__in=actions, actor__isnull=False
    ).values_list("actor_id", flat=True)
    return set(rows)


def content_changers(disclosure: Disclosure) -> frozenset[int]:
    """Everyone who changed the content: the drafter, every editor, every attachment added or removed,
    every correction asked for."""
    people = _actors("disclosures.disclosure", [str(disclosure.pk)], CONTENT_ACTIONS)
    attachment_ids = [str(pk) for pk in disclosure.attachments.values_list("pk", flat=True)]
    people |= _actors("disclosures.attachment", attachment_ids, ATTACHMENT_ACTIONS)
    people |= set(
        disclosure.changes.filter(kind=PublishedChange.Kind.CORRECT).values_list("requested_by_id", flat=True)
    )
    if disclosure.created_by_id:
        people.add(disclosure.created_by_id)
    return frozenset(people)


def redactors(disclosure: Disclosure) -> frozenset[int]:
    finding_ids = [str(pk) for pk in disclosure.findings.values_list("pk", flat=True)]
    return frozenset(_actors("disclosures.finding", finding_ids, REDACTION_ACTIONS))


def may_review(actor: Any, disclosure: Disclosure) -> bool:
    return permissions.may_review_disclosure(
        actor, drafted_by_id=disclosure.created_by_id, changed_by=content_changers(disclosure)
    )


def may_approve(actor: Any, disclosure: Disclosure) -> bool:
    changed = content_changers(disclosure) | redactors(disclosure)
    return permissions.may_approve_disclosure(actor, drafted_by_id=disclosure.created_by_id, changed_by=changed)


def may_decide_change(actor: Any, change: PublishedChange) -> bool:
    """A correction or withdrawal is decided by a leader who asked for none of it and changed none of it."""
    changed = content_changers(change.disclosure) | {change.requested_by_id}
    return permissions.may_approve_disclosure(actor, drafted_by_id=change.requested_by_id, changed_by=changed)
