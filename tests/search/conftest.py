"""Fixtures for the search tests: index(object_id, **fields) indexes a document through the engine's API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from search_docs import make_doc

from gongkai.search.engine import IndexedDocument, index_document


@pytest.fixture
def index(db: Any) -> Callable[..., IndexedDocument]:
    """index(object_id, **fields): build a document, index it, return it."""

    def add(object_id: str, **fields: Any) -> IndexedDocument:
        doc = make_doc(object_id, **fields)
        index_document(doc)
        return doc

    return add
