"""Documents with sensible defaults for the search tests (imported by the tests and by conftest)."""

from __future__ import annotations

import datetime
from typing import Any

from gongkai.search.engine import IndexedDocument

BASE_TIME = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


def make_doc(object_id: str, **fields: Any) -> IndexedDocument:
    values: dict[str, Any] = {
        "kind": "disclosure",
        "object_id": object_id,
        "title": f"文档{object_id}",
        "body": "",
        "published_at": BASE_TIME,
        "audiences": ["public"],
    }
    values.update(fields)
    return IndexedDocument(**values)
