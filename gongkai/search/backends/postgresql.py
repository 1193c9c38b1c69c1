"""PostgreSQL engine: a GIN-indexed `tsv tsvector` column and an `exact_text` column on search_searchdocument.

The tsvector is written as a literal built in Python from the very tokens FTS5 gets, which is what the
'simple' configuration makes of pre-tokenised text, without depending on the server's parser or locale.
Title positions carry weight A, so ts_rank puts title matches first. Filters are tag lexemes (`'§aud…'`)
without positions, so audiences and the other filters are part of the one GIN-indexed `@@` condition.

tsvector has two limits: positions stop at 16383, and a lexeme keeps at most 256 of them. Phrase matching
(`<->`) would go wrong beyond either (a long attachment), so such a document is stored without positions and
its normalised text goes to `exact_text`; for it a piece of three or more CJK characters is checked with
strpos() instead of `<->`. Either way the result is exactly FTS5's.

Queries are tsquery literals passed as bound parameters, every lexeme single-quoted with `'` and `\\` escaped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from gongkai.search.backends.base import TITLE_WEIGHT, Filters, IndexEntry, Order, Page
from gongkai.search.tokens import ParsedQuery, Piece

MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256
_LOCK_KEY = 0x5EA7C4  # any constant; names the search index's advisory lock
# ts_rank weights {D, C, B, A}: body tokens are D, title tokens A.
_RANK_WEIGHTS = f"'{{{1.0 / TITLE_WEIGHT:.4f}, 0.2, 0.4, 1.0}}'::float4[]"

# SQL text below is assembled from this module's constants only (hence the S608 waivers); every value,
# user text included, is a bound parameter.
_TABLE = "search_searchdocument"
_PLAN_SETTINGS = ("enable_seqscan", "enable_indexscan")

T = TypeVar("T")


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(entry: IndexEntry) -> tuple[str, str | None]:
    """The tsvector literal and, for a document beyond tsvector's position limits, its exact text."""
    title, body = entry.text.title_tokens, entry.text.body_tokens
    title_positions: defaultdict[str, list[str]] = defaultdict(list)
    for number, token in enumerate(title, 1):
        title_positions[token].append(f"{number}A")  # weight A: ranked above the body
    body_positions: defaultdict[str, list[str]] = defaultdict(list)
    first = len(title) + 2  # one position of gap after the title
    for position, token in zip(map(str, range(first, first + len(body))), body, strict=True):
        body_positions[token].append(position)
    lexemes = title_positions.keys() | body_positions.keys()
    if _fits(len(title) + 1 + len(body), title_positions, body_positions):
        words = [f"{_lexeme(token)}:{_positions(title_positions, body_positions, token)}" for token in lexemes]
        exact = None
    else:
        words = [_lexeme(token) for token in lexemes]
        exact = "\n".join((entry.text.title, entry.text.body, entry.text.extra))
    words.extend(_lexeme(tag) for tag in entry.tags)
    return " ".join(words), exact


def _fits(last: int, title: dict[str, list[str]], body: dict[str, list[str]]) -> bool:
    if last > MAX_POSITION:
        return False
    return all(len(title.get(token, ())) + len(numbers) <= MAX_POSITIONS_PER_LEXEME for token, numbers in body.items())


def _positions(title: dict[str, list[str]], body: dict[str, list[str]], token: str) -> str:
    return ",".join([*title.get(token, ()), *body.get(token, ())])


def _presence(piece: Piece) -> str:
    if piece.kind == "char":
        return f"{_lexeme(piece.text)}:*"
    return " & ".join(map(_lexeme, piece.tokens))


def _phrase(piece: Piece) -> str:
    if piece.kind == "char":
        return f"{_lexeme(piece.text)}:*"
    return "(" + " <-> ".join(map(_lexeme, piece.tokens)) + ")"


def presence_query(query: ParsedQuery) -> str:
    """Every token of every piece, anywhere: what the GIN index can answer by itself."""
    return " & ".join(f"({_presence(piece)})" for piece in query.pieces)


def phrase_query(pieces: Sequence[Piece]) -> str:
    return " & ".join(_phrase(piece) for piece in pieces)


def tags_query(filters: Filters) -> str:
    return " & ".join("(" + " | ".join(map(_lexeme, group)) + ")" for group in filters.groups)


def _long(query: ParsedQuery) -> list[Piece]:
    """Pieces whose tokens must be adjacent (three or more CJK characters)."""
    return [piece for piece in query.pieces if len(piece.tokens) > 1]


def match_condition(query: ParsedQuery, filters: Filters | None) -> tuple[str, list[str]]:
    """The WHERE condition and its parameters: exact substring semantics for every piece."""
    presence = presence_query(query)
    if filters is not None:
        presence = f"({presence}) & {tags_query(filters)}"
    sql, params = "tsv @@ %s::tsquery", [presence]
    long = _long(query)
    if long:
        checks = " AND ".join(["strpos(exact_text, %s) > 0"] * len(long))
        sql += f" AND CASE WHEN exact_text IS NULL THEN tsv @@ %s::tsquery ELSE ({checks}) END"
        params += [phrase_query(long), *(piece.text for piece in long)]
    return sql, params


class PostgresBackend:
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def lock(self) -> None:
        # Sort keys are allocated by looking at the ones taken; concurrent writers must take turns.
        self._execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])

    def add(self, entries: Sequence[IndexEntry]) -> None:
        rows = [(*tsvector_literal(entry), entry.sort_key) for entry in entries]
        with self.connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {_TABLE} SET tsv = %s::tsvector, exact_text = %s WHERE sort_key = %s", rows)  # noqa: S608

    def forget(self, entries: Sequence[IndexEntry]) -> None:
        """Nothing to do: the index is part of the row, replaced or deleted with it."""

    def prepare_rebuild(self) -> None:
        """Nothing: add() overwrites each row's tsvector and exact text."""

    def optimize(self) -> None:
        if self.connection.in_atomic_block:
            self._execute(f"ANALYZE {_TABLE}")
        else:
            self._execute(f"VACUUM (ANALYZE) {_TABLE}")

    def page(self, query: ParsedQuery, filters: Filters, order: Order, offset: int, limit: int) -> Page:
        return self._through_the_index(lambda: self._page(query, filters, order, offset, limit))

    def _page(self, query: ParsedQuery, filters: Filters, order: Order, offset: int, limit: int) -> Page:
        where, params = match_condition(query, filters)
        if limit == 0:
            return Page(self._count(where, params), [])
        # One pass: the window count comes with the page, so the matches are found once.
        if order == "date":
            select, order_by, rank_params = "0.0", "sort_key DESC", []
        else:
            select, order_by = f"ts_rank({_RANK_WEIGHTS}, tsv, %s::tsquery)", "score DESC, sort_key DESC"
            rank_params = [phrase_query(query.pieces)]
        sql = (
            f"SELECT sort_key, {select} AS score, count(*) OVER () FROM {_TABLE} WHERE {where} "  # noqa: S608
            f"ORDER BY {order_by} LIMIT %s OFFSET %s"
        )
        fetched = self._fetch(sql, [*rank_params, *params, limit, offset])
        if not fetched:
            return Page(self._count(where, params) if offset else 0, [])
        return Page(int(fetched[0][2]), [(int(key), float(score)) for key, score, _ in fetched])

    def raw(self, query: ParsedQuery, order: Order, limit: int) -> Page:
        tsquery = phrase_query(query.pieces)
        if order == "date":
            where, params = "tsv @@ %s::tsquery", [tsquery]
            sql = f"SELECT sort_key, 0.0 FROM {_TABLE} WHERE {where} ORDER BY sort_key DESC LIMIT %s"  # noqa: S608
            return Page(self._count(where, params), self._pairs(sql, [tsquery, limit]))
        sql = (
            f"SELECT sort_key, ts_rank({_RANK_WEIGHTS}, tsv, %s::tsquery) AS score FROM {_TABLE} "  # noqa: S608
            "WHERE tsv @@ %s::tsquery ORDER BY score DESC LIMIT %s"
        )
        return Page(None, self._pairs(sql, [tsquery, tsquery, limit]))

    def matching_keys(self, query: ParsedQuery) -> set[int]:
        where, params = match_condition(query, None)
        sql = f"SELECT sort_key FROM {_TABLE} WHERE {where}"  # noqa: S608
        return self._through_the_index(lambda: {int(row[0]) for row in self._fetch(sql, params)})

    def _through_the_index(self, run: Callable[[], T]) -> T:
        """Run queries with the GIN index as the only way in, then put the planner settings back.

        For a common term the planner prefers a sequential scan (or the sort-key index) and evaluates `@@`
        row by row, which detoasts every tsvector: 10-40 times slower than a bitmap scan of the GIN index,
        which needs no recheck unless a phrase is involved, because the planner does not cost the detoasting.
        The settings are transaction-local (a savepoint inside the caller's transaction) and restored before
        the caller's next query; if anything fails, the rollback restores them.
        """
        with transaction.atomic(using=self.connection.alias):
            previous = self._fetch("SELECT current_setting(%s), current_setting(%s)", _PLAN_SETTINGS)[0]
            self._execute("SELECT set_config(%s, 'off', true), set_config(%s, 'off', true)", _PLAN_SETTINGS)
            result = run()
            self._execute(
                "SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
                [_PLAN_SETTINGS[0], previous[0], _PLAN_SETTINGS[1], previous[1]],
            )
        return result

    def _count(self, where: str, params: list[str]) -> int:
        return int(self._fetch(f"SELECT count(*) FROM {_TABLE} WHERE {where}", params)[0][0])  # noqa: S608

    def _pairs(self, sql: str, params: Sequence[Any]) -> list[tuple[int, float]]:
        return [(int(key), float(score)) for key, score in self._fetch(sql, params)]

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def _execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
