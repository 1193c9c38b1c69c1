"""Refusals that domain operations raise and faces turn into a clear message (never a 500).

Every message is meant for the person who tried: Chinese, specific, and revealing nothing they may not see.
"""

from __future__ import annotations


class Refused(Exception):
    """An operation was refused; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(Refused):
    """The actor may not do this."""


class InvalidState(Refused):
    """The record is not in a state that allows this step (or someone else moved it first)."""


def require(allowed: bool, message: str) -> None:
    """Refuse with `message` unless the actor is allowed (the permission function already answered)."""
    if not allowed:
        raise NotAllowed(message)
