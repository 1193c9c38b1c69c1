from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.env import env_int
from gongkai.ops.processes import supervise
from gongkai.search.engine import rebuild_if_stale


class Command(BaseCommand):
    help = (
        "Serve the platform: gunicorn (static files through WhiteNoise) and, unless GONGKAI_RUN_WORKER=false, "
        "the huey consumer that runs the scheduled tasks; both stop together."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument(
            "--no-worker", action="store_true", help="Start gunicorn only (as GONGKAI_RUN_WORKER=false)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if rebuilt := rebuild_if_stale():
            self.stdout.write(f"gongkai serve: search index rebuilt for the new tokenizer ({rebuilt} documents)")
        commands = {"gunicorn": gunicorn_command(options["bind"], options["workers"])}
        if settings.GONGKAI_RUN_WORKER and not options["no_worker"]:
            commands["run_huey"] = worker_command()
        self.stdout.write("gongkai serve: starting " + " + ".join(commands))
        sys.stdout.flush()
        sys.exit(supervise(commands))


def _log_level() -> str:
    return str(settings.LOGGING["root"]["level"]).lower()  # type: ignore[index]


def gunicorn_command(bind: str, workers: int | None) -> list[str]:
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
    if gunicorn is None:
        raise CommandError("gunicorn is not installed in this environment.")
    workers = workers or env_int("GONGKAI_WEB_WORKERS", 2, minimum=1, maximum=64)
    return [
        gunicorn,
        "gongkai.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--log-level",
        _log_level(),
        "--timeout",
        "60",
        "--graceful-timeout",
        "20",
        # gongkai never uses gunicorn's control interface; its default socket path is shared by every
        # instance on the host, so two instances would compete for it.
        "--no-control-socket",
    ]


def worker_command() -> list[str]:
    """The huey consumer, through the same interpreter and settings (DJANGO_SETTINGS_MODULE is inherited)."""
    return [sys.executable, "-m", "gongkai.cli", "run_huey"]
