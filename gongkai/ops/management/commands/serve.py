from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.env import env_int


class Command(BaseCommand):
    help = "Serve the platform with gunicorn (static files included through WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("gunicorn is not installed in this environment.")
        workers = options["workers"] or env_int("GONGKAI_WEB_WORKERS", 2, minimum=1, maximum=64)
        log_level = str(settings.LOGGING["root"]["level"]).lower()  # type: ignore[index]
        argv = [
            gunicorn,
            "gongkai.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            "--log-level",
            log_level,
            "--timeout",
            "60",
            "--graceful-timeout",
            "20",
        ]
        sys.stdout.flush()
        os.execv(gunicorn, argv)
