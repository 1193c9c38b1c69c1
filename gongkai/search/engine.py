"""The search engine's API: index, remove, search. It knows no domain.

Callers (the domain apps) index their items in the same transaction as the change that affects them: every
write here is a plain write on the given connection (default: "default"), committed or rolled back with the
caller's transaction. Nothing is deferred and no other connection is used.

Visibility: the caller states which audience keys a document is shown to (`IndexedDocument.audiences`) and
which keys the current user holds (`search(audiences=...)`); a document is found only if the two share a key.
The keys mean nothing to the engine ("public", "org:zsj", "dept:5", "user:12" …). The check happens inside
the index query, so totals, hits, titles and snippets never include a document the user may not see.

Matching (see `gongkai.search.tokens`): a query is cut into pieces (runs of CJK characters, words of other
letters and digits); a document matches when its title, body or attachment text contains every piece.
A piece of CJK characters matches exactly where the text contains it (one character too); words match whole
words. There are no operators: quotes, `*`, `OR`, `NOT`, brackets are ordinary text (punctuation is ignored).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gongkai.search import tokens as tk
from gongkai.search.backends import for_connection
from gongkai.search.backends.base import Backend, Filters, IndexEntry, Order, Page
from gongkai.search.highlight import Highlighter
from gongkai.search.models import SearchDocument

logger = logging.getLogger(__name__)

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
_KEY_MAX = 100

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class IndexedDocument:
    """One item to index, as the caller describes it. Keys (audiences, forms …) must not contain whitespace."""

    kind: str
    object_id: str
    title: str
    body: str = ""
    extra: str = ""  # e.g. attachment text
    published_at: datetime.datetime
    year: int | None = None  # default: the local year of published_at
    category: str = ""
    department: str = ""
    forms: Collection[str] = ()
    audiences: Collection[str]


@dataclass(frozen=True)
class SearchHit:
    kind: str
    object_id: str
    title: str
    published_at: datetime.datetime
    year: int
    category: str
    department: str
    forms: tuple[str, ...]
    score: float  # higher is better; 0.0 in date order; not comparable between engines
    title_html: SafeString
    snippet_html: SafeString


@dataclass(frozen=True)
class SearchResults:
    query: str  # the cleaned query that was searched
    total: int  # exact number of visible matches
    hits: list[SearchHit] = field(default_factory=list)
    offset: int = 0
    limit: int = 0
    order: Order = "relevance"
    query_error: str = ""  # why nothing was searched (Chinese, for the user)
    notices: tuple[str, ...] = ()  # what the user should know about the results (e.g. query shortened)


@dataclass(frozen=True)
class RawResults:
    total: int | None
    sort_keys: list[int]


# --- writing -------------------------------------------------------------------------------------------------


def index_document(doc: IndexedDocument, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Insert or replace one document (by kind and object_id), in the caller's transaction."""
    index_documents([doc], using=using)


def index_documents(docs: Iterable[IndexedDocument], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Insert or replace many documents at once (bulk writes). A repeated key: the last one wins."""
    latest = {(doc.kind, doc.object_id): _validated(doc) for doc in docs}
    if not latest:
        return
    backend = _backend(using)
    with transaction.atomic(using=using):
        backend.lock()
        existing = _existing_rows(latest.keys(), using)
        backend.forget(_entries_to_forget(existing.values()))
        rows = _rows_for(latest, existing, using)
        SearchDocument.objects.using(using).bulk_create([row for row in rows if row.pk is None])
        for row in rows:
            if row.pk is not None:
                row.save(using=using)
        backend.add([_entry(row) for row in rows])


def remove_document(kind: str, object_id: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remove one document from the index at once (in the caller's transaction); unknown keys are ignored."""
    _remove(SearchDocument.objects.filter(kind=kind, object_id=object_id), using)


def remove_kind(kind: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remove every document of one kind."""
    _remove(SearchDocument.objects.filter(kind=kind), using)


def rebuild_index(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Rebuild the whole index from the stored documents (after a tokenizer change); returns the count."""
    backend = _backend(using)
    documents = SearchDocument.objects.using(using)
    with transaction.atomic(using=using):
        backend.lock()
        backend.prepare_rebuild()
        pks = list(documents.order_by("pk").values_list("pk", flat=True))
        for chunk in _chunks(iter(pks), 500):
            backend.add([_entry(row) for row in documents.filter(pk__in=chunk).order_by("pk")])
        documents.update(tokenizer=tk.TOKENIZER_VERSION)
    return len(pks)


def rebuild_if_stale(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Rebuild (and compact) the index when any document was indexed by another tokenizer version; returns how
    many documents were re-indexed (0: the index was current). Run before serving: a stale document would be
    missed by searches, and removing it would hand FTS5 other tokens than it holds."""
    if not stale_count(using=using):
        return 0
    count = rebuild_index(using=using)
    optimize_index(using=using)
    return count


def optimize_index(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Compact the index after a bulk load (FTS5 optimize; PostgreSQL VACUUM ANALYZE outside a transaction)."""
    _backend(using).optimize()


def stale_count(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """How many documents were indexed by another tokenizer version (then a rebuild is due)."""
    return SearchDocument.objects.using(using).exclude(tokenizer=tk.TOKENIZER_VERSION).count()


def _remove(rows: QuerySet[SearchDocument], using: str) -> None:
    backend = _backend(using)
    documents = SearchDocument.objects.using(using)
    with transaction.atomic(using=using):
        backend.lock()
        pks = list(rows.using(using).values_list("pk", flat=True))
        for chunk in _chunks(iter(pks), 500):
            backend.forget(_entries_to_forget(documents.filter(pk__in=chunk)))
            documents.filter(pk__in=chunk).delete()


def _validated(doc: IndexedDocument) -> IndexedDocument:
    """Programming errors raise ValueError here; text is made storable (no NUL, no lone surrogates)."""
    _check_name("kind", doc.kind, 40)
    _check_name("object_id", doc.object_id, 64)
    _check_keys("audiences", doc.audiences)
    _check_keys("forms", doc.forms)
    _check_keys("category", [doc.category] if doc.category else [])
    _check_keys("department", [doc.department] if doc.department else [])
    year = doc.year if doc.year is not None else timezone.localtime(_aware(doc.published_at)).year
    if not 1 <= year <= 9999:
        raise ValueError(f"search document year {year} is out of range")
    return IndexedDocument(
        kind=doc.kind,
        object_id=doc.object_id,
        title=_storable(doc.title),
        body=_storable(doc.body),
        extra=_storable(doc.extra),
        published_at=_aware(doc.published_at),
        year=year,
        category=doc.category,
        department=doc.department,
        forms=tuple(dict.fromkeys(doc.forms)),
        audiences=tuple(dict.fromkeys(doc.audiences)),
    )


def _check_name(name: str, value: str, longest: int) -> None:
    if not isinstance(value, str) or not value or len(value) > longest or value != value.strip():
        raise ValueError(f"search document {name} {value!r} is empty, longer than {longest} or padded")


def _check_keys(name: str, keys: Collection[str]) -> None:
    if isinstance(keys, str):
        raise ValueError(f"search document {name} must be a collection of keys, not a string")
    for key in keys:
        if not _is_key(key):
            raise ValueError(f"search document {name} key {key!r} is empty, too long or has whitespace")


def _is_key(key: str) -> bool:
    return isinstance(key, str) and 0 < len(key) <= _KEY_MAX and not any(c.isspace() for c in key) and "\0" not in key


def _storable(text: str) -> str:
    return text.replace("\0", "").encode("utf-8", "replace").decode("utf-8")


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _existing_rows(keys: Iterable[tuple[str, str]], using: str) -> dict[tuple[str, str], SearchDocument]:
    by_kind: dict[str, list[str]] = {}
    for kind, object_id in keys:
        by_kind.setdefault(kind, []).append(object_id)
    found: dict[tuple[str, str], SearchDocument] = {}
    for kind, object_ids in by_kind.items():
        for chunk in _chunks(iter(object_ids), 500):
            for row in SearchDocument.objects.using(using).filter(kind=kind, object_id__in=chunk):
                found[(row.kind, row.object_id)] = row
    return found


def _rows_for(
    docs: dict[tuple[str, str], IndexedDocument], existing: dict[tuple[str, str], SearchDocument], using: str
) -> list[SearchDocument]:
    taken: set[int] = set()
    rows = []
    for key, doc in docs.items():
        row = existing.get(key) or SearchDocument(kind=doc.kind, object_id=doc.object_id)
        if row.pk is None or row.published_at != doc.published_at:
            row.sort_key = _free_sort_key(_base_sort_key(doc.published_at), taken, using)
        taken.add(row.sort_key)
        _fill(row, doc)
        rows.append(row)
    return rows


def _fill(row: SearchDocument, doc: IndexedDocument) -> None:
    row.title, row.body, row.extra = doc.title, doc.body, doc.extra
    row.published_at = doc.published_at
    row.year = doc.year or row.published_at.year
    row.category, row.department = doc.category, doc.department
    row.forms, row.audiences = " ".join(doc.forms), " ".join(doc.audiences)
    row.tokenizer = tk.TOKENIZER_VERSION


def _base_sort_key(moment: datetime.datetime) -> int:
    """Microseconds since 1970 (UTC): publication order as an integer."""
    delta = moment - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _free_sort_key(base: int, taken: set[int], using: str) -> int:
    """The first key at or after `base` that no document holds: ties in time keep their indexing order."""
    start = base
    while True:
        window = range(start, start + 64)
        held = set(
            SearchDocument.objects.using(using)
            .filter(sort_key__gte=window.start, sort_key__lt=window.stop)
            .values_list("sort_key", flat=True)
        )
        free = next((key for key in window if key not in held and key not in taken), None)
        if free is not None:
            return free
        start = window.stop


def _entries_to_forget(rows: Iterable[SearchDocument]) -> list[IndexEntry]:
    """What the index holds for these rows, recomputed from what they store (FTS5 needs it to delete)."""
    entries = []
    for row in rows:
        if row.tokenizer != tk.TOKENIZER_VERSION:
            logger.warning(
                "search document %s was indexed by tokenizer %s, not %s: run `gongkai search_index rebuild`",
                row,
                row.tokenizer,
                tk.TOKENIZER_VERSION,
            )
        entries.append(_entry(row))
    return entries


def _entry(row: SearchDocument) -> IndexEntry:
    text = tk.document_text(row.title, row.body, row.extra)
    return IndexEntry(row.sort_key, text, _tags(row))


def _tags(row: SearchDocument) -> tuple[str, ...]:
    tags = [tk.year_tag(row.year)]
    tags += [tk.tag(tk.AUDIENCE, key) for key in row.audience_keys]
    tags += [tk.kind_audience_tag(row.kind, key) for key in row.audience_keys]
    tags += [tk.tag(tk.FORM, key) for key in row.form_keys]
    if row.category:
        tags.append(tk.tag(tk.CATEGORY, row.category))
    if row.department:
        tags.append(tk.tag(tk.DEPARTMENT, row.department))
    return tuple(tags)


# --- reading -------------------------------------------------------------------------------------------------


def search(
    query: str,
    *,
    audiences: Collection[str],
    kinds: Collection[str] | None = None,
    year: int | None = None,
    category: str | None = None,
    department: str | None = None,
    form: str | None = None,
    order: Literal["relevance", "date"] = "relevance",
    offset: int = 0,
    limit: int = 20,
    using: str = DEFAULT_DB_ALIAS,
) -> SearchResults:
    """Search what a user holding `audiences` may see. Never raises on user input.

    Empty filters (None or "") do not filter; `kinds=[]` or no audience keys find nothing.
    `offset` and `limit` are clamped to [0, MAX_OFFSET] and [0, MAX_LIMIT].
    """
    parsed = tk.parse_query(query)
    order = order if order in ("relevance", "date") else "relevance"
    offset, limit = _clamp(offset, MAX_OFFSET), _clamp(limit, MAX_LIMIT)
    base = SearchResults(query=parsed.text, total=0, offset=offset, limit=limit, order=order)
    notices = _notices(parsed)
    if not parsed.pieces:
        return replace(base, query_error=_query_error(parsed), notices=notices)
    filters = _filters(audiences, kinds, year, category, department, form)
    if filters is None:
        return replace(base, notices=notices)
    backend = _backend(using)
    page = _guarded(lambda: backend.page(parsed, filters, order, offset, limit), using)
    if page is None:
        return replace(base, query_error=_("检索暂时无法完成，请稍后再试。"), notices=notices)
    hits = _hits(page, parsed, using)
    return replace(base, total=page.total or 0, hits=hits, notices=notices)


def raw_search(
    query: str, *, order: Literal["relevance", "date"] = "relevance", limit: int = 20, using: str = DEFAULT_DB_ALIAS
) -> RawResults:
    """The engine's own query for the same pieces, with no filtering beyond the match, for benchmarks.

    Date order: the count and the newest `limit`; relevance: the best `limit` by bm25 (SQLite) or ts_rank
    (PostgreSQL), not counted. Nothing is fetched from the document rows.
    """
    parsed = tk.parse_query(query)
    if not parsed.pieces:
        return RawResults(0, [])
    page = _backend(using).raw(parsed, order, limit)
    return RawResults(page.total, [key for key, _score in page.rows])


def matching_sort_keys(query: str, *, using: str = DEFAULT_DB_ALIAS) -> set[int]:
    """Sort keys of every document matching the query, with no filter (for recall measurements)."""
    parsed = tk.parse_query(query)
    return _backend(using).matching_keys(parsed) if parsed.pieces else set()


def _filters(
    audiences: Collection[str],
    kinds: Collection[str] | None,
    year: int | None,
    category: str | None,
    department: str | None,
    form: str | None,
) -> Filters | None:
    """The tag groups to require, or None when nothing can be visible."""
    groups = [_group(tk.AUDIENCE, audiences) if kinds is None else _kind_audience_group(kinds, audiences)]
    if year is not None:
        valid_year = isinstance(year, int) and not isinstance(year, bool) and 1 <= year <= 9999
        groups.append((tk.year_tag(year),) if valid_year else ())
    for prefix, value in ((tk.CATEGORY, category), (tk.DEPARTMENT, department), (tk.FORM, form)):
        if value:
            groups.append(_group(prefix, [value]))
    if any(not group for group in groups):
        return None
    return Filters(tuple(groups))


def _kind_audience_group(kinds: Collection[str], audiences: Collection[str]) -> tuple[str, ...]:
    kinds, audiences = _keys(kinds), _keys(audiences)
    return tuple(sorted({tk.kind_audience_tag(kind, key) for kind in kinds for key in audiences}))


def _keys(keys: Collection[str] | str) -> list[str]:
    """The valid keys of a collection (a lone key passed where a collection was meant counts as one)."""
    if isinstance(keys, str):
        keys = [keys]
    return [key for key in keys if isinstance(key, str) and _is_key(key)]


def _group(prefix: str, keys: Collection[str] | str) -> tuple[str, ...]:
    return tuple(sorted({tk.tag(prefix, key) for key in _keys(keys)}))


def _hits(page: Page, parsed: tk.ParsedQuery, using: str) -> list[SearchHit]:
    keys = [key for key, _score in page.rows]
    rows = {row.sort_key: row for row in SearchDocument.objects.using(using).filter(sort_key__in=keys)}
    highlighter = Highlighter(parsed)
    return [_hit(rows[key], score, highlighter) for key, score in page.rows if key in rows]


def _hit(row: SearchDocument, score: float, highlighter: Highlighter) -> SearchHit:
    return SearchHit(
        kind=row.kind,
        object_id=row.object_id,
        title=row.title,
        published_at=row.published_at,
        year=row.year,
        category=row.category,
        department=row.department,
        forms=tuple(row.form_keys),
        score=score,
        title_html=highlighter.title_html(row.title),
        snippet_html=highlighter.snippet_html([row.body, row.extra]),
    )


def _notices(parsed: tk.ParsedQuery) -> tuple[str, ...]:
    if parsed.truncated:
        return (_("检索词过长，只按前 %(count)d 个字符检索。") % {"count": tk.MAX_QUERY_CHARS},)
    return ()


def _query_error(parsed: tk.ParsedQuery) -> str:
    if parsed.blank:
        return _("请输入要检索的文字。")
    return _("检索词中没有可检索的文字或数字；标点和符号不参与检索。")


def _clamp(value: object, maximum: int) -> int:
    if isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value))
        except ValueError:
            return 0
    return min(max(number, 0), maximum)


def _guarded(run: Callable[[], T], using: str) -> T | None:
    """Run a read; a database error is logged and reported as None instead of reaching the user.

    Inside a transaction the read runs in a savepoint, so a failure cannot spoil the caller's transaction.
    Outside one no transaction is opened: with SQLite's IMMEDIATE mode that would take the write lock.
    """
    try:
        if connections[using].in_atomic_block:
            with transaction.atomic(using=using):
                return run()
        return run()
    except DatabaseError:
        logger.exception("search query failed")
        return None


def _backend(using: str) -> Backend:
    return for_connection(connections[using])


def _chunks(items: Iterable[T], size: int) -> Iterable[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
