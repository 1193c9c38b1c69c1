from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.audit.checkpoint import CheckpointRefused, checkpoint_path, read_checkpoint, write_checkpoint
from gongkai.audit.trail import verify_chain


class Command(BaseCommand):
    help = (
        "Audit trail tools. `audit verify` checks the hash chain, the last checkpoint and the append-only "
        "triggers, and exits non-zero at the first problem; `audit checkpoint` writes a checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["verify", "checkpoint"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "checkpoint":
            self._checkpoint()
        else:
            self._verify()

    def _verify(self) -> None:
        checkpoint = read_checkpoint()
        report = verify_chain(checkpoint=checkpoint, check_triggers=True)
        if not report.ok:
            where = f"在第 {report.broken_seq} 号记录（id={report.broken_id}）处" if report.broken_id else ""
            raise CommandError(f"审计链{where}有问题：{report.reason} （此前 {report.checked} 条完好）")
        if checkpoint is None:
            self.stdout.write(
                self.style.WARNING(
                    f"没有检查点（{checkpoint_path()}）：无法发现最新记录被删除。请运行 audit checkpoint。"
                )
            )
        else:
            self.stdout.write(f"检查点：第 {checkpoint.seq} 号记录，{checkpoint.written_at}，相符。")
        self.stdout.write(self.style.SUCCESS(f"审计链完好：共 {report.checked} 条记录。"))

    def _checkpoint(self) -> None:
        try:
            checkpoint = write_checkpoint()
        except CheckpointRefused as refused:
            raise CommandError(f"未写检查点：审计链校验不通过：{refused}") from None
        if checkpoint is None:
            self.stdout.write("审计记录为空，未写检查点。")
            return
        self.stdout.write(self.style.SUCCESS(f"检查点已写入 {checkpoint_path()}：第 {checkpoint.seq} 号记录。"))
