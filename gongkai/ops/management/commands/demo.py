from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.ops.demo import ACCOUNTS, DEMO_ORG_CODE, DEMO_PASSWORD, load_demo
from gongkai.org.models import Organisation


class Command(BaseCommand):
    help = "Load the demo bureau (某市招商局) with an account for every role. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-new", action="store_true", help="Load only when the database holds no organisation yet."
        )
        parser.add_argument("--accounts", action="store_true", help="Print the demo accounts.")
        parser.add_argument(
            "--samples", action="store_true", help="Also publish sample disclosures (once, into an empty bureau)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_new"] and Organisation.objects.exists():
            self.stdout.write("数据库中已有机构数据，未加载演示数据。")
        else:
            org = load_demo(samples=options["samples"])
            self.stdout.write(self.style.SUCCESS(f"演示数据已就绪：{org.name}"))
        if options["accounts"] and Organisation.objects.filter(code=DEMO_ORG_CODE).exists():
            self._print_accounts()

    def _print_accounts(self) -> None:
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.username:<12} {account.full_name}  {account.role}")
        self.stdout.write("")
