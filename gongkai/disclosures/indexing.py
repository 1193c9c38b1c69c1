"""Keeping the search index in step with the disclosures, in the same transaction as each change.

A disclosure is in the index exactly while readers may see it (published, its publicity window not closed);
its audiences are the same scope keys that `visibility.audiences_of` gives a reader.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from gongkai.disclosures.attachments import publishable
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.visibility import audience_of
from gongkai.search.engine import IndexedDocument, index_document, remove_document

KIND = "disclosure"


def is_readable(disclosure: Disclosure, today: datetime.date) -> bool:
    return disclosure.state == Disclosure.State.PUBLISHED and not disclosure.window_closed_on(today)


def document_for(disclosure: Disclosure) -> IndexedDocument:
    assert disclosure.published_at is not None  # only published items are indexed
    return IndexedDocument(
        kind=KIND,
        object_id=str(disclosure.pk),
        title=disclosure.title,
        body=disclosure.body_text,
        extra="\n".join(a.text for a in publishable(disclosure)),
        published_at=disclosure.published_at,
        category=f"c{disclosure.entry.category_id}",
        department=f"d{disclosure.department_id}",
        forms=[f"f{form.pk}" for form in disclosure.forms.all()],
        audiences=[audience_of(disclosure.scope)],
    )


def refresh(disclosure: Disclosure, *, today: datetime.date | None = None) -> None:
    if is_readable(disclosure, today or timezone.localdate()):
        index_document(document_for(disclosure))
    else:
        remove_document(KIND, str(disclosure.pk))
