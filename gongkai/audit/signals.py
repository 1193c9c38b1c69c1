"""Sign-in events that happen inside Django and django-axes, where no service of ours is the caller:
failed sign-ins, lockouts and lockouts lifted (in the admin, by `axes_reset*`, or by the cool-off running out).
Signals are the only hook into code we do not own; each handler only writes the audit record."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import timezone

from gongkai.audit.context import request_user
from gongkai.audit.trail import record


def _username(value: Any) -> str:
    return str(value or "")[:150]


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = _username(credentials.get("username"))
    with transaction.atomic():
        record(actor=None, action="auth.login_failed", target=("auth.username", username, username))


def on_locked_out(
    sender: Any, request: Any = None, username: Any = None, ip_address: Any = None, **kwargs: Any
) -> None:
    name = _username(username)
    with transaction.atomic():
        record(actor=None, action="auth.locked_out", target=("auth.username", name, name), ip=ip_address)


def _cooloff_over(attempt: Any) -> bool:
    cooloff = datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return bool(attempt.attempt_time and attempt.attempt_time + cooloff <= timezone.now())


def on_attempt_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted AccessAttempt that had reached the limit is a lockout lifted: by whom, or by time."""
    if instance.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return  # failures below the limit forgotten (a successful sign-in resets them): nothing was locked
    expired = _cooloff_over(instance)
    user = None if expired else request_user.get()
    name = _username(instance.username)
    with transaction.atomic():
        record(
            actor=user,
            action="auth.lockout_expired" if expired else "auth.lockout_lifted",
            target=("auth.username", name, name),
            changes={"failures": [instance.failures_since_start, 0], "locked_ip": [instance.ip_address, None]},
        )


def connect() -> None:
    from axes.models import AccessAttempt
    from axes.signals import user_locked_out

    user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="audit_locked_out")
    post_delete.connect(on_attempt_deleted, sender=AccessAttempt, dispatch_uid="audit_lockout_lifted")
