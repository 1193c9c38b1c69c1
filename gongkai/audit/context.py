"""Who is asking, from where: set once per request by the middleware, read by the audit entry point."""

from __future__ import annotations

from contextvars import ContextVar

request_ip: ContextVar[str | None] = ContextVar("gongkai_request_ip", default=None)
