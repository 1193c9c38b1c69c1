"""Records as the API shows them: plain dicts of JSON types.

The caller has checked that the reader may see the record. A scope is shown by kind and name: every item and
entry in an answer is one whose scope admits the reader, so the scope says nothing they may not know.
Times are ISO 8601 in local time (e.g. +08:00), dates ISO 8601.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gongkai.api.links import absolute, file_url, item_url
from gongkai.catalog.models import Catalog, Entry, Scope
from gongkai.disclosures import richtext
from gongkai.disclosures.models import Attachment, CadreNotice, Disclosure
from gongkai.search.engine import SearchHit

EXCERPT_CHARS = 200


def moment(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def coded(obj: Any) -> dict[str, str] | None:
    return {"code": obj.code, "name": obj.name} if obj is not None else None


def scope(value: Scope) -> dict[str, str]:
    return {"kind": value.kind, "name": value.name}


def excerpt(text: str, length: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def item_summary(d: Disclosure) -> dict[str, Any]:
    return {
        "id": d.pk,
        "index_number": d.index_number,
        "title": d.title,
        "summary": excerpt(d.body_text),
        "category": coded(d.entry.category),
        "department": coded(d.department),
        "scope": scope(d.scope),
        "forms": [coded(form) for form in d.forms.all()],
        "document_number": d.document_number,
        "written_on": day(d.written_on),
        "published_at": moment(d.published_at),
        "corrected_at": moment(d.corrected_at),
        "window": window(d),
        "url": item_url(d.pk),
    }


def window(d: Disclosure) -> dict[str, Any] | None:
    if not d.has_window:
        return None
    return {"starts_on": day(d.window_starts_on), "ends_on": day(d.window_ends_on), "workdays": d.window_workdays}


def item_detail(d: Disclosure, attachments: list[Attachment]) -> dict[str, Any]:
    return item_summary(d) | {
        "body_html": richtext.sanitise(d.body),
        "body_text": d.body_text,
        "correction_note": d.correction_note,
        "objection_ways": d.objection_ways if d.has_window else "",
        "organisation": {"code": d.organisation.code, "name": d.organisation.name},
        "attachments": [attachment(a) for a in attachments],
        "cadres": [cadre(c) for c in d.cadres.all()],
    }


def attachment(a: Attachment) -> dict[str, Any]:
    return {
        "name": a.original_name,
        "size": a.size,
        "kind": a.kind,
        "url": file_url(a.token),
        "api_url": absolute(reverse("api:file", args=[a.token])),
    }


def cadre(c: CadreNotice) -> dict[str, str]:
    return {field: getattr(c, field) for field in CadreNotice.FIELDS}


def catalog(c: Catalog, entries: list[Entry], years: list[int]) -> dict[str, Any]:
    return {
        "year": c.year,
        "title": c.title,
        "approved_at": moment(c.approved_at),
        "years": years,
        "entries": [entry(e) for e in entries],
    }


def entry(e: Entry) -> dict[str, Any]:
    return {
        "code": e.code,
        "title": e.title,
        "description": e.description,
        "category": coded(e.category),
        "department": coded(e.department),
        "scope": scope(e.scope),
        "forms": [coded(form) for form in e.forms.all()],
        "time_type": {"code": e.time_type, "name": str(e.get_time_type_display())},
        "period": {"code": e.period, "name": str(e.get_period_display())} if e.period else None,
        "publicity_workdays": e.publicity_workdays,
        "out_of_catalog": e.out_of_catalog,
    }


def hit(h: SearchHit) -> dict[str, Any]:
    return {
        "id": int(h.object_id),
        "title": h.title,
        "title_html": str(h.title_html),
        "snippet_html": str(h.snippet_html),
        "published_at": moment(h.published_at),
        "url": item_url(int(h.object_id)),
    }
