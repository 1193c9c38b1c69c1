"""Django's `createsuperuser`, on the record (the account created from a shell is audited with its values).

A superuser flag opens nothing in gongkai — the admin and every right follow from roles (`org.permissions`) —
so this is only the way to make the very first account of a fresh installation, which then needs its
system role set (by a second administrator for the three administrator accounts)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.management.commands import createsuperuser
from django.db import transaction
from django.db.models import Max

from gongkai.org import accounts
from gongkai.org.models import User


class Command(createsuperuser.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            last = User.objects.aggregate(last=Max("pk"))["last"] or 0
            super().handle(*args, **options)
            for user in User.objects.filter(pk__gt=last):
                accounts.account_created_from_shell(user=user, command="createsuperuser")
