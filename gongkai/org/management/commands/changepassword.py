"""Django's `changepassword`, on the record: run from a shell it is still someone setting another person's
password — audited as such (never the hash), the person must choose a new one at the next sign-in and is told."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.management.commands import changepassword
from django.db import transaction

from gongkai.org import accounts
from gongkai.org.models import User


class Command(changepassword.Command):
    def handle(self, *args: Any, **options: Any) -> str | None:
        username = options["username"] or getpass.getuser()
        with transaction.atomic():
            result = super().handle(*args, **options)
            user = User.objects.select_for_update().get(username=username)
            accounts.password_set_from_shell(user=user, command="changepassword")
        return result
