"""SQLite FTS5 engine: a contentless table `search_fts(title, body, tags)` whose rowid is the sort key.

The tokens are made in Python (`gongkai.search.tokens`) and handed over space-separated; the `ascii` tokenizer
only splits them on the spaces, since tokens hold no ASCII punctuation and all non-ASCII is token text.
Filters are tag tokens in the `tags` column, so the audience and the other filters are part of the MATCH
(a conjunction inside the index) rather than a join, and every count and page is over visible rows only.
No column filters are needed (and they cost about a fifth of a count): text tokens exist only in `title` and
`body`, tags only in `tags`, and the two can never be equal (tags start with "§").

Relevance pages are ranked in two phases when they can be: bm25 over the text matches alone (exactly what the
engine's own ranked query costs), then the visibility of those candidates checked in the index. Scoring with
the audience tags in the MATCH makes bm25 handle every tag phrase for every row, up to 1.8 times the cost for
a user with several audience keys. When too few candidates are visible (a narrow audience), the page is taken
from the filtered query, which is cheap exactly then. Both give the same rows: bm25 gives weight 0 to `tags`,
so the scores do not depend on the tags being in the query.

Contentless means the index keeps no copy of the text: to delete a row, FTS5 must be given the very values
that were inserted, which the engine recomputes from the stored document. If the tokenizer changes,
`gongkai search_index rebuild` must run (see `TOKENIZER_VERSION`).

Every value reaches FTS5 as a bound parameter; inside the MATCH expression every token is a double-quoted
string with `"` doubled, so no user text is ever read as FTS5 syntax.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.backends.base.base import BaseDatabaseWrapper

from gongkai.search.backends.base import TITLE_WEIGHT, Filters, IndexEntry, Order, Page
from gongkai.search.tokens import ParsedQuery

_INSERT = "INSERT INTO search_fts(rowid, title, body, tags) VALUES (%s, %s, %s, %s)"
_DELETE = "INSERT INTO search_fts(search_fts, rowid, title, body, tags) VALUES ('delete', %s, %s, %s, %s)"
_BM25 = f"bm25(search_fts, {TITLE_WEIGHT}, 1.0, 0.0)"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


# Relevance pages deeper than this skip the two-phase ranking (too many candidates to check).
_TWO_PHASE_DEPTH = 200


def text_expression(query: ParsedQuery) -> str:
    """Every piece: phrases of bigrams, one character as a prefix, whole words."""
    parts = [
        f"{_quoted(piece.text)} *" if piece.kind == "char" else _quoted(" ".join(piece.tokens))
        for piece in query.pieces
    ]
    return "(" + " AND ".join(parts) + ")"


def filter_expression(filters: Filters) -> str:
    return " AND ".join("(" + " OR ".join(map(_quoted, group)) + ")" for group in filters.groups)


def _values(entry: IndexEntry) -> tuple[int, str, str, str]:
    text = entry.text
    return entry.sort_key, " ".join(text.title_tokens), " ".join(text.body_tokens), " ".join(entry.tags)


class SqliteBackend:
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def lock(self) -> None:
        """Nothing to do: SQLite write transactions are already serial (IMMEDIATE)."""

    def add(self, entries: Sequence[IndexEntry]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(_INSERT, [_values(entry) for entry in entries])

    def forget(self, entries: Sequence[IndexEntry]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(_DELETE, [_values(entry) for entry in entries])

    def prepare_rebuild(self) -> None:
        self._execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")

    def optimize(self) -> None:
        self._execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def page(self, query: ParsedQuery, filters: Filters, order: Order, offset: int, limit: int) -> Page:
        text = text_expression(query)
        match = f"{text} AND {filter_expression(filters)}"
        total = self._count(match)
        if limit == 0 or offset >= total:
            return Page(total, [])
        if order == "relevance" and offset + limit <= _TWO_PHASE_DEPTH:
            rows = self._ranked_then_filtered(text, filters, offset, limit)
            if rows is not None:
                return Page(total, rows)
        return Page(total, self._rows(match, order, limit, offset))

    def _ranked_then_filtered(
        self, text: str, filters: Filters, offset: int, limit: int
    ) -> list[tuple[int, float]] | None:
        """The page from the best text matches that are visible; None when too few of them are."""
        wanted = offset + limit
        depth = 2 * wanted + 20
        candidates = self._rows(text, "relevance", depth, 0)
        visible = self._visible([key for key, _score in candidates], filters)
        kept = [row for row in candidates if row[0] in visible]
        if len(kept) >= wanted or len(candidates) < depth:
            return kept[offset:wanted]
        return None

    def _visible(self, keys: list[int], filters: Filters) -> set[int]:
        if not keys:
            return set()
        placeholders = ", ".join(["%s"] * len(keys))
        sql = f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({placeholders})"  # noqa: S608
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [filter_expression(filters), *keys])
            return {key for (key,) in cursor.fetchall()}

    def raw(self, query: ParsedQuery, order: Order, limit: int) -> Page:
        match = text_expression(query)
        if order == "date":
            return Page(self._count(match), self._rows(match, order, limit, 0))
        return Page(None, self._rows(match, order, limit, 0))

    def matching_keys(self, query: ParsedQuery) -> set[int]:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [text_expression(query)])
            return {key for (key,) in cursor.fetchall()}

    def _count(self, match: str) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", [match])
            return int(cursor.fetchone()[0])

    def _rows(self, match: str, order: Order, limit: int, offset: int) -> list[tuple[int, float]]:
        # Newest first is the index's own order (rowid = sort key), so no sort over all the matches.
        if order == "date":
            sql = "SELECT rowid, 0.0 FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s"
        else:
            sql = (
                f"SELECT rowid, {_BM25} AS r FROM search_fts WHERE search_fts MATCH %s "  # noqa: S608
                "ORDER BY r, rowid DESC LIMIT %s OFFSET %s"
            )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [match, limit, offset])
            # bm25() is lower-is-better; the engine reports higher-is-better.
            return [(int(key), 0.0 - float(score)) for key, score in cursor.fetchall()]

    def _execute(self, sql: str) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(sql)
