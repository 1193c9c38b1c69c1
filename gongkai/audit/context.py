"""Who is asking, from where: set once per request by the middleware, read by the audit entry point."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

request_ip: ContextVar[str | None] = ContextVar("gongkai_request_ip", default=None)
# The signed-in user of the current request, for the few records written from third-party signals
# (sign-in lockouts lifted in the admin) where no caller can pass the actor.
request_user: ContextVar[Any] = ContextVar("gongkai_request_user", default=None)
