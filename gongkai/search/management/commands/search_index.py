from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gongkai.audit.trail import record
from gongkai.search.engine import optimize_index, rebuild_index, stale_count
from gongkai.search.tokens import TOKENIZER_VERSION


class Command(BaseCommand):
    help = (
        "Search index tools. `check` counts documents indexed by another tokenizer version (exit 1 if any); "
        "`rebuild` re-indexes every stored document; `optimize` compacts the index after a bulk load."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["check", "rebuild", "optimize"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "rebuild":
            with transaction.atomic():
                count = rebuild_index()
                record(actor=None, action="search.index_rebuild", changes={"documents": [None, count]}, note="command")
            self.stdout.write(self.style.SUCCESS(f"检索索引已重建：{count} 篇文档（分词版本 {TOKENIZER_VERSION}）。"))
        elif options["subcommand"] == "optimize":
            optimize_index()  # VACUUM on PostgreSQL: outside any transaction
            with transaction.atomic():
                record(actor=None, action="search.index_optimize", note="command")
            self.stdout.write(self.style.SUCCESS("检索索引已整理。"))
        elif stale := stale_count():
            raise CommandError(f"{stale} 篇文档由旧的分词版本索引，请运行 gongkai search_index rebuild。")
        else:
            self.stdout.write(self.style.SUCCESS(f"检索索引与分词版本 {TOKENIZER_VERSION} 一致。"))
