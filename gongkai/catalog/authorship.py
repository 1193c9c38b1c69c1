"""Who changed a catalog's content — derived from the audit trail (see disclosures/authorship.py).

The leader approves a catalog only if they changed none of it: neither created it, nor saved or deleted
one of its entries (a leader who also sits in the office and edited an entry does not approve it).
"""

from __future__ import annotations

from gongkai.audit.models import AuditRecord
from gongkai.catalog.models import Catalog


def catalog_changers(catalog: Catalog) -> frozenset[int]:
    people: set[int] = {catalog.created_by_id} if catalog.created_by_id else set()
    entry_ids = [str(pk) for pk in catalog.entries.values_list("pk", flat=True)]
    saved = AuditRecord.objects.filter(
        action="catalog.entry_save", target_type="catalog.entry", target_id__in=entry_ids, actor__isnull=False
    )
    people |= set(saved.values_list("actor_id", flat=True))
    # deleted entries are gone: their delete records name the catalog they left
    deleted = AuditRecord.objects.filter(action="catalog.entry_delete", actor__isnull=False)
    people |= {
        actor_id
        for actor_id, changes in deleted.values_list("actor_id", "changes")
        if (changes or {}).get("catalog_id", [None])[0] == catalog.pk
    }
    return frozenset(people)
