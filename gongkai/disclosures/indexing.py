"""Keeping the search index in step with the disclosures, in the same transaction as each change.

A disclosure is in the index exactly while readers may see it (`visibility.is_readable`: published, its
publicity window not closed, approved for an online form — an offline-only item is never indexed);
its audiences are the same scope keys that `visibility.audiences_of` gives a reader.
"""

from __future__ import annotations

import datetime
from typing import TypedDict

from django.utils import timezone

from gongkai.catalog.models import Category, Form
from gongkai.disclosures.attachments import publishable
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.visibility import audience_of, is_readable
from gongkai.org.models import Department
from gongkai.search.engine import IndexedDocument, index_document, remove_document

KIND = "disclosure"
# The engine's filter keys for a disclosure's category, department and forms.
_CATEGORY, _DEPARTMENT, _FORM = "c{}", "d{}", "f{}"


def document_for(disclosure: Disclosure) -> IndexedDocument:
    assert disclosure.published_at is not None  # only published items are indexed
    return IndexedDocument(
        kind=KIND,
        object_id=str(disclosure.pk),
        title=disclosure.title,
        body=disclosure.body_text,
        extra="\n".join(a.text for a in publishable(disclosure)),
        published_at=disclosure.published_at,
        category=_CATEGORY.format(disclosure.entry.category_id),
        department=_DEPARTMENT.format(disclosure.department_id),
        forms=[_FORM.format(form.pk) for form in disclosure.forms.all()],
        audiences=[audience_of(disclosure.scope)],
    )


class FilterKeys(TypedDict):
    category: str | None
    department: str | None
    form: str | None


def filter_keys(category: Category | None, department: Department | None, form: Form | None) -> FilterKeys:
    """The search engine's `category`, `department` and `form` arguments for these filters (None: no filter)."""
    return FilterKeys(
        category=_CATEGORY.format(category.pk) if category else None,
        department=_DEPARTMENT.format(department.pk) if department else None,
        form=_FORM.format(form.pk) if form else None,
    )


def refresh(disclosure: Disclosure, *, today: datetime.date | None = None) -> None:
    if is_readable(disclosure, today or timezone.localdate()):
        index_document(document_for(disclosure))
    else:
        remove_document(KIND, str(disclosure.pk))
