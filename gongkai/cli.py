"""The `gongkai` console command: the platform's management commands under one name.

gongkai serve            run the platform (gunicorn + its worker)
gongkai demo             load the demo bureau (idempotent)
gongkai audit verify     check the audit trail's hash chain
gongkai <command> ...    any other Django management command
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai", *sys.argv[1:]])


if __name__ == "__main__":
    main()
