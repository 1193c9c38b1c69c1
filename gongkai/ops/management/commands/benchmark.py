"""`gongkai benchmark`: build a synthetic corpus of published disclosures in a bench database of its own and
measure search (through `browse.search_items`, as the views call it) and HTTP (gunicorn + wrk).

The command never touches the platform's database. It re-runs itself as a child process whose
DATABASE_URL is the SQLite file var/bench/platform-<size>.sqlite3, with DEBUG off, a generated secret key,
no REDIS_URL (the page cache is each process's local memory) and, for the gunicorn it starts,
GONGKAI_BENCHMARK_VIEWS=true (the floor view). The child builds, measures and writes the report.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.disclosures.models import Disclosure
from gongkai.ops import benchmark
from gongkai.ops.demo import load_demo
from gongkai.search.engine import rebuild_if_stale

CHILD_FLAG = "--in-bench-database"


def bench_file(size: int) -> Path:
    return Path(settings.VAR_DIR) / "bench" / f"platform-{size}.sqlite3"


class Command(BaseCommand):
    help = "Benchmark the platform (search and reading pages) on a synthetic corpus, in a bench database of its own."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=10_000, help="number of published items (default 10000)")
        parser.add_argument("--seed", type=int, default=20260101)
        parser.add_argument("--queries", type=int, default=200, help="number of 2–4-character queries (default 200)")
        parser.add_argument("--recall-queries", type=int, default=200, help="queries checked by a substring scan")
        parser.add_argument("--repeat", type=int, default=3, help="runs per query, the fastest counts (default 3)")
        parser.add_argument("--reuse", action="store_true", help="reuse the bench database if it is complete")
        parser.add_argument("--build-only", action="store_true")
        parser.add_argument(
            "--partial", action="store_true", help="with --reuse: measure an incomplete corpus (labelled as such)"
        )
        parser.add_argument("--no-search", action="store_true", help="skip the search measurements")
        parser.add_argument("--no-http", action="store_true", help="skip the HTTP measurements")
        parser.add_argument("--seconds", type=int, default=15, help="wrk duration per URL (default 15)")
        parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
        parser.add_argument("--output", default="", help="update the platform section of this Markdown file")
        parser.add_argument(CHILD_FLAG, action="store_true", help="(internal) run inside the bench database")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["in_bench_database"]:
            self._measure(options)
        else:
            self._spawn(options)

    def _spawn(self, options: dict[str, Any]) -> None:
        path = bench_file(options["size"])
        path.parent.mkdir(parents=True, exist_ok=True)
        if not options["reuse"]:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{path.resolve()}",
            "GONGKAI_DEBUG": "false",
            "GONGKAI_SECRET_KEY": secrets.token_urlsafe(48),
            "GONGKAI_LOG_LEVEL": "warning",
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        }
        env.pop("REDIS_URL", None)
        env.pop("GONGKAI_AUDIT_KEY", None)
        argv = [sys.executable, "-m", "gongkai.cli", "benchmark", *self._arguments(options), CHILD_FLAG]
        done = subprocess.run(argv, env=env, check=False)
        if done.returncode:
            raise CommandError(f"the benchmark failed (exit status {done.returncode})")

    @staticmethod
    def _arguments(options: dict[str, Any]) -> list[str]:
        argv = []
        for name in ("size", "seed", "queries", "recall_queries", "repeat", "seconds", "connections", "output"):
            if options[name] not in ("", None):
                argv += [f"--{name.replace('_', '-')}", str(options[name])]
        for name in ("reuse", "build_only", "partial", "no_search", "no_http"):
            if options[name]:
                argv.append(f"--{name.replace('_', '-')}")
        return argv

    def _measure(self, options: dict[str, Any]) -> None:
        size, seed = options["size"], options["seed"]
        name = str(settings.DATABASES["default"]["NAME"])
        if Path(name).resolve() != bench_file(size).resolve():
            raise CommandError(f"refusing to run in {name!r}: not the bench database {bench_file(size)}")
        log = self.stderr.write
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        published = Disclosure.objects.filter(state=Disclosure.State.PUBLISHED).count()
        build_seconds: float | None = None
        if published == 0:
            log(f"building {size:,} items in {name} …")
            build_seconds = benchmark.build_corpus(size, seed, log=log)
            log(f"built in {build_seconds:.0f} s")
        elif published != size and not options["partial"]:
            raise CommandError(f"{name} holds {published} items, not {size}: run without --reuse")
        elif rebuilt := rebuild_if_stale():
            log(f"search index rebuilt for the current tokenizer: {rebuilt:,} documents")
        if options["build_only"]:
            return
        organisation = load_demo()
        title = f"### {size:,} items (seed {seed})"
        if published and published != size:
            title += f" — corpus incomplete: measured with {published:,} items built"
        body = [title, "", f"Machine: {benchmark.machine()}.", ""]
        body.append(
            f"Corpus build (generate, bulk-create, index, optimise): {build_seconds:.0f} s; database "
            f"{Path(name).stat().st_size / 2**20:,.0f} MiB."
            if build_seconds is not None
            else f"Corpus reused; database {Path(name).stat().st_size / 2**20:,.0f} MiB."
        )
        if not options["no_search"]:
            report = benchmark.measure_search(
                organisation, size, seed, options["queries"], options["repeat"], options["recall_queries"], log
            )
            body += ["", "#### Search", "", *benchmark.search_lines(report)]
        if not options["no_http"]:
            wrk = benchmark.WrkSettings(connections=options["connections"], seconds=options["seconds"])
            env = dict(os.environ)
            rows = benchmark.measure_http(organisation, env, bench_file(size).parent, wrk, seed, log)
            body += ["", "#### Reading pages over HTTP", "", *benchmark.http_lines(rows, wrk)]
        block = benchmark.size_block(size, body)
        self.stdout.write(block)
        if options["output"]:
            benchmark.update_document(Path(options["output"]), size, block, PREAMBLE)


PREAMBLE = """## Platform

Written by `gongkai benchmark`; a rerun replaces only the block of its size. How to rerun:

```
.venv/bin/gongkai benchmark --size 10000 --output docs/benchmarks.md              # builds first (~5 min here)
.venv/bin/gongkai benchmark --size 100000 --build-only                             # ~25–40 min here, 3 GB
.venv/bin/gongkai benchmark --size 100000 --reuse --output docs/benchmarks.md      # measure, same corpus
```
"""
