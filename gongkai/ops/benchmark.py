"""The platform benchmark: a synthetic corpus of published disclosures, search through the platform's own
search function, and HTTP throughput of the reading pages next to the framework's floor.

`gongkai benchmark` drives it. The corpus text comes from the search benchmark's seeded generator
(`gongkai.search.bench.Corpus`); here it becomes real `Disclosure` rows of the demo bureau, with their
forms, attachments' text, index numbers and search documents. The rows are bulk-created: this is a
benchmark corpus, not the per-item workflow (no drafts, reviews or approvals, one transition and one audit
record for the whole load), but every published item is what publishing leaves behind (state, published_at,
index number, scope, forms, publishable attachment text, and its search document through
`indexing.document_for` and `engine.index_documents`).

Everything here runs against Django's default database: the command points that at a bench file first.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.utils import timezone

from gongkai.audit.trail import record
from gongkai.catalog.models import Catalog, Entry, Form, Scope
from gongkai.catalog.visibility import admitted_scopes
from gongkai.disclosures import browse, indexing, richtext
from gongkai.disclosures.models import Attachment, Disclosure, Transition
from gongkai.disclosures.visibility import audiences_of, readable_now
from gongkai.ops.demo import load_demo
from gongkai.org.models import Organisation, User
from gongkai.search import bench, engine
from gongkai.search.models import SearchDocument

BATCH = 1000
# Scopes of the generated items: most is public, as on a real portal.
SCOPE_SHARES = (
    (Scope.Kind.PUBLIC, 0.70),
    (Scope.Kind.BUREAU, 0.15),
    (Scope.Kind.PARTY, 0.10),
    (Scope.Kind.LIMITED, 0.05),
)
NOTE = "基准测试语料（批量生成，未经逐项流程）"

Log = Callable[[str], None]


def _rng(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - reproducible test data, not secrets


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


# --- the corpus ----------------------------------------------------------------------------------------------


def build_corpus(size: int, seed: int, *, log: Log = lambda _line: None) -> float:
    """Load the demo bureau and `size` published disclosures into the default database; returns seconds."""
    started = time.perf_counter()
    organisation = load_demo()
    entries = list(
        Entry.objects.filter(catalog__organisation=organisation, catalog__status=Catalog.Status.APPROVED)
        .select_related("department")
        .prefetch_related("forms")
        .order_by("pk")
    )
    if not entries:
        raise RuntimeError("the demo bureau has no approved catalog entry")
    scopes = {scope.kind: scope for scope in Scope.objects.filter(organisation=organisation).order_by("order", "pk")}
    office = User.objects.get(username="office")
    editors = {u.department_id: u for u in User.objects.filter(organisation=organisation, is_department_editor=True)}
    rng = _rng(seed + 17)
    now = timezone.now()
    serials: dict[int, int] = {}
    done = 0
    for docs in _chunks(bench.Corpus(size, seed).documents(), BATCH):
        with transaction.atomic():
            items = [
                _disclosure(doc, rng, organisation, entries, scopes, editors, office, now, serials) for doc in docs
            ]
            Disclosure.objects.bulk_create(items)
            _children(items, docs, rng, entries)
            fresh = (
                Disclosure.objects.filter(pk__in=[item.pk for item in items])
                .select_related("entry", "scope")
                .prefetch_related("forms")
                .order_by("pk")
            )
            engine.index_documents([indexing.document_for(item) for item in fresh])
        done += len(docs)
        if done % 5_000 == 0 or done == size:
            log(f"  {done:,} items built and indexed, {time.perf_counter() - started:.0f} s")
    with transaction.atomic():
        record(actor=None, action="ops.benchmark.corpus", changes={"items": [None, size]}, note=NOTE)
    engine.optimize_index()
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def _disclosure(
    doc: engine.IndexedDocument,
    rng: random.Random,
    organisation: Organisation,
    entries: Sequence[Entry],
    scopes: dict[str, Scope],
    editors: dict[int | None, User],
    office: User,
    now: datetime.datetime,
    serials: dict[int, int],
) -> Disclosure:
    entry = rng.choice(entries)
    draw, kind = rng.random(), Scope.Kind.PUBLIC
    for kind, share in SCOPE_SHARES:  # noqa: B007 - the last kind is the fallback
        if draw < share:
            break
        draw -= share
    published = doc.published_at
    if published > now:  # the generator's dates run to November 2026; nothing is published in the future
        published = bench.START + (published - bench.START) % (now - bench.START)
    year = timezone.localtime(published).year
    serials[year] = serials.get(year, 0) + 1
    body = richtext.plain_to_html(doc.body)
    return Disclosure(
        organisation=organisation,
        entry=entry,
        title=doc.title,
        body=body,
        body_text=richtext.plain_text(body),
        department_id=entry.department_id,
        scope=scopes.get(kind) or scopes[Scope.Kind.PUBLIC],
        state=Disclosure.State.PUBLISHED,
        index_year=year,
        index_serial=serials[year],
        published_at=published,
        created_by=editors.get(entry.department_id, office),
    )


def _children(
    items: list[Disclosure], docs: list[engine.IndexedDocument], rng: random.Random, entries: Sequence[Entry]
) -> None:
    """Forms (those of the item's catalog entry), publishable attachments' text, the publishing transition."""
    forms_of = {entry.pk: list(entry.forms.all()) for entry in entries}
    # Every corpus item is read online (an offline-only item is never indexed or listed): one online form at least.
    online = Form.objects.filter(organisation_id=items[0].organisation_id, is_online=True).first() if items else None
    through = Disclosure.forms.through
    links, attachments, transitions = [], [], []
    for item, doc in zip(items, docs, strict=True):
        forms = forms_of[item.entry_id] or []
        chosen = rng.sample(forms, rng.randint(1, len(forms))) if forms else []
        if online is not None and not any(form.is_online for form in chosen):
            chosen.append(online)
        links += [through(disclosure_id=item.pk, form_id=form.pk) for form in chosen]
        if doc.extra:
            data = doc.extra.encode()
            attachments.append(
                Attachment(
                    disclosure=item,
                    original_name=f"附件{item.pk}.pdf",
                    kind="pdf",
                    size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    stored_name=f"bench-{item.pk}.pdf",
                    text=doc.extra,
                    created_by=item.created_by,
                )
            )
        transitions.append(
            Transition(
                disclosure=item,
                action="publish_online",
                from_state=Disclosure.State.APPROVED,
                to_state=Disclosure.State.PUBLISHED,
                actor=item.created_by,
                comment=NOTE,
            )
        )
    through.objects.bulk_create(links)
    Attachment.objects.bulk_create(attachments)
    Transition.objects.bulk_create(transitions)


# --- search --------------------------------------------------------------------------------------------------


@dataclass
class Recall(bench.Accuracy):
    """The search benchmark's tally, plus whether each first page held only items the reader may read."""

    first_pages_clean: int = 0


@dataclass
class SearchReport:
    terms: list[str]
    timings: bench.Timings
    recall: dict[str, Recall]
    recall_terms: int
    load: tuple[float, float]
    matches: list[int] = field(default_factory=list)


def readers(organisation: Organisation) -> dict[str, Any]:
    return {"anonymous": AnonymousUser(), "staff": User.objects.get(username="staff")}


def measure_search(
    organisation: Organisation, size: int, seed: int, count: int, repeat: int, recall_terms: int, log: Log
) -> SearchReport:
    sample = list(itertools.islice(bench.Corpus(size, seed).documents(), min(size, 2000)))
    terms = bench.queries(sample, count, seed)
    users = readers(organisation)
    timings = bench.Timings(repeat)
    matches = [engine.raw_search(term, order="date").total or 0 for term in terms]  # warms the caches, untimed
    load_before = os.getloadavg()[0]
    log(f"timing {len(terms)} queries …")
    for term in terms:
        for order in ("date", "relevance"):
            for name, user in users.items():
                platform = partial(browse.search_items, user, organisation, term, browse.Filters(), order=order, page=1)
                timings.time(f"search_items() {order}, {name}", platform)
            timings.time(f"raw engine {order}", partial(engine.raw_search, term, order=order))
    load = (load_before, os.getloadavg()[0])
    log(f"checking recall of {min(recall_terms, len(terms))} queries against a substring scan …")
    recall = measure_recall(organisation, terms[:recall_terms], users)
    return SearchReport(terms, timings, recall, min(recall_terms, len(terms)), load, matches)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


class Scan:
    """Every published item's title, plain body and publishable attachment text, in one string to search."""

    def __init__(self, organisation: Organisation) -> None:
        extra: dict[int, list[str]] = {}
        attachments = Attachment.objects.filter(
            disclosure__organisation=organisation, removed=False, purpose=Attachment.Purpose.PUBLISH
        )
        for disclosure_id, text in attachments.values_list("disclosure_id", "text").iterator(chunk_size=2000):
            extra.setdefault(disclosure_id, []).append(text)
        rows = (
            Disclosure.objects.filter(organisation=organisation)
            .filter(readable_now())
            .values_list("pk", "title", "body_text", "scope_id")
            .order_by("pk")
        )
        parts: list[str] = []
        self.ids: list[int] = []
        self.scopes: list[int] = []
        self.starts: list[int] = []
        offset = 0
        for pk, title, body, scope_id in rows.iterator(chunk_size=2000):
            # \0 between fields and \1 between items: no needle (CJK, letters, digits) spans a boundary.
            text = "\0".join([_norm(title), _norm(body), *(_norm(t) for t in extra.get(pk, []))]) + "\1"
            self.ids.append(pk)
            self.scopes.append(scope_id)
            self.starts.append(offset)
            parts.append(text)
            offset += len(text)
        self.text = "".join(parts)

    def matching(self, term: str) -> list[int]:
        """Indexes (into ids) of the items containing the term."""
        needle, found, position = _norm(term), [], 0
        while (position := self.text.find(needle, position)) != -1:
            index = bisect_right(self.starts, position) - 1
            found.append(index)
            position = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return found


def measure_recall(organisation: Organisation, terms: list[str], users: dict[str, Any]) -> dict[str, Recall]:
    """Per reader: what the index finds within their audiences against a substring scan of what they may read;
    and whether `search_items()` reports exactly the scan's count and shows only expected items."""
    scan = Scan(organisation)
    keys = dict(
        (sort_key, (int(object_id), set(audiences.split())))
        for sort_key, object_id, audiences in SearchDocument.objects.filter(kind=indexing.KIND).values_list(
            "sort_key", "object_id", "audiences"
        )
    )
    scanned = {term: scan.matching(term) for term in terms}
    indexed = {term: engine.matching_sort_keys(term) for term in terms}
    results = {}
    for name, user in users.items():
        admitted = set(admitted_scopes(user, organisation).values_list("pk", flat=True))
        audiences = audiences_of(user, organisation)
        tally = Recall()
        for term in terms:
            expected = {scan.ids[i] for i in scanned[term] if scan.scopes[i] in admitted}
            found = {object_id for key in indexed[term] for object_id, held in [keys[key]] if held & audiences}
            page = browse.search_items(user, organisation, term, browse.Filters(), order="date", page=1)
            tally.queries += 1
            tally.expected += len(expected)
            tally.found += len(found)
            tally.correct += len(expected & found)
            tally.exact_queries += expected == found
            tally.totals_exact += page.total == len(expected)
            tally.first_pages_clean += all(f.pk in expected for f in page.found)
        results[name] = tally
    return results


# --- HTTP ----------------------------------------------------------------------------------------------------


@dataclass
class HttpRow:
    label: str
    path: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """gunicorn as `gongkai serve` runs it (sync workers, one per CPU), on a loopback port; always stopped."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int) -> None:
        from gongkai.ops.management.commands.serve import gunicorn_command

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.command = gunicorn_command(f"127.0.0.1:{self.port}", workers)
        self.env, self.log_path = env, log_path
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base}/_bench/floor/", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log_path}")

    def __exit__(self, *_exc: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as answer:  # noqa: S310
                answer.read()
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return int(error.code)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", value.strip()).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> tuple[float, float, float, int, int]:
    """req/s, p50 ms, p99 ms, non-2xx/3xx plus socket errors, requests — from `wrk --latency` output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return rps, p50, p99, errors, requests


def rotation_script(path: Path, paths: Sequence[str]) -> Path:
    """A wrk script that asks for the given paths in turn."""
    quoted = ", ".join(f'"{p}"' for p in paths)
    path.write_text(
        f"local paths = {{{quoted}}}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n",
        encoding="utf-8",
    )
    return path


@dataclass
class WrkSettings:
    threads: int = 2
    connections: int = 32
    seconds: int = 15
    warmup_seconds: int = 8  # a cold worker's first page (templates, translations, an uncached render) is slow
    timeout_seconds: int = 10  # a slow page is measured, not counted as a socket timeout (wrk's default is 2 s)


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    return found


def run_wrk(server: Server, label: str, path: str, settings: WrkSettings, script: Path | None = None) -> HttpRow:
    base = [
        wrk_binary(),
        f"-t{settings.threads}",
        f"-c{settings.connections}",
        f"--timeout={settings.timeout_seconds}s",
    ]
    if script:
        base += ["-s", str(script)]
    url = server.base + path
    if settings.warmup_seconds:
        subprocess.run([*base, f"-d{settings.warmup_seconds}s", url], capture_output=True, check=True)
    done = subprocess.run(
        [*base, f"-d{settings.seconds}s", "--latency", url], capture_output=True, check=True, text=True
    )
    rps, p50, p99, errors, requests = parse_wrk(done.stdout)
    return HttpRow(label, path, rps, p50, p99, errors, requests)


def item_paths(organisation: Organisation, count: int, seed: int) -> list[str]:
    """Public items spread over the corpus, in a seeded order."""
    public = list(browse.readable(AnonymousUser(), organisation).order_by("pk").values_list("pk", flat=True))
    chosen = _rng(seed + 5).sample(public, min(count, len(public)))
    return [f"/items/{pk}/" for pk in chosen]


def measure_http(
    organisation: Organisation, env: dict[str, str], work_dir: Path, settings: WrkSettings, seed: int, log: Log
) -> list[HttpRow]:
    workers = os.cpu_count() or 2
    items = item_paths(organisation, 100, seed)
    script = rotation_script(work_dir / "items.lua", items)
    log_path = work_dir / "gunicorn.log"
    rows: list[HttpRow] = []
    cached_env = {**env, "GONGKAI_BENCHMARK_VIEWS": "true"}
    uncached_env = {**cached_env, "GONGKAI_PAGE_CACHE_SECONDS": "0"}
    plans = [
        (
            cached_env,
            "",
            [
                ("floor (fixed 5 KB page)", "/_bench/floor/", None),
                ("/list/", "/list/", None),
                ("/list/?page=7", "/list/?page=7", None),
                (f"/items/<id>/ ({len(items)} ids)", "/items/", script),
            ],
        ),
        (
            uncached_env,
            " — page cache off",
            [("/list/", "/list/", None), (f"/items/<id>/ ({len(items)} ids)", "/items/", script)],
        ),
    ]
    for server_env, suffix, runs in plans:
        with Server(server_env, log_path, workers) as server:
            for path in ("/list/", "/list/?page=7", items[0]):
                if (status := server.get(path)) != 200:
                    raise RuntimeError(f"{path} answered {status}")
            for label, path, rotation in runs:
                log(f"wrk {label}{suffix} …")
                rows.append(run_wrk(server, label + suffix, path, settings, rotation))
    return rows


# --- the report ----------------------------------------------------------------------------------------------

START_MARK, END_MARK = "<!-- platform:start -->", "<!-- platform:end -->"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        gib = int(memory.split()[1]) / 2**20
    except (OSError, StopIteration):
        gib = 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()") if connection.vendor == "sqlite" else cursor.execute(
            "SELECT version()"
        )
        database = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} CPUs ({model}), {gib:.0f} GiB memory, Python {sys.version.split()[0]}, "
        f"{connection.vendor} {database}"
    )


def _verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def search_lines(report: SearchReport) -> list[str]:
    timings = report.timings
    lines = [
        f"{len(report.terms)} queries of 2–4 characters (`gongkai.search.bench.queries`: half vocabulary terms or "
        f"parts of them, half random substrings of the corpus); unfiltered matches per query: median "
        f"{sorted(report.matches)[len(report.matches) // 2]:,}, max {max(report.matches):,}. Each query ran "
        f"{timings.repeat} time(s) in a row, the fastest counts; load average {report.load[0]:.1f} before, "
        f"{report.load[1]:.1f} after.",
        "",
        "| query (page 1, 20 hits) | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|",
    ]
    for label in sorted(timings.samples):
        p50, p95, worst = timings.row(label)
        lines.append(f"| {label} | {p50:.1f} | {p95:.1f} | {worst:.1f} |")
    raw_relevance = timings.row("raw engine relevance")[1]
    lines += ["", "| target | measured | verdict |", "|---|---|---|"]
    for name in ("anonymous", "staff"):
        p95 = timings.row(f"search_items() date, {name}")[1]
        lines.append(f"| date order p95 ≤ 30 ms ({name}) | {p95:.1f} ms | {_verdict(p95 <= 30)} |")
    for name in ("anonymous", "staff"):
        p95 = timings.row(f"search_items() relevance, {name}")[1]
        ratio = p95 / raw_relevance if raw_relevance else float("inf")
        lines.append(
            f"| relevance p95 ≤ 1.5 × raw ranked p95 ({name}) | {p95:.1f} / {raw_relevance:.1f} ms = {ratio:.2f}× "
            f"| {_verdict(ratio <= 1.5)} |"
        )
    for name, tally in report.recall.items():
        lines.append(
            f"| 100% recall ({name}) | {tally.recall:.4%} ({tally.correct:,} of {tally.expected:,}) "
            f"| {_verdict(tally.correct == tally.expected)} |"
        )
    lines.append("")
    for name, tally in report.recall.items():
        lines.append(
            f"- {name}: against a substring scan of the titles, plain bodies and attachment text of every item "
            f"the reader may see, for {tally.queries} queries: recall {tally.recall:.4f}, precision "
            f"{tally.precision:.4f}; {tally.exact_queries}/{tally.queries} queries exact; `search_items()` total "
            f"equals the scan's count for {tally.totals_exact}/{tally.queries}; its first page holds only "
            f"expected items for {tally.first_pages_clean}/{tally.queries}."
        )
    return lines


def http_lines(rows: list[HttpRow], settings: WrkSettings) -> list[str]:
    floor = next((row for row in rows if row.path == "/_bench/floor/"), None)
    lines = [
        f"`wrk -t{settings.threads} -c{settings.connections} -d{settings.seconds}s --timeout {settings.timeout_seconds}s "
        f"--latency`, after a "
        f"{settings.warmup_seconds} s warm-up of the same URL; gunicorn as `gongkai serve` starts it "
        f"({os.cpu_count()} sync workers, access log on), DEBUG off, database connections kept "
        f"{connection.settings_dict.get('CONN_MAX_AGE')} s, anonymous requests.",
        "",
        "| page | req/s | p50 ms | p99 ms | errors | ÷ floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = f"{row.requests_per_second / floor.requests_per_second:.2f}" if floor else "–"
        lines.append(
            f"| {row.label} | {row.requests_per_second:,.0f} | {row.p50_ms:.2f} | {row.p99_ms:.2f} | {row.errors} "
            f"| {ratio} |"
        )
    listing = next((row for row in rows if row.label == "/list/"), None)
    if floor and listing:
        share = listing.requests_per_second / floor.requests_per_second
        lines += [
            "",
            f"Target: the list page at ≥ 50% of the floor's throughput: {share:.0%} — {_verdict(share >= 0.5)}.",
        ]
    return lines


def size_block(size: int, body: list[str]) -> str:
    return "\n".join([f"<!-- platform:{size}:start -->", *body, f"<!-- platform:{size}:end -->"])


def update_document(path: Path, size: int, block: str, preamble: str) -> None:
    """Replace this size's block inside the platform section (created if missing); keep everything else."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START_MARK not in text:
        text = text.rstrip("\n") + f"\n\n{START_MARK}\n{preamble}\n{END_MARK}\n"
    head, rest = text.split(START_MARK, 1)
    section, tail = rest.split(END_MARK, 1)
    start, end = f"<!-- platform:{size}:start -->", f"<!-- platform:{size}:end -->"
    if start in section and end in section:
        before, after = section.split(start, 1)[0], section.split(end, 1)[1]
        section = before + block + after
    else:
        section = section.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(head + START_MARK + section + END_MARK + tail, encoding="utf-8")
