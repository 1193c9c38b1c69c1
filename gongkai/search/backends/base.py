"""What both engines share: the entries they index, the filters and order they search with, what they return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from gongkai.search.tokens import DocumentText, ParsedQuery

Order = Literal["relevance", "date"]

# Relevance weights: a match in the title counts this much more than one in the body or attachment text.
TITLE_WEIGHT = 3.0


@dataclass(frozen=True)
class IndexEntry:
    """One document as the index sees it: its place in publication order, its text and its filter tags."""

    sort_key: int
    text: DocumentText
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Filters:
    """Tag groups: a document must carry at least one tag of every group (the audiences are one group)."""

    groups: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Page:
    total: int | None  # None when the query did not count (the raw ranked query)
    rows: list[tuple[int, float]]  # (sort_key, score); higher scores are better, 0.0 in date order


class Backend(Protocol):
    def lock(self) -> None:
        """Serialise index writers until the end of the current transaction."""

    def add(self, entries: Sequence[IndexEntry]) -> None:
        """Index entries whose rows are already saved (same sort_key)."""

    def forget(self, entries: Sequence[IndexEntry]) -> None:
        """Remove entries from the index; `entries` must be exactly what was added."""

    def prepare_rebuild(self) -> None:
        """Before every row is added again: empty whatever add() would not overwrite."""

    def optimize(self) -> None:
        """Compact the index after a bulk load."""

    def page(self, query: ParsedQuery, filters: Filters, order: Order, offset: int, limit: int) -> Page:
        """The exact number of visible matches and one page of them."""

    def raw(self, query: ParsedQuery, order: Order, limit: int) -> Page:
        """The engine's own query with no filtering beyond the match (for benchmarks)."""

    def matching_keys(self, query: ParsedQuery) -> set[int]:
        """Every match, unfiltered (for recall measurements)."""
