from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.audit.trail import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools. `audit verify` checks the hash chain and exits non-zero at the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"审计链在第 {report.broken_seq} 号记录（id={report.broken_id}）处断开：{report.reason} "
                f"（此前 {report.checked} 条完好）"
            )
        self.stdout.write(self.style.SUCCESS(f"审计链完好：共 {report.checked} 条记录。"))
