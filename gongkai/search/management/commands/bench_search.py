"""`gongkai bench_search`: build a synthetic corpus in a throwaway database and measure the search engine.

The benchmark never touches the platform's own database: it opens a second connection (alias "bench") to
--database-url, by default the SQLite file var/bench/search-<size>.sqlite3, migrates it, indexes the corpus
there and measures there. For PostgreSQL, create an empty database first (`createdb gongkai_bench`) and pass
--database-url postgres://…/gongkai_bench. The database name must contain "bench": its search documents are
deleted at the start of every run (unless --reuse finds the corpus already built).
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from gongkai.search import bench, engine
from gongkai.search.models import SearchDocument

ALIAS = "bench"
BATCH = 1000
GIN_INDEX = "search_searchdocument_tsv"  # as created by migration search 0002


class Command(BaseCommand):
    help = "Benchmark the search engine on a reproducible synthetic Chinese corpus (writes only to a bench database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=10_000, help="number of documents (default 10000)")
        parser.add_argument("--queries", type=int, default=200, help="number of 2–4-character queries")
        parser.add_argument("--seed", type=int, default=20260101)
        parser.add_argument("--database-url", default="", help="default: sqlite:///var/bench/search-<size>.sqlite3")
        parser.add_argument("--reuse", action="store_true", help="keep the corpus if the bench database has it")
        parser.add_argument("--build-only", action="store_true", help="build the corpus, measure nothing")
        parser.add_argument(
            "--recall-docs", type=int, default=10_000, help="documents scanned for recall/precision (default 10000)"
        )
        parser.add_argument("--output", default="", help="also write the Markdown report to this file")
        parser.add_argument(
            "--repeat", type=int, default=3, help="runs per query; the fastest counts (default 3, 1 for no repeat)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        size: int = options["size"]
        url = options["database_url"] or f"sqlite:///{Path(settings.VAR_DIR) / 'bench' / f'search-{size}.sqlite3'}"
        self._open(url, fresh=not options["reuse"])
        corpus = bench.Corpus(size, options["seed"])
        sample_size = min(size, options["recall_docs"])
        built = SearchDocument.objects.using(ALIAS).filter(kind=bench.KIND).count()
        if options["reuse"] and built == size:
            sample, build_seconds = self._sample(corpus, sample_size), None
        else:
            sample, build_seconds = self._build(corpus, sample_size)
        if options["build_only"]:
            self.stdout.write(f"built {size} documents in {build_seconds:.0f} s")
            return
        terms = bench.queries(sample, options["queries"], options["seed"])
        self.stderr.write(f"measuring {len(terms)} queries …")
        load_before = os.getloadavg()[0]
        timings = bench.measure_speed(terms, ALIAS, options["repeat"])
        chars = bench.single_characters(options["seed"])
        char_timings = bench.measure_speed(chars, ALIAS, options["repeat"])
        keys = dict(SearchDocument.objects.using(ALIAS).filter(kind=bench.KIND).values_list("object_id", "sort_key"))
        self.stderr.write(f"checking recall on {len(sample)} documents …")
        load = (load_before, os.getloadavg()[0])
        accuracy = bench.measure_accuracy(terms, sample, keys, sample_size == size, ALIAS)
        report = self._report(options, sample_size, build_seconds, load, timings, char_timings, accuracy)
        self.stdout.write(report)
        if options["output"]:
            Path(options["output"]).write_text(report, encoding="utf-8")

    def _open(self, url: str, *, fresh: bool) -> None:
        config = dj_database_url.parse(url)
        if "bench" not in str(config["NAME"]):
            raise CommandError(f"refusing to use {config['NAME']!r}: a bench database name must contain 'bench'")
        if config["ENGINE"] == "django.db.backends.sqlite3":
            path = Path(str(config["NAME"]))
            path.parent.mkdir(parents=True, exist_ok=True)
            if fresh:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            config["OPTIONS"] = {
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        databases = {"default": settings.DATABASES["default"], ALIAS: config}
        connections.settings[ALIAS] = connections.configure_settings(databases)[ALIAS]
        call_command("migrate", database=ALIAS, verbosity=0, interactive=False)
        if fresh and connections[ALIAS].vendor == "postgresql":
            with connections[ALIAS].cursor() as cursor:
                cursor.execute("TRUNCATE search_searchdocument")

    def _build(self, corpus: bench.Corpus, sample_size: int) -> tuple[list[engine.IndexedDocument], float]:
        self.stderr.write(f"building {corpus.size} documents …")
        started = time.perf_counter()
        postgres = connections[ALIAS].vendor == "postgresql"
        if postgres:  # a bulk load: build the GIN index once at the end rather than row by row
            _execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        sample: list[engine.IndexedDocument] = []
        batch: list[engine.IndexedDocument] = []
        for doc in corpus.documents():
            if len(sample) < sample_size:
                sample.append(doc)
            batch.append(doc)
            if len(batch) == BATCH:
                engine.index_documents(batch, using=ALIAS)
                batch = []
                done = int(doc.object_id) + 1
                if done % 10_000 == 0:
                    self.stderr.write(f"  {done} indexed, {time.perf_counter() - started:.0f} s")
        engine.index_documents(batch, using=ALIAS)
        if postgres:
            _execute("SET maintenance_work_mem = '512MB'")
            _execute(f"CREATE INDEX {GIN_INDEX} ON search_searchdocument USING gin (tsv)")
        engine.optimize_index(using=ALIAS)
        if connections[ALIAS].vendor == "sqlite":
            with connections[ALIAS].cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return sample, time.perf_counter() - started

    @staticmethod
    def _sample(corpus: bench.Corpus, sample_size: int) -> list[engine.IndexedDocument]:
        documents = corpus.documents()
        return [next(documents) for _ in range(sample_size)]

    def _report(
        self,
        options: dict[str, Any],
        sample_size: int,
        build_seconds: float | None,
        load: tuple[float, float],
        timings: bench.Timings,
        char_timings: bench.Timings,
        accuracy: bench.Accuracy,
    ) -> str:
        connection = connections[ALIAS]
        lines = [
            f"### {_engine_name()}, {options['size']:,} documents (seed {options['seed']})",
            "",
            f"Machine: {os.cpu_count()} CPUs, {_cpu_model()}, Python {platform.python_version()}; "
            f"load average {load[0]:.1f} before and {load[1]:.1f} after the timings. "
            f"Database: {connection.settings_dict['NAME']} ({_database_size()}). "
            + (f"Build (generate, tokenise, index, optimise): {build_seconds:.0f} s." if build_seconds else "Reused."),
            "",
            f"{len(timings.totals)} queries of 2–4 characters (half vocabulary, half random substrings of the corpus); "
            f"matches per query (unfiltered): median {_median(timings.totals):,}, max {max(timings.totals):,}. "
            + (
                f"Each query ran {options['repeat']} times in a row; the fastest run counts."
                if options["repeat"] > 1
                else "Each query ran once."
            ),
            "",
            "| query | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lines += [_row(label, timings, label) for label in sorted(timings.samples)]
        lines += [_row(f"1 character: {label}", char_timings, label) for label in sorted(char_timings.samples)]
        lines += ["", _ratio_line(timings), "", _accuracy_line(accuracy, sample_size, options["size"]), ""]
        return "\n".join(lines)


def _execute(sql: str) -> None:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute(sql)


def _row(display: str, timings: bench.Timings, label: str) -> str:
    p50, p95, worst = timings.row(label)
    cpu = timings.row(label, cpu=True)
    cpu_cells = f"{cpu[0]:.1f} | {cpu[1]:.1f}" if connections[ALIAS].vendor == "sqlite" else "– | –"
    return f"| {display} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {cpu_cells} |"


def _ratio_line(timings: bench.Timings) -> str:
    sqlite = connections[ALIAS].vendor == "sqlite"
    parts = []
    for name in ("anonymous", "staff"):
        label = f"search() relevance, {name}"
        wall = timings.row(label)[1] / timings.row("raw engine relevance")[1]
        cpu = timings.row(label, cpu=True)[1] / timings.row("raw engine relevance", cpu=True)[1]
        parts.append(f"{name} {wall:.2f}×" + (f" (CPU {cpu:.2f}×)" if sqlite else ""))
    return "Relevance order, p95 of search() ÷ p95 of the raw ranked query: " + ", ".join(parts) + "."


def _accuracy_line(accuracy: bench.Accuracy, sample_size: int, size: int) -> str:
    scope = "the whole corpus" if sample_size == size else f"the first {sample_size:,} documents"
    line = (
        f"Against a substring scan of {scope}: recall {accuracy.recall:.4f}, precision {accuracy.precision:.4f} "
        f"({accuracy.correct:,} of {accuracy.expected:,} expected matches found, {accuracy.found:,} found; "
        f"{accuracy.exact_queries}/{accuracy.queries} queries exact)."
    )
    if accuracy.totals_checked:
        exact, checked = accuracy.totals_exact, accuracy.totals_checked
        line += f" Anonymous totals of search() equal the scan for {exact}/{checked} queries."
    return line


def _median(values: list[int]) -> int:
    return sorted(values)[len(values) // 2] if values else 0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _engine_name() -> str:
    connection = connections[ALIAS]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} (FTS5)"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]} (GIN tsvector)"


def _database_size() -> str:
    connection = connections[ALIAS]
    if connection.vendor == "sqlite":
        size = Path(str(connection.settings_dict["NAME"])).stat().st_size
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('search_searchdocument')")
            size = int(cursor.fetchone()[0])
    return f"{size / 2**20:,.0f} MiB"
